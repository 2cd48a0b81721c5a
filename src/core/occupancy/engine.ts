import type { Correction, StayEvent } from '../model';
import { violation, type RuleViolation } from './errors';
import { indexLayout, type Layout } from './layout';
import { PMap } from './pmap';
import { compareEntries, lowerBound, type Entry, type Keyed, type OccupancyState, type Rejection } from './state';
import { Sweep } from './sweep';
import { DAY_MS, toMs, type Instant } from './time';

export type ApplyResult = { readonly ok: true; readonly state: OccupancyState } | { readonly ok: false; readonly error: RuleViolation };

interface Timed<E extends StayEvent = StayEvent> extends Keyed {
  readonly event: E;
}

/**
 * Folds the whole log into occupancy. Total: it never throws on bad data; events it cannot apply
 * (two merged vaults that filled one bed, an unknown bed after a layout change, ...) land in
 * `rejected` with their reason, and everything else still counts. Events are trusted to be
 * schema-valid (the vault parses what it decrypts); only the rules are checked here. "Not in the
 * future" needs a clock, so it is checked when events are added (applyAll), not here.
 */
export function fold(events: Iterable<StayEvent>, layout: Layout): OccupancyState {
  const rejected: Rejection[] = [];
  const byId = new Map<string, StayEvent>();
  const dated: Timed[] = [];
  const corrections: Timed<Correction>[] = [];
  let losers: Set<StayEvent> | undefined;
  for (const event of events) {
    const t = timed(event);
    if ('code' in t) {
      rejected.push({ event, violation: t });
      continue;
    }
    const known = byId.get(event.id);
    if (known === undefined) {
      byId.set(event.id, event);
      dated.push(t);
      if (event.type === 'correction') corrections.push(t as Timed<Correction>);
    } else if (!sameEvent(known, event)) {
      // Of two different events sharing an id, every vault keeps the earlier in application order.
      const keepNew = compareEntries(t, timed(known) as Timed) < 0;
      const lose = keepNew ? known : event;
      if (keepNew) {
        byId.set(event.id, event);
        dated.push(t);
        if (event.type === 'correction') corrections.push(t as Timed<Correction>);
      }
      (losers ??= new Set()).add(lose);
      rejected.push({ event: lose, violation: violation.duplicateId(lose) });
    }
  }
  corrections.sort(compareEntries);
  const voided = new Map<string, string>();
  for (const t of corrections) {
    const e = t.event;
    if (losers?.has(e)) continue;
    const problem = voidProblem(e, byId.get(e.voids), voided.get(e.voids));
    if (problem) rejected.push({ event: e, violation: problem });
    else voided.set(e.voids, e.id);
  }
  const candidates: Entry[] = [];
  for (const t of dated) {
    if (t.event.type === 'correction' || (voided.size > 0 && voided.has(t.event.id)) || losers?.has(t.event)) continue;
    candidates.push(t as Entry);
  }
  // The log is kept in recorded order, which is nearly application order; the sort is then close to linear.
  candidates.sort(compareEntries);
  const index = indexLayout(layout);
  const sweep = new Sweep(index, candidates);
  const timeline: Entry[] = [];
  for (const entry of candidates) {
    const problem = sweep.step(entry);
    if (problem) rejected.push({ event: entry.event, violation: problem });
    else timeline.push(entry);
  }
  const { persons, beds } = sweep.result();
  return { layout: index, events: PMap.adopt(byId), voided: PMap.adopt(voided), timeline, persons, beds, rejected };
}

/**
 * Adds events to the log, all or nothing: the result equals fold() of the old events plus these.
 * Back-dated events and corrections re-check every movement after the earliest point they touch, so
 * one that would make a later event invalid is refused (INVALIDATES_LATER_EVENT, naming that event
 * and its own reason). Cost: the movements after that point, not the whole log. An event already
 * present with the same content is a no-op (replayed bundles); with other content it is refused.
 */
export function applyAll(state: OccupancyState, events: readonly StayEvent[], now: Instant): ApplyResult {
  const nowMs = toMs(now);
  const added = new Map<string, StayEvent>();
  const voids = new Map<string, string>();
  const removed = new Set<string>();
  let inserted: Entry[] = [];
  let rejected = state.rejected;
  // The earliest point the batch changes, and the event that changes it there.
  let cut: Entry | undefined;
  let cutCause: StayEvent | undefined;
  const moveCut = (entry: Entry, cause: StayEvent) => {
    if (cut === undefined || compareEntries(entry, cut) < 0) [cut, cutCause] = [entry, cause];
  };

  for (const event of events) {
    const t = timed(event);
    if ('code' in t) return refuse(t);
    const late = timeProblem(t, nowMs);
    if (late) return refuse(late);
    const known = state.events.get(event.id) ?? added.get(event.id);
    if (known !== undefined) {
      if (!sameEvent(known, event)) return refuse(violation.duplicateId(event));
      const refused = rejected.find((r) => r.event === known);
      if (refused) return refuse(refused.violation);
      continue;
    }
    added.set(event.id, event);
    if (event.type !== 'correction') {
      inserted.push(t as Entry);
      moveCut(t as Entry, event);
      continue;
    }
    const target = state.events.get(event.voids) ?? added.get(event.voids);
    const problem = voidProblem(event, target, state.voided.get(event.voids) ?? voids.get(event.voids));
    if (problem || target === undefined) return refuse(problem ?? violation.unknownEvent(event));
    voids.set(target.id, event.id);
    if (added.has(target.id)) {
      inserted = inserted.filter((e) => e.event !== target);
      continue;
    }
    const entry = timed(target) as Entry;
    const inTimeline = state.timeline[lowerBound(state.timeline, entry)]?.event === target;
    if (inTimeline) {
      removed.add(target.id);
      moveCut(entry, event);
    } else {
      rejected = rejected.filter((r) => r.event !== target);
    }
  }
  if (added.size === 0) return { ok: true, state };

  let timeline = state.timeline;
  let { persons, beds } = state;
  if (cut !== undefined && cutCause !== undefined) {
    const from = lowerBound(state.timeline, cut);
    const oldTail = state.timeline.slice(from);
    const newTail = merge(
      oldTail.filter((e) => !removed.has(e.event.id)),
      inserted.sort(compareEntries),
    );
    timeline = state.timeline.slice(0, from).concat(newTail);
    const sweep = new Sweep(state.layout, timeline, persons, beds, cut);
    sweep.resume(oldTail);
    for (const entry of newTail) {
      const problem = sweep.step(entry);
      if (!problem) continue;
      return refuse(added.has(entry.event.id) ? problem : violation.invalidatesLater(cutCause, entry.event, entry.at, problem));
    }
    ({ persons, beds } = sweep.result());
  }
  return {
    ok: true,
    state: {
      layout: state.layout,
      events: state.events.withAll(added),
      voided: state.voided.withAll(voids),
      timeline,
      persons,
      beds,
      rejected,
    },
  };
}

/** One event; see applyAll. */
export function apply(state: OccupancyState, event: StayEvent, now: Instant): ApplyResult {
  return applyAll(state, [event], now);
}

/** Why `event` would be refused now, or undefined if apply() would accept it. */
export function validateEvent(state: OccupancyState, event: StayEvent, now: Instant): RuleViolation | undefined {
  const result = apply(state, event, now);
  return result.ok ? undefined : result.error;
}

function refuse(error: RuleViolation): ApplyResult {
  return { ok: false, error };
}

function timed(event: StayEvent): Timed | RuleViolation {
  const at = Date.parse(event.at);
  return Number.isFinite(at) ? { at, event } : violation.invalidDate(event);
}

/** Neither when it happened nor when it was recorded may be more than a day after `now`. */
function timeProblem(t: Timed, now: number): RuleViolation | undefined {
  const rec = Date.parse(t.event.recordedAt);
  if (!Number.isFinite(rec)) return violation.invalidDate(t.event);
  if (t.at > now + DAY_MS) return violation.futureDate(t.event, t.at);
  if (rec > now + DAY_MS) return violation.futureDate(t.event, rec);
  return undefined;
}

function voidProblem(c: Correction, target: StayEvent | undefined, voidedBy: string | undefined): RuleViolation | undefined {
  if (target === undefined) return violation.unknownEvent(c);
  if (target.type === 'correction') return violation.cannotVoidCorrection(c, target);
  if (voidedBy !== undefined) return violation.alreadyVoided(c, voidedBy);
  return undefined;
}

// Events are flat records of primitives, so comparing own fields is a full comparison.
function sameEvent(a: StayEvent, b: StayEvent): boolean {
  const keys = Object.keys(a) as (keyof StayEvent)[];
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function merge(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareEntries(a[i] as Entry, b[j] as Entry) <= 0 ? (a[i++] as Entry) : (b[j++] as Entry));
  while (i < a.length) out.push(a[i++] as Entry);
  while (j < b.length) out.push(b[j++] as Entry);
  return out;
}
