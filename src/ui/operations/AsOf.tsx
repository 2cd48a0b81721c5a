import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocalDay } from '../../core/time/zone';
import { needsArchiveFrom, VIEW_REACH_MS } from '../../vault/history';
import { useSession, useVaultState } from '../session/SessionContext';
import { asOfAt, orgZone } from './asOfDay';
import { DateInput } from './DateInput';
import { formatDay } from './format';
import { OlderHistory } from './OlderHistory';

/**
 * "As of": the moment every screen shows the state at. Live (the default) follows the clock: it moves
 * on every vault change, so what was just recorded shows at once, and every minute. A picked day
 * shows the state at the end of that day in the organisation's time zone, i.e. after everything
 * dated that day.
 */
export interface AsOf {
  /** ISO instant to pass to the occupancy queries. */
  readonly asOf: string;
  /** The picked day ("2026-09-01"), or undefined when live. */
  readonly day: string | undefined;
  /** A past day is picked: screens should say so. */
  readonly isPast: boolean;
  /** Today in the organisation's time zone, as the live clock has it (the latest day that can be picked). */
  readonly today: string;
  /** The live clock (ms): moves every minute and on every vault change; for checks made while typing. */
  readonly now: number;
  /** The organisation's IANA time zone: the days every screen shows and counts. */
  readonly zone: string;
  /** Pick a day; undefined, today or later goes back to live. */
  setDay(day: string | undefined): void;
}

const Context = createContext<AsOf | undefined>(undefined);

export function AsOfProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const zone = orgZone(useVaultState().settings.timeZone);
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
  const value = useMemo<AsOf>(() => ({ ...asOfAt(now, picked, zone), now, zone, setDay: (d) => setPicked(d || undefined) }), [now, picked, zone]);
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
  const { day, isPast, setDay, asOf, today, zone } = useAsOf();
  const vault = useVaultState();
  const [typed, setTyped] = useState<string>();
  const id = useId();
  const shown = typed ?? day ?? today;
  // A day after today goes back to live, like today itself (asOfAt).
  const pick = (value: string) => {
    setTyped(isLocalDay(value) ? undefined : value);
    if (isLocalDay(value)) setDay(value);
  };
  return (
    <section className={isPast ? 'asof-bar past' : 'asof-bar'} aria-label={t('operations.asOf.region')}>
      <label htmlFor={id}>{t('operations.asOf.label')}</label>
      <DateInput id={id} value={shown} onChange={pick} aria-invalid={typed !== undefined} aria-describedby={`${id}-format`} />
      <span className="hint" id={`${id}-format`}>
        {t('operations.dateFormat')}
      </span>
      <span role="status">
        {isPast ? <strong>{t('operations.asOf.past', { date: formatDay(asOf, i18n.language, zone) })}</strong> : <span className="hint">{t('operations.asOf.live')}</span>}
      </span>
      {isPast && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setTyped(undefined);
            setDay(undefined);
          }}
        >
          {t('operations.asOf.backToToday')}
        </button>
      )}
      <OlderHistory needed={isPast && needsArchiveFrom(vault, Date.parse(asOf) - VIEW_REACH_MS)} />
    </section>
  );
}
