import type { RequestOf, ResponseOf } from '../core/api';
import { fromBase64, toBase64 } from '../core/crypto/bytes';
import { encodeMinisignPublicKey, minisignKeyIdHex, parseMinisignPublicKey } from '../core/crypto/minisign';
import { BundleError } from '../core/handoff/errors';
import type { Partner } from '../core/model/partner';
import { availabilityAt, type Availability, type HouseAvailability } from '../core/network/availability';
import { buildAvailabilityArchive, openAvailabilityBundle } from '../core/network/bundle';
import type { ReceivedAvailability } from '../core/network/received';
import { HandoffInputError } from './handoff';
import { occupancyOf } from './operations';
import type { Session, VaultState } from './session';

/*
 * Availability between houses (docs/bundle-format.md, "Availability reports"): a sibling vault signs a
 * report of counts with its organisation key and encrypts it to the coordinator, a partner it pinned;
 * the coordinator keeps the newest report of each sibling whose key it pinned and verified (the
 * Partners screen pins both).
 */

/** A report older than this many hours is marked stale on the Network screen (settings can change it). */
export const DEFAULT_STALE_HOURS = 24;

/** The report as of now, from this vault's houses, stays and waiting people. */
export function currentAvailability(session: Session, now: Date): Availability {
  return availabilityAt(occupancyOf(session).current(), [...session.getSnapshot().people.values()], now.toISOString());
}

export type AvailabilityExportResponse = ResponseOf<'network.exportReport'>;

/** Signs the report and hands it to main, which checks it, encrypts it to the coordinator and writes it. */
export async function sendAvailability(
  session: Session,
  coordinatorId: string,
  now: Date,
  send: (request: Omit<RequestOf<'network.exportReport'>, 'language'>) => Promise<AvailabilityExportResponse>,
): Promise<AvailabilityExportResponse> {
  session.authorize('handoff');
  // The report counts the people waiting for a bed: every identity must be open.
  await session.people.whenOpen();
  const state = session.getSnapshot();
  const coordinator = state.partners.get(coordinatorId);
  if (!coordinator) throw new HandoffInputError('unknown-partner', 'no such partner');
  if (!coordinator.recipients?.length) throw new HandoffInputError('no-recipients', 'the coordinator has no age recipient');
  if (!coordinator.verified) throw new HandoffInputError('not-verified', "the coordinator's keys have not been verified out of band");
  const { signing } = session.orgKeys();
  const { archive } = await buildAvailabilityArchive({
    report: currentAvailability(session, now),
    recipients: coordinator.recipients,
    signingKey: { keyId: signing.keyId, secretKey: signing.secretKey },
  });
  return send({
    archive: toBase64(archive),
    recipients: coordinator.recipients,
    orgSigningPublicKey: encodeMinisignPublicKey({ keyId: signing.keyId, publicKey: signing.publicKey }),
  });
}

const storing = new WeakMap<Session, Set<string>>();

/**
 * Opens a report (base64 from main's open dialog) with the organisation's age identity, against the
 * keys of the pinned, verified partners only, and stores it as that sibling's newest. A report no newer
 * than the one stored (a replay, or an older file) is refused as 'replayed' and nothing changes. Every
 * refusal is a BundleError.
 */
export async function importAvailability(session: Session, bytes: string, now: Date): Promise<ReceivedAvailability> {
  session.authorize('handoff');
  const siblings = [...session.getSnapshot().partners.values()].flatMap((partner): { partner: Partner; key: ReturnType<typeof parseMinisignPublicKey> }[] =>
    partner.signingKey && partner.verified ? [{ partner, key: parseMinisignPublicKey(partner.signingKey) }] : [],
  );
  let file: Uint8Array;
  try {
    file = fromBase64(bytes);
  } catch {
    throw new BundleError('damaged', 'the file is not readable');
  }
  const { document, signer } = await openAvailabilityBundle(file, {
    identities: [session.orgKeys().ageIdentity],
    trustedSigners: siblings.map((s) => s.key),
  });
  const sibling = siblings.find((s) => minisignKeyIdHex(s.key.keyId) === minisignKeyIdHex(signer.keyId))!.partner;
  const inFlight = storing.get(session) ?? new Set<string>();
  storing.set(session, inFlight);
  const stored = session.getSnapshot().availability.get(sibling.id);
  if (inFlight.has(sibling.id) || (stored && Date.parse(stored.report.at) >= Date.parse(document.report.at))) {
    throw new BundleError('replayed', `a report from ${sibling.name} as of ${stored?.report.at ?? 'now'} is already stored; this one is not newer`);
  }
  const received: ReceivedAvailability = {
    id: sibling.id,
    reportId: document.reportId,
    received: now.toISOString(),
    signer: document.sender,
    report: document.report,
  };
  inFlight.add(sibling.id);
  try {
    await session.availability.put(received);
  } finally {
    inFlight.delete(sibling.id);
  }
  return received;
}

export interface NetworkRow {
  readonly sibling: Partner | undefined;
  readonly received: ReceivedAvailability;
  readonly ageMs: number;
  readonly stale: boolean;
}

export interface NetworkTotals {
  readonly inService: number;
  readonly used: number;
  readonly freeNow: number;
  readonly freeSoon: number;
  readonly waiting: number;
}

/** The Network screen: each sibling's newest report with its age, and the totals over all of them. */
export function networkView(state: Pick<VaultState, 'availability' | 'partners' | 'settings'>, now: Date): { rows: NetworkRow[]; totals: NetworkTotals } {
  const staleMs = (state.settings.networkStaleHours ?? DEFAULT_STALE_HOURS) * 3_600_000;
  const rows = [...state.availability.values()]
    .map((received) => {
      const ageMs = Math.max(0, now.getTime() - Date.parse(received.report.at));
      return { sibling: state.partners.get(received.id), received, ageMs, stale: ageMs >= staleMs };
    })
    .sort((a, b) => (a.sibling?.name ?? '').localeCompare(b.sibling?.name ?? ''));
  const houses: HouseAvailability[] = rows.flatMap((row) => row.received.report.houses);
  const sum = (pick: (h: HouseAvailability) => number) => houses.reduce((total, h) => total + pick(h), 0);
  const waiting = rows.reduce((total, row) => total + Object.values(row.received.report.waiting).reduce((a, b) => a + b, 0), 0);
  return { rows, totals: { inService: sum((h) => h.inService), used: sum((h) => h.used), freeNow: sum((h) => h.freeNow), freeSoon: sum((h) => h.freeSoon), waiting } };
}
