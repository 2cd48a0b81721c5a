import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { NEED_KINDS, type NeedKind } from '../../../core/model';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { countByStatus, filterRows, residentRowsOf, RESIDENT_STATUSES, type ResidentRow, type ResidentStatus } from '../../operations/residents';
import { useOccupancy } from '../../operations/useOccupancy';
import type { Session } from '../../../vault/session';
import { useSession, useVaultState } from '../../session/SessionContext';

const ROW_HEIGHT = 52;
/**
 * The search text per session, kept out of the URL: Chromium may write URLs to the profile's
 * history files, and an alias typed there would then sit on disk in clear (docs/threat-model.md §1).
 */
const lastQuery = new WeakMap<Session, string>();

/**
 * Everyone in the vault with their status as of the picked day. Filters live in the URL (ids and
 * codes only) and the search text in memory, so coming back from a person keeps them. The list is virtualised (only the visible rows exist), and the
 * arrow keys, Home and End move between rows, since Tab alone cannot reach rows not yet rendered.
 */
export function Residents() {
  const { t } = useTranslation();
  const vault = useVaultState();
  const { state, asOf, isPast } = useOccupancy();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const [query, setQueryState] = useState(() => lastQuery.get(session) ?? '');
  const setQuery = (q: string) => {
    lastQuery.set(session, q);
    setQueryState(q);
  };
  const houseId = params.get('house') ?? undefined;
  const status = (RESIDENT_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ResidentStatus) : undefined;
  const need = (NEED_KINDS as readonly string[]).includes(params.get('need') ?? '') ? (params.get('need') as NeedKind) : undefined;
  const deferredQuery = useDeferredValue(query);

  const rows = useMemo(() => residentRowsOf(state, vault, asOf), [state, vault, asOf]);
  const counts = useMemo(() => (rows === 'pending' ? undefined : countByStatus(rows)), [rows]);
  const shown = useMemo(
    () => (rows === 'pending' ? undefined : filterRows(rows, { query: deferredQuery, houseId, status, need })),
    [rows, deferredQuery, houseId, status, need],
  );
  const houses = useMemo(() => [...vault.houses.values()].sort((a, b) => a.alias.localeCompare(b.alias)), [vault]);

  const set = (key: string, value: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const ids = { q: useId(), house: useId(), status: useId(), need: useId(), count: useId() };
  return (
    <section aria-labelledby="residents-title" className="residents">
      <div className="title-row">
        <h1 id="residents-title">{t('operations.residents.title')}</h1>
        <Link className="button" to="/residents/new">
          {t('operations.residents.add')}
        </Link>
      </div>
      {counts && (
        <p className="status-counts" data-testid="status-counts">
          {t(isPast ? 'operations.residents.countsThen' : 'operations.residents.counts', {
            resident: counts.resident,
            waiting: counts.waiting,
            departed: counts.departed,
            registered: counts.registered,
          })}
        </p>
      )}
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor={ids.q}>{t('operations.residents.search')}</label>
          <input id={ids.q} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor={ids.house}>{t('operations.residents.house')}</label>
          <select id={ids.house} value={houseId ?? ''} onChange={(e) => set('house', e.target.value)}>
            <option value="">{t('operations.residents.anyHouse')}</option>
            {houses.map((h) => (
              <option key={h.id} value={h.id}>
                {h.alias}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.status}>{t('operations.residents.status')}</label>
          <select id={ids.status} value={status ?? ''} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('operations.residents.anyStatus')}</option>
            {RESIDENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`operations.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.need}>{t('operations.residents.need')}</label>
          <select id={ids.need} value={need ?? ''} onChange={(e) => set('need', e.target.value)}>
            <option value="">{t('operations.residents.anyNeed')}</option>
            {NEED_KINDS.map((n) => (
              <option key={n} value={n}>
                {t(`operations.need.${n}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {shown && rows !== 'pending' ? (
        <>
          <p id={ids.count} role="status" data-testid="residents-shown">
            {t('operations.residents.shown', { shown: shown.length, total: rows.length })}
          </p>
          <ResidentList rows={shown} labelledBy={ids.count} />
        </>
      ) : (
        <OpeningIdentities />
      )}
    </section>
  );
}

function ResidentList({ rows, labelledBy }: { rows: readonly ResidentRow[]; labelledBy: string }) {
  const { t } = useTranslation();
  const vault = useVaultState();
  const scroller = useRef<HTMLDivElement>(null);
  // No React Compiler here; the virtualizer is meant to be read during render.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  function onKeyDown(event: KeyboardEvent) {
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!current) return;
    const index = Number(current.dataset.index);
    const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (target === undefined || target < 0 || target >= rows.length) return;
    event.preventDefault();
    virtualizer.scrollToIndex(target, { align: 'auto' });
    // The row may only exist after the scroll has rendered it.
    const focus = (tries: number) => {
      const link = scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"] a`);
      if (link) link.focus();
      else if (tries > 0) requestAnimationFrame(() => focus(tries - 1));
    };
    focus(10);
  }

  if (rows.length === 0) return <p className="hint">{t('operations.residents.empty')}</p>;
  return (
    <div ref={scroller} className="resident-scroller">
      <ul className="resident-list" aria-labelledby={labelledBy} style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const place = row.placement;
          const house = place && vault.houses.get(place.houseId);
          const room = place && vault.rooms.get(place.roomId);
          const bed = place && vault.beds.get(place.bedId);
          const open = row.openNeeds.length;
          const placeText = house ? t('operations.place', { house: house.alias, room: room?.name ?? '', bed: bed?.label ?? '' }) : '';
          return (
            <li
              key={row.person.id}
              data-index={item.index}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              className="resident-row"
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              <Link to={`/residents/${row.person.id}`} className="resident-alias" title={row.person.alias}>
                {row.person.alias}
              </Link>
              <span className={`badge status-${row.status}`}>{t(`operations.status.${row.status}`)}</span>
              {/* Cut to the row's width; the full text is in the title. */}
              <span className="resident-place" title={placeText}>
                {placeText}
              </span>
              <span className="resident-needs">{open > 0 ? t('operations.residents.openNeeds', { n: open }) : ''}</span>
              <span className={`risk risk-${row.person.riskLevel}`}>{t(`operations.risk.${row.person.riskLevel}`)}</span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
