import { z } from 'zod';
import { SeqSchema } from '../core/crypto/keyfile';
import { needKindSchema, needStatusSchema, personSchema, text, type Person } from '../core/model';
import { HeadSchema, type HeadFound } from './log-check';

/**
 * Older formats of the records a vault holds, and how each is read today. The page log is
 * append-only, so an old record is never rewritten in place: it is upgraded each time it is read
 * (deterministically: the same vault reads the same) and stored in the current format the next time
 * it is saved. A format that fits neither the current schema nor any step here is damaged.
 *
 * Steps, oldest first:
 * 1. Person needs without a history (before need status changes were dated): each need gets one
 *    change, its status as found, dated at the person's creation and marked `migrated`.
 * 2. A page-log head without the list of live pages (before replays were checked): read as a head
 *    that lists nothing; the page log then trusts the pages it finds once and writes a listed head
 *    (log-check.ts), unless main's key file already keeps a witness, which only this format's
 *    writers keep: then the old head is a replay and is reported.
 */
const needWithoutHistory = z.strictObject({ kind: needKindSchema, status: needStatusSchema, note: text(500).optional() });
const personWithoutNeedHistory = personSchema.extend({ needs: z.array(needWithoutHistory).max(20) });

/**
 * A person record as stored, in any format this app has written, as today's Person. `createdAt` is
 * when the person was first written (asked only for an old record). Throws the current schema's
 * error when the record fits no format.
 */
export function readPerson(stored: unknown, createdAt: () => string): Person {
  const current = personSchema.safeParse(stored);
  if (current.success) return current.data;
  const old = personWithoutNeedHistory.safeParse(stored);
  if (!old.success) throw current.error;
  const at = createdAt();
  return personSchema.parse({ ...old.data, needs: old.data.needs.map((n) => ({ ...n, history: [{ at, status: n.status, migrated: true }] })) });
}

const headWithoutList = z.strictObject({ lastSeq: SeqSchema });

/** A sealed head's plaintext, in either format. Throws the current schema's error when it fits neither. */
export function readHead(stored: unknown): Exclude<HeadFound, { kind: 'missing' | 'unreadable' }> {
  const current = HeadSchema.safeParse(stored);
  if (current.success) return { kind: 'listed', head: current.data };
  const old = headWithoutList.safeParse(stored);
  if (!old.success) throw current.error;
  return { kind: 'unlisted', lastSeq: old.data.lastSeq };
}
