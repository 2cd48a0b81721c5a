import type { RequestOf, ResponseOf } from '../core/api';
import { encodeMinisignPublicKey, minisignFingerprint, minisignKeyIdHex, parseMinisignPublicKey, type MinisignPublicKey } from '../core/crypto/minisign';
import {
  BundleError,
  buildSignedArchive,
  checkRecipients,
  handoffSourceOf,
  minimise,
  MINIMAL_PROFILE,
  openBundle,
  peopleFromPayload,
  SENSITIVE_FIELDS,
  stayFacts,
  type ExportProfile,
  type OpenedBundle,
  type Payload,
  type PersonRecord,
  type StayFacts,
} from '../core/handoff';
import { newId } from '../core/model/ids';
import { canExportTo } from '../core/practice/rules';
import { partnerSchema, type Partner } from '../core/model/partner';
import type { Person } from '../core/model/person';
import type { Session, VaultState } from './session';
import { toBase64 } from '../core/crypto/bytes';
import { AppError } from '../core/errors';

/*
 * The renderer's side of handoffs (docs/threat-model.md §12-14): partners and their pinned keys, building and
 * signing an export (the signing key never leaves this session), and opening and merging a received
 * bundle in one vault write. Files are main's business: callers pass its IPC functions in.
 */

export const EXPORT_AUDIT = 'handoff.export';
export const IMPORT_AUDIT = 'handoff.import';
export const DEFAULT_EXPIRY_DAYS = 30;

/** A mistake in what staff asked for (as opposed to a refused bundle); `code` is translated by the UI. */
export class HandoffInputError extends AppError {
  constructor(
    readonly reason:
      | 'bad-recipients'
      | 'bad-signing-key'
      | 'no-keys'
      | 'unknown-partner'
      | 'not-verified'
      | 'no-recipients'
      | 'profile'
      | 'no-people'
      | 'no-consent'
      | 'no-stay'
      | 'expiry'
      | 'sender-name'
      | 'practice-partner',
    message: string,
  ) {
    super(`handoff-${reason}`, message);
    this.name = 'HandoffInputError';
  }
}

// ---- partners ----------------------------------------------------------------------------------

export interface PartnerDraft {
  readonly id?: string;
  readonly name: string;
  readonly contact?: string;
  /** age recipients as typed: one per entry, blank entries ignored. */
  readonly recipients: readonly string[];
  /** The partner's minisign public key: the whole .pub file or its key line; blank for none. */
  readonly signingKey?: string;
  readonly exportProfile: ExportProfile;
}

/** The key line of a minisign public key given as a file or a line; throws HandoffInputError. */
export function minisignKeyLine(text: string): string {
  try {
    return encodeMinisignPublicKey(parseMinisignPublicKey(text.trim())).split('\n')[1]!;
  } catch {
    throw new HandoffInputError('bad-signing-key', 'not a minisign public key');
  }
}

/** Checks age recipients (kind, checksum, no mixing, no repeats); returns them normalised. */
export function parseRecipients(recipients: readonly string[]): string[] {
  const given = recipients.map((r) => r.trim()).filter((r) => r !== '');
  if (given.length === 0) return [];
  try {
    return checkRecipients(given);
  } catch (error) {
    throw new HandoffInputError('bad-recipients', (error as Error).message);
  }
}

/**
 * Adds or edits a partner. A change to its keys clears the "verified out of band" mark: what was
 * checked on the call is no longer what is stored.
 */
export async function savePartner(session: Session, draft: PartnerDraft): Promise<Partner> {
  session.authorize('handoff');
  const recipients = parseRecipients(draft.recipients);
  const signingKey = draft.signingKey?.trim() ? minisignKeyLine(draft.signingKey) : undefined;
  const previous = draft.id === undefined ? undefined : session.getSnapshot().partners.get(draft.id);
  const keysUnchanged =
    previous !== undefined && sameList(previous.recipients ?? [], recipients) && previous.signingKey === signingKey;
  const contact = draft.contact?.trim();
  const partner = partnerSchema.parse({
    id: previous?.id ?? newId(),
    name: draft.name,
    ...(contact && { contact }),
    ...(recipients.length > 0 && { recipients }),
    ...(signingKey && { signingKey }),
    ...(keysUnchanged && previous.verified && { verified: previous.verified }),
    // The practice partner stays the practice partner while its keys are the ones made for it.
    ...(keysUnchanged && previous.practice && { practice: previous.practice }),
    exportProfile: { legalName: draft.exportProfile.legalName, phone: draft.exportProfile.phone, notes: draft.exportProfile.notes },
  });
  await session.partners.put(partner);
  return partner;
}

/** Records that a user compared the partner's keys with the partner over a second channel. */
export async function markPartnerVerified(session: Session, partnerId: string, now: Date): Promise<void> {
  session.authorize('handoff');
  const partner = session.getSnapshot().partners.get(partnerId);
  if (!partner) throw new HandoffInputError('unknown-partner', 'no such partner');
  if (!partner.recipients?.length && !partner.signingKey) throw new HandoffInputError('no-keys', 'the partner has no keys to verify');
  await session.partners.put({ ...partner, verified: { at: now.toISOString(), by: session.user.id } });
}

/** What staff read aloud to compare a minisign key: its fingerprint (see docs/bundle-format.md). */
export async function keyFingerprint(keyLine: string): Promise<string> {
  return minisignFingerprint(parseMinisignPublicKey(keyLine));
}

/** "99cbb81e…" as "99cb b81e …": short groups are easier to read over the phone. */
export function inGroups(text: string, size = 4): string {
  return (text.match(new RegExp(`.{1,${size}}`, 'g')) ?? []).join(' ');
}

export interface OrgPublicKeys {
  /** The organisation's age recipient: partners encrypt bundles for us to it. */
  readonly ageRecipient: string;
  /** minisign public key file text: partners pin it to check our bundles. */
  readonly minisignPublicKey: string;
  readonly keyId: string;
  readonly fingerprint: string;
}

export async function orgPublicKeys(session: Session): Promise<OrgPublicKeys> {
  const { ageRecipient, signing } = session.orgKeys();
  const key: MinisignPublicKey = { keyId: signing.keyId, publicKey: signing.publicKey };
  return { ageRecipient, minisignPublicKey: encodeMinisignPublicKey(key), keyId: minisignKeyIdHex(key.keyId), fingerprint: await minisignFingerprint(key) };
}

// ---- export ------------------------------------------------------------------------------------

export interface ExportCandidate {
  readonly person: Person;
  readonly stay: StayFacts | undefined;
  /** Why this person cannot be picked for this partner. */
  readonly blocked?: 'no-consent' | 'no-stay';
}

/** Everyone, with whether they can go to this partner: consent to share with it, and a recorded stay. */
export function exportCandidates(state: VaultState, partnerId: string, now: Date): ExportCandidate[] {
  return [...state.people.values()]
    .map((person): ExportCandidate => {
      const stay = stayFacts(person.id, state.events, now);
      if (!person.consentToShare.includes(partnerId)) return { person, stay, blocked: 'no-consent' };
      return stay === undefined ? { person, stay, blocked: 'no-stay' } : { person, stay };
    })
    .sort((a, b) => a.person.alias.localeCompare(b.person.alias));
}

export interface ExportChoice {
  readonly partnerId: string;
  readonly personIds: readonly string[];
  /** Sensitive fields ticked for this export: a subset of the partner's profile. */
  readonly profile: ExportProfile;
  readonly expiresInDays: number;
  /** The organisation's name as the partner will see it in the manifest. */
  readonly senderName: string;
}

/** Exactly what will leave, built once for the preview and then signed as shown. */
export interface PreparedExport {
  readonly partner: Partner;
  readonly profile: ExportProfile;
  readonly payload: Payload;
  readonly created: Date;
  readonly expires: Date;
  readonly senderName: string;
}

export function prepareExport(state: VaultState, choice: ExportChoice, now: Date): PreparedExport {
  const partner = state.partners.get(choice.partnerId);
  if (!partner) throw new HandoffInputError('unknown-partner', 'no such partner');
  if (!partner.recipients?.length) throw new HandoffInputError('no-recipients', 'the partner has no age recipient');
  if (!partner.verified) throw new HandoffInputError('not-verified', "the partner's keys have not been verified out of band");
  const allowed = partner.exportProfile ?? MINIMAL_PROFILE;
  const extra = SENSITIVE_FIELDS.find((f) => choice.profile[f] && !allowed[f]);
  if (extra) throw new HandoffInputError('profile', `${extra} is not in this partner's export profile`);
  if (choice.personIds.length === 0) throw new HandoffInputError('no-people', 'pick at least one person');
  if (!Number.isInteger(choice.expiresInDays) || choice.expiresInDays < 1 || choice.expiresInDays > 365) {
    throw new HandoffInputError('expiry', 'expiry must be 1 to 365 days');
  }
  const senderName = choice.senderName.trim();
  if (senderName === '' || senderName.length > 200) throw new HandoffInputError('sender-name', 'the sender name must be 1 to 200 characters');
  const candidates = new Map(exportCandidates(state, partner.id, now).map((c) => [c.person.id, c]));
  const sources = choice.personIds.map((id) => {
    const candidate = candidates.get(id);
    if (!candidate || candidate.blocked === 'no-consent') throw new HandoffInputError('no-consent', 'a picked person has not consented to this partner');
    if (!candidate.stay) throw new HandoffInputError('no-stay', 'a picked person has no recorded stay');
    return handoffSourceOf(candidate.person, candidate.stay);
  });
  const profile = { legalName: choice.profile.legalName, phone: choice.profile.phone, notes: choice.profile.notes };
  return {
    partner,
    profile,
    payload: minimise(sources, profile),
    created: now,
    expires: new Date(now.getTime() + choice.expiresInDays * 86_400_000),
    senderName,
  };
}

export type ExportResponse = ResponseOf<'handoff.export'>;

/**
 * Signs the prepared payload with the organisation's key, hands it to main (which checks, encrypts and
 * writes it), and records the export in the audit log: bundle id, count and partner id, no names.
 */
export async function sendExport(
  session: Session,
  prepared: PreparedExport,
  /** Adds the UI language (main words its save dialog in it) and calls main. */
  send: (request: Omit<RequestOf<'handoff.export'>, 'language'>) => Promise<ExportResponse>,
): Promise<ExportResponse> {
  session.authorize('handoff');
  if (!canExportTo(session.profile, prepared.partner)) {
    throw new HandoffInputError('practice-partner', 'practice exports go only to the practice partner, real ones never to it');
  }
  const { signing } = session.orgKeys();
  const recipients = prepared.partner.recipients ?? [];
  const practice = session.profile === 'practice';
  const { archive } = await buildSignedArchive({
    payload: prepared.payload,
    manifestInfo: { senderName: prepared.senderName, recipients, profile: prepared.profile, created: prepared.created, expires: prepared.expires, practice },
    signingKey: { keyId: signing.keyId, secretKey: signing.secretKey },
  });
  const response = await send({
    archive: toBase64(archive),
    recipients,
    profile: prepared.partner.exportProfile ?? MINIMAL_PROFILE,
    orgSigningPublicKey: encodeMinisignPublicKey({ keyId: signing.keyId, publicKey: signing.publicKey }),
  });
  if (response.status === 'saved') {
    // What the Handoffs screen lists and a receipt is checked against (receipts.ts).
    await session.recordAudit(EXPORT_AUDIT, {
      bundle: response.bundleId,
      count: response.people,
      partner: prepared.partner.id,
      sha256: response.sha256,
      created: prepared.created.toISOString(),
      expires: prepared.expires.toISOString(),
    });
  }
  return response;
}

// ---- import ------------------------------------------------------------------------------------

/**
 * Ids of the bundles this vault has imported. They live in the audit entries of the imports, which are
 * written in the same page as the imported people: the record cannot exist without the import, nor
 * the import without the record, and the hash chain shows if one is removed.
 */
export function importedBundleIds(state: VaultState): Set<string> {
  const ids = new Set<string>();
  for (const entry of state.audit) {
    const bundle = entry.details.bundle;
    if (entry.action === IMPORT_AUDIT && typeof bundle === 'string') ids.add(bundle);
  }
  return ids;
}

export interface ReceivedBundle {
  readonly opened: OpenedBundle;
  /** The partner whose pinned key signed it. */
  readonly partner: Partner;
  /** What the import will store: new Person records. */
  readonly people: readonly Person[];
}

/** Partners whose signing key is pinned and verified: only they can send us bundles. */
function trustedSenders(state: VaultState): { partner: Partner; key: MinisignPublicKey }[] {
  return [...state.partners.values()].flatMap((partner) =>
    partner.signingKey && partner.verified ? [{ partner, key: parseMinisignPublicKey(partner.signingKey) }] : [],
  );
}

/**
 * Opens a received bundle with the organisation's age identity, against the verified partners' keys
 * and this vault's import history, and maps its records to people. Stores nothing; every refusal is a
 * BundleError.
 */
export async function receiveBundle(
  session: Session,
  bytes: Uint8Array,
  now: Date,
  provenance: (record: PersonRecord, bundle: OpenedBundle) => string,
): Promise<ReceivedBundle> {
  session.authorize('handoff');
  const { ageIdentity } = session.orgKeys();
  const senders = trustedSenders(session.getSnapshot());
  const opened = await openBundle(bytes, {
    identities: [ageIdentity],
    trustedSigners: senders.map((s) => s.key),
    now,
    alreadyImported: (id) => importedBundleIds(session.getSnapshot()).has(id),
  });
  const partner = senders.find((s) => minisignKeyIdHex(s.key.keyId) === opened.signer.keyId)!.partner;
  return { opened, partner, people: peopleFromPayload(opened.payload, (record) => provenance(record, opened), now.toISOString()) };
}

const merging = new WeakMap<Session, Set<string>>();

/**
 * Stores the people of a received bundle and the record of its import in ONE page: all or nothing.
 * A bundle already imported (or being imported) is refused as replayed, so the vault is unchanged.
 */
export async function mergeBundle(session: Session, received: ReceivedBundle, now: Date): Promise<void> {
  session.authorize('handoff');
  const { bundleId, expires } = received.opened.manifest;
  const inFlight = merging.get(session) ?? new Set<string>();
  merging.set(session, inFlight);
  if (inFlight.has(bundleId) || importedBundleIds(session.getSnapshot()).has(bundleId)) {
    throw new BundleError('replayed', `bundle ${bundleId} was already imported`);
  }
  // The preview may have stayed open past the bundle's expiry.
  if (Date.parse(expires) <= now.getTime()) throw new BundleError('expired', `the bundle expired on ${expires}`);
  inFlight.add(bundleId);
  try {
    await session.batch.write(
      { people: received.people },
      { action: IMPORT_AUDIT, details: { bundle: bundleId, count: received.people.length, partner: received.partner.id } },
    );
  } finally {
    inFlight.delete(bundleId);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
