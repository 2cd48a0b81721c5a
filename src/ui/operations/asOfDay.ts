import { endOfLocalDay, isLocalDay, localDay, systemTimeZone } from '../../core/time/zone';

/** The organisation's time zone: the setting, or the system's when none is set. */
export function orgZone(setting: string | undefined): string {
  return setting ?? systemTimeZone();
}

export interface AsOfDay {
  /** ISO instant the screens show the state at. */
  readonly asOf: string;
  /** The picked day, when it is before today; undefined: live. */
  readonly day: string | undefined;
  readonly isPast: boolean;
  /** Today in the zone: the latest day the as-of bar can show. */
  readonly today: string;
}

/** Today in `zone`, the day shown (a picked day before today, else live) and the instant it means. */
export function asOfAt(now: number, picked: string | undefined, zone: string): AsOfDay {
  const today = localDay(now, zone);
  const day = picked !== undefined && isLocalDay(picked) && picked < today ? picked : undefined;
  return { today, day, isPast: day !== undefined, asOf: new Date(day === undefined ? now : endOfLocalDay(day, zone)).toISOString() };
}
