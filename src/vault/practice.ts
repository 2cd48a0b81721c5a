import type { Language } from '../core/language';
import { inventPracticeWorld, type PracticeWorld } from '../core/practice/generator';
import { newPracticePartnerKeys } from '../core/practice/partner-keys';
import { PRACTICE_PASSPHRASE } from '../core/practice/profile';
import type { Session } from './session';
import { createVault } from './services/create';
import { activeVault, type VaultDeps } from './services/deps';
import { unlockWithPassphrase } from './services/unlock';
import { destroyEverything } from './services/wipe';

/*
 * Practice mode's vault (docs/operators.md, "Practice mode"): the same vault code on practice deps
 * (browserVaultDeps('practice'): its own database and key-file folder), made on first use and filled
 * with an invented world, opened with the practice passphrase, reset in one step.
 */

/** The practice admin's name, in the language the practice world is invented in. */
const PRACTICE_ADMIN: Record<Language, string> = { en: 'Practice admin', ru: 'Учебный администратор' };

/** Opens the practice vault, making and filling it first when there is none. Throws WrongPassphraseError if its passphrase was changed. */
export async function openPractice(deps: VaultDeps, language: Language, seed: number): Promise<Session> {
  if (deps.profile !== 'practice') throw new Error('openPractice needs the practice profile');
  if (await activeVault(deps.db)) return (await unlockWithPassphrase(deps, PRACTICE_PASSPHRASE)).session;
  const { session } = await createVault(deps, { adminName: PRACTICE_ADMIN[language], passphrase: PRACTICE_PASSPHRASE });
  const world = inventPracticeWorld({ seed, now: session.now(), language, partnerKeys: await newPracticePartnerKeys(), adminId: session.user.id });
  await fillPractice(session, world);
  return session;
}

/** Writes an invented world through the session, as a volunteer's typing would be written. */
export async function fillPractice(session: Session, world: PracticeWorld): Promise<void> {
  for (const house of world.houses) await session.houses.put(house);
  for (const room of world.rooms) await session.rooms.put(room);
  for (const bed of world.beds) await session.beds.put(bed);
  await session.partners.put(world.partner);
  await session.batch.write({ people: world.people, events: world.events }, { action: 'practice.fill', details: { count: world.people.length } });
}

/** Practice reset: the practice key files, then the practice database; the real vault is another database and folder. */
export async function resetPractice(deps: VaultDeps): Promise<void> {
  if (deps.profile !== 'practice') throw new Error('resetPractice needs the practice profile');
  await destroyEverything(deps);
}
