import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionContext';
import { NOT_SAVED } from './Field';
import { formatDay, todayUtc } from './format';

/**
 * "As of": the moment every screen shows the state at. Live (the default) follows the clock: it moves
 * on every vault change, so what was just recorded shows at once, and every minute. A picked day
 * shows the state at the end of that day (UTC, like the engine's day figures), i.e. after everything
 * dated that day.
 */
export interface AsOf {
  /** ISO instant to pass to the occupancy queries. */
  readonly asOf: string;
  /** The picked day ("2026-09-01"), or undefined when live. */
  readonly day: string | undefined;
  /** A past day is picked: screens should say so. */
  readonly isPast: boolean;
  /** Today's UTC day, as the live clock has it (the latest day that can be picked). */
  readonly today: string;
  /** The live clock (ms): moves every minute and on every vault change; for checks made while typing. */
  readonly now: number;
  /** Pick a day; undefined, today or later goes back to live. */
  setDay(day: string | undefined): void;
}

const Context = createContext<AsOf | undefined>(undefined);

export function AsOfProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const [now, setNow] = useState(() => Date.now());
  const [picked, setPicked] = useState<string>();
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const timer = setInterval(tick, 60_000);
    const unsubscribe = session.subscribe(tick);
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [session]);
  const value = useMemo<AsOf>(() => {
    const today = todayUtc(now);
    const day = picked !== undefined && picked < today ? picked : undefined;
    return {
      now,
      today,
      asOf: day === undefined ? new Date(now).toISOString() : `${day}T23:59:59.999Z`,
      day,
      isPast: day !== undefined,
      setDay: (d) => setPicked(d || undefined),
    };
  }, [now, picked]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useAsOf(): AsOf {
  const value = useContext(Context);
  if (!value) throw new Error('useAsOf outside AsOfProvider');
  return value;
}

/** The bar under the app header: pick a day, see plainly when the screens show the past. */
export function AsOfBar() {
  const { t, i18n } = useTranslation();
  const { day, isPast, setDay, asOf, today } = useAsOf();
  const id = useId();
  return (
    <section className={isPast ? 'asof-bar past' : 'asof-bar'} aria-label={t('operations.asOf.region')}>
      <label htmlFor={id}>{t('operations.asOf.label')}</label>
      <input id={id} type="date" {...NOT_SAVED} value={day ?? today} max={today} onChange={(e) => setDay(e.target.value)} />
      <span role="status">
        {isPast ? <strong>{t('operations.asOf.past', { date: formatDay(asOf, i18n.language) })}</strong> : <span className="hint">{t('operations.asOf.live')}</span>}
      </span>
      {isPast && (
        <button type="button" className="secondary" onClick={() => setDay(undefined)}>
          {t('operations.asOf.backToToday')}
        </button>
      )}
    </section>
  );
}
