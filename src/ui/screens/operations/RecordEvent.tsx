import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { countryList, countryName, parseCountry } from '../../../core/countries';
import { localDay } from '../../../core/time/zone';
import { newId, OUTCOMES, type Movement, type Person, type StayEvent } from '../../../core/model';
import { freeBedsDuring, validateEvent, type OccupancyState, type RuleViolation } from '../../../core/occupancy';
import { EventRefusedError, recordEvent } from '../../../vault/operations';
import { useAsOf } from '../../operations/AsOf';
import { countryLanguage } from '../../operations/countryText';
import { movementLine } from '../../operations/describe';
import { needsHousing } from '../../operations/residents';
import { DateInput } from '../../operations/DateInput';
import { Field, focusFirstInvalid, NOT_SAVED } from '../../operations/Field';
import { eventInstant } from '../../operations/format';
import { buildEvent, EMPTY_VALUES, EVENT_KINDS, type EventKind, type EventValues } from '../../operations/recordForm';
import { inResidenceAtEnd, timelineOf } from '../../operations/timeline';
import { useOccupancy } from '../../operations/useOccupancy';
import { violationText } from '../../operations/violations';
import { useDraft } from '../../drafts/useDraft';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { useSession, useVaultState } from '../../session/SessionContext';
import { describeError } from '../../errors/describe';

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
/** Read when the form is submitted (the render uses the as-of clock, which moves each minute). */
const clock = () => Date.now();

/** /residents/:id/record/:kind — arrival, transfer, departure or correction for one person. */
export function RecordEvent() {
  const { t } = useTranslation();
  const { id = '', kind = '' } = useParams();
  const vault = useVaultState();
  const person = vault.people.get(id);
  if (!person && vault.identities === 'opening') return <OpeningIdentities />;
  if (!person || !(EVENT_KINDS as readonly string[]).includes(kind)) return <p>{t('operations.person.notFound')}</p>;
  return <RecordForm key={`${id}-${kind}`} person={person} kind={kind as EventKind} />;
}

/**
 * Checks as you type: once the form describes a whole event, the engine says whether it fits (the
 * same check recordEvent makes before writing), so a taken bed or a date before the arrival shows
 * before the button is pressed. Field problems show once a field was left or the form submitted.
 */
function RecordForm({ person, kind }: { person: Person; kind: EventKind }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const navigate = useNavigate();
  const { state, layout } = useOccupancy();
  const { today, now, zone } = useAsOf();
  const [eventId] = useState(newId);
  const current = useMemo(() => state.persons.get(person.id)?.at(-1)?.event, [state, person.id]);
  const [v, setV] = useState<EventValues>(() => ({
    ...EMPTY_VALUES,
    day: today,
    house: current && current.type !== 'departure' && kind === 'transfer' ? (current.type === 'arrival' ? current.houseId : current.toHouseId) : '',
    // A transfer keeps the stay's plan unless it is changed here.
    planned: current && current.type !== 'departure' && kind === 'transfer' && current.plannedDeparture ? localDay(Date.parse(current.plannedDeparture), zone) : '',
  }));
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // The refusal itself, worded at render, so it follows a change of language.
  const [refused, setRefused] = useState<{ error: unknown; event: StayEvent }>();
  const [busy, setBusy] = useState(false);
  // A departure meets the housing need (core needsAfterMovement) unless this is unticked.
  const [housingDone, setHousingDone] = useState(true);
  const openHousing = kind === 'departure' && needsHousing(person);
  useDraft(kind, person.id, { ...v, housingDone }, ({ housingDone: done, ...typed }) => {
    setV(typed);
    setHousingDone(done);
  });
  const alert = useRef<HTMLParagraphElement>(null);
  const form = useRef<HTMLFormElement>(null);

  const houses = useMemo(() => [...vault.houses.values()].sort((a, b) => byName.compare(a.alias, b.alias)), [vault]);
  const house = v.house || (kind === 'arrival' || kind === 'transfer' ? (houses[0]?.id ?? '') : '');
  const draft = { id: eventId, personId: person.id, userId: session.user.id };
  const from = eventInstant(v.day, v.time, now, zone);
  const free = useMemo(() => new Set(house && from ? freeBedsDuring(state, house, from) : []), [state, house, from]);
  const bedOptions = useMemo(() => {
    const rooms = [...(layout.roomsOfHouse.get(house) ?? [])].sort((a, b) => byName.compare(a.name, b.name));
    return rooms.map((room) => ({ room, beds: [...(layout.bedsOfRoom.get(room.id) ?? [])].sort((a, b) => byName.compare(a.label, b.label)) }));
  }, [layout, house]);
  const firstFree = bedOptions.flatMap((o) => o.beds).find((b) => free.has(b.id))?.id ?? '';
  const bed = v.bed || firstFree;
  const voidable = useMemo(() => (kind === 'correction' ? correctable(state, vault.events, person.id) : []), [kind, state, vault, person.id]);
  const values: EventValues = { ...v, house, bed, voids: v.voids || (voidable.at(-1)?.id ?? '') };

  const built = buildEvent(kind, values, draft, now, zone, t, i18n.language);
  const errors = 'errors' in built ? built.errors : {};
  const violation: RuleViolation | undefined = 'event' in built ? validateEvent(state, built.event, new Date(now).toISOString()) : undefined;
  const eventById = (id: string) => ('event' in built && built.event.id === id ? built.event : state.events.get(id));
  const ruleText = violation && violationText(violation, t, { eventById, layout, language: i18n.language, zone });
  const shown = (field: keyof EventValues) => (submitted || touched.has(field) ? errors[field] : undefined);
  const set = (field: keyof EventValues) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setV((old) => ({ ...old, [field]: value, ...(field === 'house' && { bed: '' }) }));
    setRefused(undefined);
  };
  const blur = (field: string) => () => setTouched((s) => new Set(s).add(field));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    // Rebuilt with the clock of this moment: "today" without a time means now.
    const final = buildEvent(kind, values, draft, clock(), zone, t, i18n.language);
    if (!('event' in final)) return focusFirstInvalid(form.current);
    setBusy(true);
    try {
      await recordEvent(session, final.event, final.event.recordedAt, { stillNeedsHousing: openHousing && !housingDone });
      navigate(`/residents/${person.id}`);
    } catch (error) {
      setBusy(false);
      setRefused({ error, event: final.event });
      requestAnimationFrame(() => alert.current?.focus());
    }
  }

  const refusal =
    refused &&
    (refused.error instanceof EventRefusedError
      ? violationText(refused.error.violation, t, { eventById: (id) => (id === refused.event.id ? refused.event : state.events.get(id)), layout, language: i18n.language, zone })
      : t('operations.saveFailed', { reason: describeError(t, refused.error) }));
  const title = t(`operations.record.${kind}.title`);
  const partners = [...vault.partners.values()].sort((a, b) => byName.compare(a.name, b.name));
  const here = inResidenceAtEnd(state, person.id);
  const wrongState = kind === 'arrival' ? here : kind === 'correction' ? voidable.length === 0 : !here;

  return (
    <section aria-labelledby="record-title" className="record">
      <p>
        <Link to={`/residents/${person.id}`}>{t('operations.record.backTo', { alias: person.alias })}</Link>
      </p>
      <h1 id="record-title">
        {title}: {person.alias}
      </h1>
      <p className="hint">{t(`operations.record.${kind}.intro`)}</p>
      {wrongState && <p className="warning">{t(`operations.record.${kind}.wrongState`)}</p>}
      <form {...NOT_SAVED} ref={form} className="card record-form" onSubmit={submit} noValidate aria-labelledby="record-title">
        {kind !== 'correction' && (
          <div className="grid-2">
            <Field label={t('operations.record.day')} hint={t('operations.dateFormat')} error={shown('day')}>
              {(p) => <DateInput {...p} value={v.day} onChange={(value) => set('day')({ target: { value } })} onBlur={blur('day')} required />}
            </Field>
            <Field label={t('operations.record.time')} hint={t('operations.record.timeHint', { zone })} error={shown('time')}>
              {(p) => <input {...p} {...NOT_SAVED} inputMode="numeric" spellCheck={false} className="short" value={v.time} onChange={set('time')} onBlur={blur('time')} />}
            </Field>
          </div>
        )}

        {(kind === 'arrival' || kind === 'transfer') && (
          <div className="grid-2">
            <Field label={t(kind === 'arrival' ? 'operations.record.house' : 'operations.record.toHouse')} error={shown('house')}>
              {(p) => (
                <select {...p} value={house} onChange={set('house')} onBlur={blur('house')}>
                  {houses.length === 0 && <option value="">{t('operations.record.noHouses')}</option>}
                  {houses.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.alias} · {h.city}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t(kind === 'arrival' ? 'operations.record.bed' : 'operations.record.toBed')} hint={t('operations.record.bedHint')} error={shown('bed')}>
              {(p) => (
                <select {...p} value={bed} onChange={set('bed')} onBlur={blur('bed')}>
                  <option value="">{t('operations.record.chooseBed')}</option>
                  {bedOptions.map(({ room, beds }) => (
                    <optgroup key={room.id} label={room.name}>
                      {beds.map((b) => (
                        <option key={b.id} value={b.id}>
                          {t('operations.record.bedInRoom', { room: room.name, bed: b.label })}
                          {free.has(b.id) ? '' : ` (${t('operations.record.taken')})`}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('operations.record.planned')} hint={t('operations.record.plannedHint')} error={shown('planned')}>
              {(p) => <DateInput {...p} value={v.planned} onChange={(value) => set('planned')({ target: { value } })} onBlur={blur('planned')} />}
            </Field>
          </div>
        )}

        {kind === 'departure' && (
          <>
            <Field label={t('operations.record.outcome')} error={shown('outcome')}>
              {(p) => (
                <select {...p} value={v.outcome} onChange={set('outcome')} onBlur={blur('outcome')}>
                  <option value="">{t('operations.record.chooseOutcome')}</option>
                  {OUTCOMES.map((o) => (
                    <option key={o} value={o}>
                      {t(`operations.outcome.${o}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="grid-2">
              <CountryField value={v.country} error={shown('country')} onChange={set('country')} onBlur={blur('country')} />
              <Field label={t('operations.record.city')} error={shown('city')}>
                {(p) => <input {...p} value={v.city} onChange={set('city')} onBlur={blur('city')} />}
              </Field>
            </div>
            {openHousing && (
              <label className="inline">
                <input type="checkbox" checked={housingDone} onChange={(e) => setHousingDone(e.target.checked)} /> {t('operations.record.housingDone')}
              </label>
            )}
          </>
        )}

        {(kind === 'arrival' || kind === 'departure') && (
          <Field label={t(kind === 'arrival' ? 'operations.record.referredBy' : 'operations.record.handedTo')} error={shown('partner')}>
            {(p) => (
              <select {...p} value={v.partner} onChange={set('partner')}>
                <option value="">{t('operations.record.noPartner')}</option>
                {partners.map((partner) => (
                  <option key={partner.id} value={partner.id}>
                    {partner.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}

        {kind === 'correction' && (
          <>
            <Field label={t('operations.record.voids')} error={shown('voids')}>
              {(p) => (
                <select {...p} value={values.voids} onChange={set('voids')} onBlur={blur('voids')}>
                  {voidable.map((e) => (
                    <option key={e.id} value={e.id}>
                      {movementLine(e, vault, t, i18n.language, zone)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('operations.record.reason')} hint={t('operations.record.reasonHint')} error={shown('reason')}>
              {(p) => <textarea {...p} {...NOT_SAVED} rows={3} value={v.reason} onChange={set('reason')} onBlur={blur('reason')} />}
            </Field>
          </>
        )}

        <p className={violation ? 'rule-check refused' : 'rule-check'} role="status">
          {refusal || !('event' in built) ? '' : violation ? ruleText : t('operations.record.fits')}
        </p>
        {refusal && (
          <p role="alert" tabIndex={-1} ref={alert}>
            {t('operations.record.refused', { reason: refusal })}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t(`operations.record.${kind}.submit`)}
          </button>
          <Link to={`/residents/${person.id}`}>{t('operations.cancel')}</Link>
        </div>
      </form>
    </section>
  );
}

/**
 * The destination country: typed as a name in either language or a code, with the country list as
 * suggestions (a datalist: the browser's own combobox, keyboard-operable). The hint says what will
 * be stored once the text names a country.
 */
function CountryField({ value, error, onChange, onBlur }: { value: string; error: string | undefined; onChange: (e: { target: { value: string } }) => void; onBlur: () => void }) {
  const { t, i18n } = useTranslation();
  const language = countryLanguage(i18n.language);
  const listId = useId();
  const options = useMemo(() => countryList(language), [language]);
  const parsed = value.trim() === '' ? undefined : parseCountry(value);
  const hint = parsed?.ok ? t('operations.country.recordedAs', { name: countryName(parsed.code, language), code: parsed.code }) : t('operations.record.countryHint');
  return (
    <Field label={t('operations.record.country')} hint={hint} error={error}>
      {(p) => (
        <>
          <input {...p} list={listId} value={value} onChange={onChange} onBlur={onBlur} spellCheck={false} />
          <datalist id={listId}>
            {options.map((c) => (
              <option key={c.code} value={c.name} label={c.code} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

/** The person's movements that still count, oldest first: what a correction can void. */
function correctable(state: OccupancyState, events: readonly StayEvent[], personId: string): Movement[] {
  return timelineOf(state, events, personId)
    .filter((item) => !item.voidedBy)
    .map((item) => item.event);
}
