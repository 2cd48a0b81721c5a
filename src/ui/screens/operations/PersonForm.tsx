import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { NEED_KINDS, NEED_STATUSES, newId, personSchema, RISK_LEVELS, type Need, type NeedKind, type NeedStatus, type Person } from '../../../core/model';
import type { PersonDraftValues } from '../../../core/model/draft';
import { newNeed, withNeedStatus } from '../../../core/occupancy';
import { builtFrom } from '../../operations/fieldErrors';
import { Field, NOT_SAVED } from '../../operations/Field';
import { useSaveForm } from '../../operations/useSaveForm';
import { useDraft } from '../../drafts/useDraft';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { useSession, useVaultState } from '../../session/SessionContext';

/** Intake: a new person. The housing need starts ticked, since most people come for a bed. */
export function PersonNew() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="person-form-title">
      <h1 id="person-form-title">{t('operations.personForm.newTitle')}</h1>
      <PersonForm person={undefined} />
    </section>
  );
}

export function PersonEdit() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const vault = useVaultState();
  const person = vault.people.get(id);
  if (!person && vault.identities === 'opening') return <OpeningIdentities />;
  if (!person) return <p>{t('operations.person.notFound')}</p>;
  return (
    <section aria-labelledby="person-form-title">
      <h1 id="person-form-title">{t('operations.personForm.editTitle', { alias: person.alias })}</h1>
      <PersonForm person={person} />
    </section>
  );
}

/** The form's text as typed: the same shape a draft of it keeps (core/model/draft.ts). */
type Values = PersonDraftValues;
type NeedRow = Values['needs'][NeedKind];

function initialValues(person: Person | undefined): Values {
  const needs = Object.fromEntries(
    NEED_KINDS.map((kind) => {
      const need = person?.needs.find((n) => n.kind === kind);
      const checked = person ? need !== undefined : kind === 'housing';
      return [kind, { checked, status: need?.status ?? 'open', note: need?.note ?? '' }];
    }),
  ) as Record<NeedKind, NeedRow>;
  return {
    alias: person?.alias ?? '',
    legalName: person?.legalName ?? '',
    birthYear: person?.birthYear === undefined ? '' : String(person.birthYear),
    languages: person?.languages.join(', ') ?? '',
    phone: person?.phone ?? '',
    riskLevel: person?.riskLevel ?? 'medium',
    notes: person?.notes ?? '',
    needs,
    consent: [...(person?.consentToShare ?? [])],
  };
}

const optional = (s: string) => (s.trim() === '' ? undefined : s);

/** A status changed here is a change dated `now`, added to the need's history; a need ticked here starts it. */
function toPerson(id: string, v: Values, existing: Person | undefined, now: string): unknown {
  const needs: Need[] = NEED_KINDS.filter((kind) => v.needs[kind].checked).map((kind) => {
    const row = v.needs[kind];
    const known = existing?.needs.find((n) => n.kind === kind);
    const { status, history } = known ? withNeedStatus(known, row.status, now) : newNeed(kind, row.status, now);
    return { kind, status, history, ...(optional(row.note) !== undefined && { note: row.note }) };
  });
  // This form edits one "other" need; further ones (from an import) are kept as they are.
  const moreOther = existing?.needs.filter((n) => n.kind === 'other').slice(1) ?? [];
  return {
    id,
    alias: v.alias,
    legalName: optional(v.legalName),
    birthYear: optional(v.birthYear) === undefined ? undefined : Number(v.birthYear),
    languages: v.languages
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    phone: optional(v.phone),
    needs: [...needs, ...moreOther],
    riskLevel: v.riskLevel,
    notes: optional(v.notes),
    consentToShare: [...v.consent],
  };
}

function PersonForm({ person }: { person: Person | undefined }) {
  const { t } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const navigate = useNavigate();
  const { form, errors, failure, busy, save } = useSaveForm();
  const [id] = useState(() => person?.id ?? newId());
  const [v, setV] = useState(() => initialValues(person));
  const partners = [...vault.partners.values()].sort((a, b) => a.name.localeCompare(b.name));
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setV((old) => ({ ...old, [key]: value }));
  const setNeed = (kind: NeedKind, patch: Partial<NeedRow>) => setV((old) => ({ ...old, needs: { ...old.needs, [kind]: { ...old.needs[kind], ...patch } } }));
  useDraft(person ? 'person' : 'intake', person?.id, v, setV);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const then = ((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    const built = builtFrom(personSchema.safeParse(toPerson(id, v, person, session.now().toISOString())), t, {
      phone: t('operations.field.phone'),
      languages: t('operations.field.duplicateLanguage'),
    });
    if (await save(built, (value) => session.people.put(value))) navigate(then === 'arrival' ? `/residents/${id}/record/arrival` : `/residents/${id}`);
  }

  return (
    <form {...NOT_SAVED} ref={form} className="person-form card" onSubmit={submit} noValidate aria-labelledby="person-form-title">
      <div className="grid-2">
        <Field label={t('operations.personForm.alias')} hint={t('operations.personForm.aliasHint')} error={errors.alias}>
          {(p) => <input {...p} value={v.alias} onChange={(e) => set('alias', e.target.value)} autoFocus />}
        </Field>
        <Field label={t('operations.personForm.birthYear')} error={errors.birthYear}>
          {(p) => <input {...p} type="number" inputMode="numeric" min={1900} max={2100} value={v.birthYear} onChange={(e) => set('birthYear', e.target.value)} />}
        </Field>
        <Field label={t('operations.personForm.languages')} hint={t('operations.personForm.languagesHint')} error={errors.languages}>
          {(p) => <input {...p} value={v.languages} onChange={(e) => set('languages', e.target.value)} />}
        </Field>
        <Field label={t('operations.personForm.phone')} error={errors.phone}>
          {(p) => <input {...p} type="tel" value={v.phone} onChange={(e) => set('phone', e.target.value)} />}
        </Field>
      </div>
      <Field label={t('operations.personForm.legalName')} hint={t('operations.personForm.legalNameHint')} error={errors.legalName} className="sensitive">
        {(p) => <input {...p} value={v.legalName} onChange={(e) => set('legalName', e.target.value)} />}
      </Field>

      <fieldset className="risk-choice">
        <legend>{t('operations.personForm.risk')}</legend>
        {RISK_LEVELS.map((level) => (
          <label key={level} className="inline">
            <input type="radio" name="risk" value={level} checked={v.riskLevel === level} onChange={() => set('riskLevel', level)} /> {t(`operations.risk.${level}`)}
          </label>
        ))}
      </fieldset>

      <fieldset className="needs-choice">
        <legend>{t('operations.personForm.needs')}</legend>
        {errors.needs && <p className="field-error">{errors.needs}</p>}
        {NEED_KINDS.map((kind) => {
          const row = v.needs[kind];
          return (
            <div key={kind} className="need-row">
              <label className="inline">
                <input type="checkbox" checked={row.checked} onChange={(e) => setNeed(kind, { checked: e.target.checked })} /> {t(`operations.need.${kind}`)}
              </label>
              {row.checked && (
                <>
                  <select
                    aria-label={t('operations.personForm.needStatusOf', { need: t(`operations.need.${kind}`) })}
                    value={row.status}
                    onChange={(e) => setNeed(kind, { status: e.target.value as NeedStatus })}
                  >
                    {NEED_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {t(`operations.needStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                  <input
                    aria-label={t('operations.personForm.needNoteOf', { need: t(`operations.need.${kind}`) })}
                    placeholder={t('operations.personForm.needNote')}
                    value={row.note}
                    onChange={(e) => setNeed(kind, { note: e.target.value })}
                  />
                </>
              )}
            </div>
          );
        })}
      </fieldset>

      <Field label={t('operations.personForm.notes')} hint={t('operations.personForm.notesHint')} error={errors.notes}>
        {(p) => <textarea {...p} {...NOT_SAVED} rows={4} value={v.notes} onChange={(e) => set('notes', e.target.value)} />}
      </Field>

      <fieldset>
        <legend>{t('operations.personForm.consent')}</legend>
        {partners.length === 0 && <p className="hint">{t('operations.personForm.noPartners')}</p>}
        {partners.map((partner) => (
          <label key={partner.id} className="inline">
            <input
              type="checkbox"
              checked={v.consent.includes(partner.id)}
              onChange={(e) => set('consent', e.target.checked ? [...v.consent, partner.id] : v.consent.filter((id) => id !== partner.id))}
            />{' '}
            {partner.name}
          </label>
        ))}
      </fieldset>

      {failure && <p role="alert">{failure}</p>}
      {Object.keys(errors).length > 0 && <p role="alert">{t('operations.personForm.fixErrors')}</p>}
      <div className="actions">
        <button type="submit" value="person" disabled={busy}>
          {t('operations.save')}
        </button>
        {!person && (
          <button type="submit" value="arrival" className="secondary" disabled={busy}>
            {t('operations.personForm.saveAndArrive')}
          </button>
        )}
        <Link to={person ? `/residents/${person.id}` : '/residents'}>{t('operations.cancel')}</Link>
      </div>
    </form>
  );
}
