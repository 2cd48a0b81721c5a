import { parseMinisignPublicKey } from '../core/crypto/minisign';
import type { OpenedBundle } from '../core/handoff';
import { receiptFor, signReceipt } from '../core/handoff/receipt';
import { ReceiptError, verifyReceipt, type SentBundle, type VerifiedReceipt } from '../core/handoff/receipt-verify';
import type { AuditEntry } from '../core/model/audit';
import type { Partner } from '../core/model/partner';
import { EXPORT_AUDIT } from './handoff';
import type { Session, VaultState } from './session';

/*
 * Receipts (docs/bundle-format.md, "Receipts"): what this vault sent and which partner acknowledged it.
 * Both live in the audit log, the sent bundle in the entry of its export and the receipt in an entry of
 * its own: hash-chained, written with the action they record, and readable by everyone who may hand off.
 */

export const RECEIPT_AUDIT = 'handoff.receipt';
/** A bundle with no receipt this many days after it was written is flagged (settings can change it). */
export const DEFAULT_RECEIPT_OVERDUE_DAYS = 7;

export interface RecordedReceipt {
  readonly bundleId: string;
  /** When the partner says it opened the bundle (its signed clock). */
  readonly received: string;
  /** When this vault verified and recorded the receipt. */
  readonly recorded: string;
  readonly keyId: string;
  readonly fingerprint: string;
}

const text = (entry: AuditEntry, key: string) => (typeof entry.details[key] === 'string' ? (entry.details[key] as string) : undefined);

/** Every bundle this vault wrote, oldest first, from the audit entries of its exports. */
export function sentBundles(state: Pick<VaultState, 'audit'>): SentBundle[] {
  return state.audit.flatMap((entry): SentBundle[] => {
    const [bundleId, partnerId, people] = [text(entry, 'bundle'), text(entry, 'partner'), entry.details.count];
    if (entry.action !== EXPORT_AUDIT || bundleId === undefined || partnerId === undefined || typeof people !== 'number') return [];
    const sha256 = text(entry, 'sha256');
    // Exports recorded before the dates were kept are dated by their audit entry.
    return [{ bundleId, partnerId, people, created: text(entry, 'created') ?? entry.at, expires: text(entry, 'expires') ?? '', ...(sha256 && { sha256 }) }];
  });
}

export function recordedReceipts(state: Pick<VaultState, 'audit'>): Map<string, RecordedReceipt> {
  const receipts = new Map<string, RecordedReceipt>();
  for (const entry of state.audit) {
    const [bundleId, received, keyId, fingerprint] = ['bundle', 'received', 'keyId', 'fingerprint'].map((key) => text(entry, key));
    if (entry.action !== RECEIPT_AUDIT || !bundleId || !received || !keyId || !fingerprint) continue;
    receipts.set(bundleId, { bundleId, received, recorded: entry.at, keyId, fingerprint });
  }
  return receipts;
}

export interface HandoffRow {
  readonly sent: SentBundle;
  readonly partner: Partner | undefined;
  readonly receipt: RecordedReceipt | undefined;
  /** No receipt, and the bundle was written at least `overdueDays` ago. */
  readonly overdue: boolean;
}

/** The Handoffs screen's list: every bundle sent, newest first. */
export function handoffRows(state: Pick<VaultState, 'audit' | 'partners' | 'settings'>, now: Date): HandoffRow[] {
  const receipts = recordedReceipts(state);
  const overdueMs = (state.settings.receiptOverdueDays ?? DEFAULT_RECEIPT_OVERDUE_DAYS) * 86_400_000;
  return sentBundles(state)
    .reverse()
    .map((sent) => {
      const receipt = receipts.get(sent.bundleId);
      return { sent, partner: state.partners.get(sent.partnerId), receipt, overdue: receipt === undefined && now.getTime() - Date.parse(sent.created) >= overdueMs };
    });
}

const recording = new WeakMap<Session, Set<string>>();

/**
 * Verifies a receipt (RECEIPT's bytes and RECEIPT.minisig's text) against this vault's exports and the
 * pinned, verified key of the partner each went to, then records it. Refusals are ReceiptErrors and
 * store nothing.
 */
export async function importReceipt(session: Session, file: Uint8Array, signature: string): Promise<VerifiedReceipt> {
  session.authorize('handoff');
  const inFlight = recording.get(session) ?? new Set<string>();
  recording.set(session, inFlight);
  const state = session.getSnapshot();
  const sent = new Map(sentBundles(state).map((s) => [s.bundleId, s]));
  const verified = await verifyReceipt(file, signature, {
    sent: (id) => sent.get(id),
    partnerKey: (id) => {
      const partner = state.partners.get(id);
      return partner?.signingKey && partner.verified ? parseMinisignPublicKey(partner.signingKey) : undefined;
    },
    hasReceipt: (id) => inFlight.has(id) || recordedReceipts(session.getSnapshot()).has(id),
  });
  const { bundleId, received } = verified.receipt;
  if (inFlight.has(bundleId)) throw new ReceiptError('duplicate', `a receipt for bundle ${bundleId} is already being recorded`);
  inFlight.add(bundleId);
  try {
    await session.recordAudit(RECEIPT_AUDIT, { bundle: bundleId, partner: verified.sent.partnerId, received, keyId: verified.signer.keyId, fingerprint: verified.signer.fingerprint });
  } finally {
    inFlight.delete(bundleId);
  }
  return verified;
}

/**
 * The receipt this vault gives for a bundle it imported (app to app): signed with the organisation's
 * key, the one the sender pinned for us.
 */
export async function receiptForImport(session: Session, bundle: OpenedBundle, bundleFile: Uint8Array, now: Date): Promise<{ file: Uint8Array; signature: string }> {
  session.authorize('handoff');
  const { signing } = session.orgKeys();
  return signReceipt(await receiptFor(bundle.manifest, bundleFile, now), { keyId: signing.keyId, secretKey: signing.secretKey });
}
