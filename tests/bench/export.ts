import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { generateMinisignKeyPair } from '../../src/core/crypto/minisign';
import { buildSignedArchive, encryptBundle, minimise, openBundle, type ExportProfile, type HandoffSource } from '../../src/core/handoff';
import { DAY_MS, fold, isoDay, staysOf } from '../../src/core/occupancy';
import type { SeedData } from './seed';

/**
 * export1kMs: building, signing and sealing a bundle of 1,000 people with src/core/handoff, in Node
 * (where main runs it). Each person's latest stay from the occupancy fold becomes their summary; the
 * profile is a typical resettlement handoff (legal name and phone ticked, notes not).
 */
const PROFILE: ExportProfile = { legalName: true, phone: true, notes: false };

export function handoffSources(d: SeedData, count: number): HandoffSource[] {
  const state = fold(d.events, d.layout);
  const out: HandoffSource[] = [];
  for (const p of d.people) {
    if (out.length === count) break;
    const stay = staysOf(state.persons.get(p.id) ?? []).at(-1);
    if (!stay) continue;
    const until = stay.departedAt ?? d.endMs;
    out.push({
      alias: p.alias,
      birthYear: p.birthYear,
      languages: p.languages,
      needs: p.needs.filter((n) => n.status !== 'done').map((n) => n.kind),
      staySummary: {
        arrived: isoDay(stay.arrivedAt),
        departed: stay.departedAt === undefined ? undefined : isoDay(stay.departedAt),
        daysInShelter: Math.floor((until - stay.arrivedAt) / DAY_MS),
      },
      outcome: stay.departure?.outcome,
      legalName: p.legalName,
      phone: p.phone,
      notes: p.notes,
    });
  }
  return out;
}

export async function measureExport(d: SeedData, options: { count?: number; runs?: number } = {}) {
  const count = options.count ?? 1000;
  const runs = options.runs ?? 5;
  const sources = handoffSources(d, count);
  const signer = await generateMinisignKeyPair();
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const times: number[] = [];
  let sealed: Uint8Array = new Uint8Array();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const payload = minimise(sources, PROFILE);
    const { archive } = await buildSignedArchive({
      payload,
      manifestInfo: { senderName: 'Bench Shelter Network', recipients: [recipient], profile: PROFILE, created: new Date(d.endMs), expires: new Date(d.endMs + 30 * DAY_MS) },
      signingKey: signer.secretKey,
    });
    sealed = await encryptBundle(archive, [recipient]);
    times.push(performance.now() - t);
  }
  // Not timed: the partner can open what was measured, so the figure is for a real bundle.
  const opened = await openBundle(sealed, { identities: [identity], trustedSigners: [signer.publicKey], now: new Date(d.endMs), alreadyImported: () => false });
  if (opened.payload.people.length !== sources.length) throw new Error('bench: the export bundle does not round-trip');
  const sorted = [...times].sort((a, b) => a - b);
  return { export1kMs: sorted[Math.floor(sorted.length / 2)] as number, firstMs: times[0] as number, runs: times, people: sources.length, bytes: sealed.length };
}
