import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { NEED_STATUSES, type NeedStatus, type Person } from '../../../core/model';
import { placementOf, toMs, withNeedStatus } from '../../../core/occupancy';
import { describeMovement, placeText } from '../../operations/describe';
import { useFormat } from '../../operations/useFormat';
import { statusOf } from '../../operations/residents';
import { inResidenceAtEnd, timelineOf } from '../../operations/timeline';
import { useOccupancy } from '../../operations/useOccupancy';
import { OlderHistory } from '../../operations/OlderHistory';
import { personInArchive } from '../../../vault/history';
import { violationText } from '../../operations/violations';
import { OpeningIdentities } from '../../components/OpeningIdentities';
import { useSession, useVaultState } from '../../session/SessionContext';
import { describeError } from '../../errors/describe';

/** One person: where they are (as of), what they need, their whole stay history, and forgetting them. */
export function PersonPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const vault = useVaultState();
  const { state, asOf, isPast, layout } = useOccupancy();
  const person = vault.people.get(id);
  const placement = useMemo(() => placementOf(state, id, asOf), [state, id, asOf]);
  const timeline = useMemo(() => timelineOf(state, vault.events, id), [state, vault, id]);
  if (!person && vault.identities === 'opening') return <OpeningIdentities />;
  if (!person) {
    return (
      <section aria-labelledby="person-title">
        <h1 id="person-title">{t('operations.person.notFound')}</h1>
        <Link to="/residents">{t('operations.person.backToList')}</Link>
      </section>
    );
  }
  const status = statusOf(state, person, placement, toMs(asOf), vault.archive?.personIds);
  const here = inResidenceAtEnd(state, id);
  const eventById = (eventId: string) => state.events.get(eventId);

  return (
    <section aria-labelledby="person-title" className="person">
      <p>
        <Link to="/residents">{t('operations.person.backToList')}</Link>
      </p>
      <div className="title-row">
        <h1 id="person-title">{person.alias}</h1>
        <span className={`badge status-${status}`} data-testid="person-status">
          {t(`operations.status.${status}`)}
        </span>
      </div>
      <OlderHistory needed={personInArchive(vault, id)} />
      <p data-testid="person-place">
        {placement
          ? t(isPast ? 'operations.person.placeThen' : 'operations.person.placeNow', {
              place: placeText(vault, placement.houseId, placement.bedId, t),
              since: format.day(placement.since),
            })
          : t(isPast ? 'operations.person.notPlacedThen' : 'operations.person.notPlaced')}
      </p>
      {placement?.plannedDeparture && <p data-testid="person-planned">{t('operations.person.plannedDeparture', { date: format.day(placement.plannedDeparture) })}</p>}

      <nav className="actions" aria-label={t('operations.person.record')}>
        {here ? (
          <>
            <Link className="button" to={`/residents/${id}/record/transfer`}>
              {t('operations.record.transfer.title')}
            </Link>
            <Link className="button" to={`/residents/${id}/record/departure`}>
              {t('operations.record.departure.title')}
            </Link>
          </>
        ) : (
          <Link className="button" to={`/residents/${id}/record/arrival`}>
            {t('operations.record.arrival.title')}
          </Link>
        )}
        {timeline.some((item) => !item.voidedBy) && (
          <Link className="button secondary" to={`/residents/${id}/record/correction`}>
            {t('operations.record.correction.title')}
          </Link>
        )}
        <Link className="button secondary" to={`/residents/${id}/edit`}>
          {t('operations.person.edit')}
        </Link>
      </nav>

      <div className="person-columns">
        <div>
          <h2>{t('operations.person.details')}</h2>
          <Details person={person} />
          <h2>{t('operations.person.needs')}</h2>
          <Needs person={person} />
        </div>
        <div>
          <h2>{t('operations.person.timeline')}</h2>
          {timeline.length === 0 ? (
            <p className="hint">{t('operations.person.noStays')}</p>
          ) : (
            <ol className="timeline" data-testid="timeline">
              {timeline.map(({ event, voidedBy, refused }) => (
                <li key={event.id} className={voidedBy ? 'voided' : refused ? 'refused' : undefined}>
                  <span className="timeline-date">{format.day(event.at)}</span>{' '}
                  {voidedBy ? (
                    <>
                      <del>{describeMovement(event, vault, t)}</del>
                      <span className="timeline-note">
                        {t('operations.person.voided', { reason: voidedBy.reason, date: format.day(voidedBy.recordedAt) })}
                      </span>
                    </>
                  ) : (
                    <span>{describeMovement(event, vault, t)}</span>
                  )}
                  {refused && (
                    <span className="timeline-note">
                      {t('operations.person.refused', { reason: violationText(refused, t, { eventById, layout, language: format.language, zone: format.zone }) })}
                    </span>
                  )}
                  <span className="timeline-recorded hint">{t('operations.person.recordedAt', { date: format.dateTime(event.recordedAt) })}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>

      <h2>{t('operations.person.forgetTitle')}</h2>
      <Forget person={person} inResidence={here} />
    </section>
  );
}

function Details({ person }: { person: Person }) {
  const { t } = useTranslation();
  const vault = useVaultState();
  const [showLegal, setShowLegal] = useState(false);
  const none = <span className="muted">{t('operations.person.none')}</span>;
  return (
    <dl className="facts person-facts">
      <dt>{t('operations.personForm.legalName')}</dt>
      <dd>
        {person.legalName === undefined ? (
          none
        ) : (
          <>
            {showLegal ? <span className="sensitive-value">{person.legalName}</span> : <span className="muted">{t('operations.person.hidden')}</span>}{' '}
            <button type="button" className="link" aria-pressed={showLegal} onClick={() => setShowLegal((s) => !s)}>
              {showLegal ? t('operations.person.hideLegal') : t('operations.person.showLegal')}
            </button>
          </>
        )}
      </dd>
      <dt>{t('operations.personForm.birthYear')}</dt>
      <dd>{person.birthYear ?? none}</dd>
      <dt>{t('operations.personForm.languages')}</dt>
      <dd>{person.languages.length > 0 ? person.languages.join(', ') : none}</dd>
      <dt>{t('operations.personForm.phone')}</dt>
      <dd>{person.phone ?? none}</dd>
      <dt>{t('operations.personForm.risk')}</dt>
      <dd>
        <span className={`risk risk-${person.riskLevel}`}>{t(`operations.risk.${person.riskLevel}`)}</span>
      </dd>
      <dt>{t('operations.personForm.consent')}</dt>
      <dd>{person.consentToShare.length > 0 ? person.consentToShare.map((id) => vault.partners.get(id)?.name ?? t('operations.unknown')).join(', ') : none}</dd>
      <dt>{t('operations.personForm.notes')}</dt>
      <dd className="notes">{person.notes ?? none}</dd>
    </dl>
  );
}

/** The needs checklist: a status per need, saved as soon as it changes, with the share done. */
function Needs({ person }: { person: Person }) {
  const { t } = useTranslation();
  const session = useSession();
  const [failure, setFailure] = useState<string>();
  const done = person.needs.filter((n) => n.status === 'done').length;
  const total = person.needs.length;
  if (total === 0) return <p className="hint">{t('operations.person.noNeeds')}</p>;

  async function change(index: number, status: NeedStatus) {
    setFailure(undefined);
    try {
      const now = session.now().toISOString();
      await session.people.put({ ...person, needs: person.needs.map((n, i) => (i === index ? withNeedStatus(n, status, now) : n)) });
    } catch (error) {
      setFailure(t('operations.saveFailed', { reason: describeError(t, error) }));
    }
  }

  const progress = t('operations.person.needsProgress', { done, total });
  return (
    <div className="needs">
      <p className="needs-progress">
        <progress value={done} max={total} aria-label={progress} /> {progress}
      </p>
      <ul className="need-list">
        {person.needs.map((need, index) => {
          const name = t(`operations.need.${need.kind}`);
          return (
            <li key={`${need.kind}-${index}`} className={`need need-${need.status}`}>
              <span className="need-name">{name}</span>
              <select aria-label={t('operations.personForm.needStatusOf', { need: name })} value={need.status} onChange={(e) => void change(index, e.target.value as NeedStatus)}>
                {NEED_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`operations.needStatus.${s}`)}
                  </option>
                ))}
              </select>
              {need.note && <span className="hint">{need.note}</span>}
            </li>
          );
        })}
      </ul>
      {failure && <p role="alert">{failure}</p>}
    </div>
  );
}

/** Forgetting is crypto-shredding and cannot be undone: a dialog says what goes and what stays. */
function Forget({ person, inResidence }: { person: Person; inResidence: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();

  async function forget() {
    setBusy(true);
    setFailure(undefined);
    try {
      await session.people.forget([person.id]);
      dialog.current?.close();
      navigate('/residents');
    } catch (error) {
      setFailure(t('operations.person.forgetFailed', { reason: describeError(t, error) }));
      setBusy(false);
    }
  }

  return (
    <>
      <p className="hint">{t('operations.person.forgetIntro')}</p>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        {t('operations.person.forget')}
      </button>
      <dialog ref={dialog} aria-labelledby="forget-title" className="confirm">
        <h2 id="forget-title">{t('operations.person.forgetConfirmTitle', { alias: person.alias })}</h2>
        <p>{t('operations.person.forgetExplain')}</p>
        <p>{t('operations.person.forgetStays')}</p>
        {inResidence && <p className="warning">{t('operations.person.forgetInResidence')}</p>}
        <p>
          <strong>{t('operations.person.forgetFinal')}</strong>
        </p>
        {failure && <p role="alert">{failure}</p>}
        <div className="actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()} autoFocus>
            {t('operations.cancel')}
          </button>
          <button type="button" className="danger" onClick={() => void forget()} disabled={busy}>
            {t('operations.person.forgetConfirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}
