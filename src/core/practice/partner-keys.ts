import { generateX25519Identity, identityToRecipient } from 'age-encryption';

/**
 * The built-in practice partner's age keys, made once for each practice vault. Its identity stays
 * in the practice vault (Partner.practice) so a volunteer can open a practice bundle with the
 * partner CLI; it opens nothing but practice bundles.
 */
export async function newPracticePartnerKeys(): Promise<{ recipient: string; ageIdentity: string }> {
  const ageIdentity = await generateX25519Identity();
  return { ageIdentity, recipient: await identityToRecipient(ageIdentity) };
}
