import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fromBase64 } from '../../../core/crypto/bytes';
import type { Person, StayEvent } from '../../../core/model';
import { IMPORT_FIELDS, planImport, suggestMapping, type ColumnMapping, type ImportField, type ImportPlan, type ImportProblem } from '../../../core/reports';
import { occupancyOf } from '../../../vault/operations';
import { call } from '../../../bridge';
import { useAsOf } from '../../operations/AsOf';
import { useFormat } from '../../operations/useFormat';
import type { ImportDraftValues } from '../../../core/model/draft';
import { useDraft } from '../../drafts/useDraft';
import { useSession, useVaultState } from '../../session/SessionContext';
import { problemText, readSpreadsheet, type Spreadsheet } from './ImportFile';
import { describeError } from '../../errors/describe';

/**
 * Import from a spreadsheet: pick a CSV (main reads it), map its columns, see a dry run listing
 * every row that breaks a rule, then store everything in one vault write or nothing.
 */
type Step =
  | { kind: 'pick'; error?: string }
  | { kind: 'map'; sheet: Spreadsheet; mapping: ColumnMapping }
  | { kind: 'busy'; phase: 'reading' | 'checking' | 'saving'; rows?: number }
  /** `version`: the vault snapshot the plan was made against. */
  | { kind: 'preview'; sheet: Spreadsheet; mapping: ColumnMapping; plan: ImportPlan; version: number }
  | { kind: 'done'; people: number; stays: number }
  | { kind: 'failed'; sheet: Spreadsheet; mapping: ColumnMapping; error: unknown };

const GROUPS: { key: string; fields: readonly ImportField[] }[] = [
  { key: 'person', fields: IMPORT_FIELDS.slice(0, IMPORT_FIELDS.indexOf('arrivalDate')) },
  { key: 'stay', fields: ['arrivalDate', 'house', 'room', 'bed'] },
  { key: 'departure', fields: IMPORT_FIELDS.slice(IMPORT_FIELDS.indexOf('departureDate')) },
];

/** Lets the browser paint the progress line before a long synchronous step. */
const nextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export function ImportScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  const { zone } = useAsOf();
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  // The mapping (with the spreadsheet it maps) is the unsaved input; before and after it, nothing.
  const mapped = step.kind === 'map' || step.kind === 'preview' || step.kind === 'failed' ? step : undefined;
  // Readonly arrays stand for the draft's arrays: it is only read (JSON) when a lock seals it.
  useDraft('import', undefined, mapped && ({ ...mapped.sheet, mapping: mapped.mapping } as ImportDraftValues), (d) =>
    setStep({ kind: 'map', sheet: { fileName: d.fileName, encoding: d.encoding, headers: d.headers, rows: d.rows }, mapping: d.mapping }),
  );

  async function pick() {
    setStep({ kind: 'busy', phase: 'reading' });
    try {
      const answer = await call('reportsOpenCsv', {});
      if (answer.status === 'cancelled') return setStep({ kind: 'pick' });
      const read = readSpreadsheet(answer.fileName, fromBase64(answer.bytes));
      if (!read.ok) return setStep({ kind: 'pick', error: read.problem === 'empty' ? t('reports.import.empty') : t('reports.import.unclosedQuote', { line: read.line }) });
      setStep({ kind: 'map', sheet: read.sheet, mapping: suggestMapping(read.sheet.headers) });
    } catch (error) {
      setStep({ kind: 'pick', error: t('reports.import.readFailed', { reason: describeError(t, error) }) });
    }
  }

  function context() {
    return { occupancy: occupancyOf(session).current(), partners: [...vault.partners.values()], recordedBy: session.user.id, zone };
  }

  async function check(sheet: Spreadsheet, mapping: ColumnMapping) {
    setStep({ kind: 'busy', phase: 'checking', rows: sheet.rows.length });
    await nextPaint();
    try {
      // Rows may be dated back into archived stays: beds are checked against the whole history.
      await session.snapshots.archive.load();
    } catch (error) {
      return setStep({ kind: 'pick', error: t('reports.import.readFailed', { reason: describeError(t, error) }) });
    }
    const version = session.getSnapshot().version;
    setStep({ kind: 'preview', sheet, mapping, plan: planImport(sheet.rows, mapping, context(), new Date()), version });
  }

  async function commit(sheet: Spreadsheet, mapping: ColumnMapping, checked: ImportPlan, checkedVersion: number) {
    setStep({ kind: 'busy', phase: 'saving', rows: sheet.rows.length });
    await nextPaint();
    try {
      // In the queue of stay-event writes; if the vault changed since the preview (a bed taken, a
      // partner renamed), the rows are checked again so nothing is double-booked.
      const plan = await occupancyOf(session).enqueue(async () => {
        const version = session.getSnapshot().version;
        const fresh = version === checkedVersion ? checked : planImport(sheet.rows, mapping, context(), new Date());
        if (fresh.ok) {
          const details = { people: fresh.people.length, events: fresh.events.length };
          await session.batch.write({ people: fresh.people, events: fresh.events }, { action: 'import.spreadsheet', details });
        }
        return fresh;
      });
      if (!plan.ok) return setStep({ kind: 'preview', sheet, mapping, plan, version: session.getSnapshot().version });
      setStep({ kind: 'done', people: plan.people.length, stays: plan.events.filter((e) => e.type === 'arrival').length });
    } catch (error) {
      setStep({ kind: 'failed', sheet, mapping, error });
    }
  }

  return (
    <section aria-labelledby="import-title" className="import">
      <h1 id="import-title">{t('reports.import.title')}</h1>
      {step.kind === 'pick' && (
        <>
          <p>{t('reports.import.intro')}</p>
          {step.error && <p role="alert">{step.error}</p>}
          <div className="actions">
            <button type="button" onClick={() => void pick()}>
              {t('reports.import.choose')}
            </button>
          </div>
        </>
      )}
      {step.kind === 'busy' && (
        <p className="busy" role="status">
          <progress aria-label={t(`reports.import.phase.${step.phase}`, { rows: step.rows ?? 0 })} /> {t(`reports.import.phase.${step.phase}`, { rows: step.rows ?? 0 })}
        </p>
      )}
      {step.kind === 'map' && (
        <MappingStep
          sheet={step.sheet}
          mapping={step.mapping}
          onChange={(mapping) => setStep({ ...step, mapping })}
          onCheck={() => void check(step.sheet, step.mapping)}
          onCancel={() => setStep({ kind: 'pick' })}
        />
      )}
      {step.kind === 'preview' && (
        <PreviewStep
          sheet={step.sheet}
          mapping={step.mapping}
          plan={step.plan}
          houses={vault.houses}
          onBack={() => setStep({ kind: 'map', sheet: step.sheet, mapping: step.mapping })}
          onRecheck={() => void check(step.sheet, step.mapping)}
          onCommit={() => void commit(step.sheet, step.mapping, step.plan, step.version)}
          onPickAnother={() => void pick()}
        />
      )}
      {step.kind === 'failed' && (
        <>
          <p role="alert">{t('reports.import.writeFailed', { reason: describeError(t, step.error) })}</p>
          <div className="actions">
            <button type="button" onClick={() => void check(step.sheet, step.mapping)}>
              {t('reports.import.checkAgain')}
            </button>
          </div>
        </>
      )}
      {step.kind === 'done' && (
        <>
          <p role="status" className="done">
            {t('reports.import.done', { people: step.people, stays: step.stays })}
          </p>
          <div className="actions">
            <Link to="/">{t('reports.import.toDashboard')}</Link>
            <button type="button" className="secondary" onClick={() => setStep({ kind: 'pick' })}>
              {t('reports.import.another')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function MappingStep(props: { sheet: Spreadsheet; mapping: ColumnMapping; onChange(mapping: ColumnMapping): void; onCheck(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { sheet, mapping } = props;
  const id = useId();
  const sample = (column: number | undefined) => (column === undefined ? '' : (sheet.rows.find((r) => (r[column] ?? '').trim() !== '')?.[column] ?? '').trim());
  const used = new Set(Object.values(mapping));
  const unused = sheet.headers.filter((h, i) => h !== '' && !used.has(i));
  return (
    <>
      <p>{t('reports.import.fileSummary', { file: sheet.fileName, rows: sheet.rows.length, columns: sheet.headers.length })}</p>
      {sheet.encoding === 'windows-1251' && <p className="hint">{t('reports.import.cyrillicEncoding')}</p>}
      <p className="hint">{t('reports.import.mappingHint')}</p>
      <table className="data mapping">
        <caption>{t('reports.import.mappingCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.import.field')}</th>
            <th scope="col">{t('reports.import.column')}</th>
            <th scope="col">{t('reports.import.firstValue')}</th>
          </tr>
        </thead>
        {GROUPS.map((group) => (
          <tbody key={group.key}>
            <tr>
              <th scope="rowgroup" colSpan={3} className="group">
                {t(`reports.import.group.${group.key}`)}
              </th>
            </tr>
            {group.fields.map((field) => (
              <tr key={field}>
                <th scope="row">
                  <label htmlFor={`${id}-${field}`}>
                    {t(`reports.fields.${field}`)}
                    {field === 'alias' && ` (${t('reports.import.requiredMark')})`}
                  </label>
                </th>
                <td>
                  <select
                    id={`${id}-${field}`}
                    value={mapping[field] ?? ''}
                    onChange={(e) => {
                      const next = { ...mapping };
                      if (e.target.value === '') delete next[field];
                      else next[field] = Number(e.target.value);
                      props.onChange(next);
                    }}
                  >
                    <option value="">{t('reports.import.notImported')}</option>
                    {sheet.headers.map((header, column) => (
                      <option key={column} value={column}>
                        {header || t('reports.import.unnamedColumn', { n: column + 1 })}
                      </option>
                    ))}
                  </select>
                </td>
                {/* Cut to one line; the full value is in the title. */}
                <td className="sample" title={sample(mapping[field])}>
                  {sample(mapping[field])}
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      {unused.length > 0 && <p className="hint">{t('reports.import.unusedColumns', { columns: unused.join(', ') })}</p>}
      {mapping.alias === undefined && <p role="alert">{t('reports.import.aliasNeeded')}</p>}
      <div className="actions">
        <button type="button" onClick={props.onCheck} disabled={mapping.alias === undefined}>
          {t('reports.import.check')}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('reports.import.cancel')}
        </button>
      </div>
    </>
  );
}

function PreviewStep(props: {
  sheet: Spreadsheet;
  mapping: ColumnMapping;
  plan: ImportPlan;
  houses: ReadonlyMap<string, { alias: string }>;
  onBack(): void;
  onRecheck(): void;
  onCommit(): void;
  onPickAnother(): void;
}) {
  const { t, i18n } = useTranslation();
  const { plan, sheet, mapping } = props;
  const columnOf = (p: ImportProblem) => (p.field === undefined || mapping[p.field] === undefined ? '' : sheet.headers[mapping[p.field]!]);
  if (!plan.ok) {
    const rows = new Set(plan.problems.map((p) => p.row)).size;
    return (
      <>
        <p role="alert">{t('reports.import.problems', { rows, problems: plan.problems.length })}</p>
        <p>{t('reports.import.nothingStored')}</p>
        <table className="data problems">
          <caption>{t('reports.import.problemsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.import.row')}</th>
              <th scope="col">{t('reports.import.column')}</th>
              <th scope="col">{t('reports.import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.problems.map((p, i) => (
              <tr key={i}>
                <td>{p.row === 0 ? t('reports.import.wholeFile') : p.row}</td>
                <td>{columnOf(p)}</td>
                <td>{problemText(t, p, sheet.rows.length, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('reports.import.fixHint')}</p>
        <div className="actions">
          <button type="button" onClick={props.onPickAnother}>
            {t('reports.import.chooseFixed')}
          </button>
          <button type="button" className="secondary" onClick={props.onBack}>
            {t('reports.import.backToMapping')}
          </button>
          <button type="button" className="secondary" onClick={props.onRecheck}>
            {t('reports.import.checkAgain')}
          </button>
        </div>
      </>
    );
  }
  return (
    <>
      <p role="status">{t('reports.import.ready', { people: plan.people.length, stays: plan.events.filter((e) => e.type === 'arrival').length })}</p>
      <PlannedPeople people={plan.people} events={plan.events} houses={props.houses} />
      <div className="actions">
        <button type="button" onClick={props.onCommit}>
          {t('reports.import.commit', { people: plan.people.length })}
        </button>
        <button type="button" className="secondary" onClick={props.onBack}>
          {t('reports.import.backToMapping')}
        </button>
      </div>
    </>
  );
}

/** At most this many planned people are listed; the counts above cover the rest. */
const PREVIEW_LIMIT = 100;

function PlannedPeople({ people, events, houses }: { people: readonly Person[]; events: readonly StayEvent[]; houses: ReadonlyMap<string, { alias: string }> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const stays = useMemo(() => {
    const byPerson = new Map<string, { house?: string; arrived?: string; left?: string }>();
    for (const e of events) {
      if (e.type !== 'arrival' && e.type !== 'departure') continue;
      const stay = byPerson.get(e.personId) ?? {};
      if (e.type === 'arrival') Object.assign(stay, { house: houses.get(e.houseId)?.alias, arrived: format.day(e.at) });
      else stay.left = format.day(e.at);
      byPerson.set(e.personId, stay);
    }
    return byPerson;
  }, [events, houses, format]);
  return (
    <table className="data">
      <caption>{people.length > PREVIEW_LIMIT ? t('reports.import.previewCaptionFirst', { n: PREVIEW_LIMIT }) : t('reports.import.previewCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('reports.fields.alias')}</th>
          <th scope="col">{t('reports.fields.house')}</th>
          <th scope="col">{t('reports.fields.arrivalDate')}</th>
          <th scope="col">{t('reports.fields.departureDate')}</th>
        </tr>
      </thead>
      <tbody>
        {people.slice(0, PREVIEW_LIMIT).map((p) => {
          const stay = stays.get(p.id);
          return (
            <tr key={p.id}>
              <td>{p.alias}</td>
              <td>{stay?.house ?? t('reports.import.waiting')}</td>
              <td>{stay?.arrived ?? ''}</td>
              <td>{stay?.left ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
