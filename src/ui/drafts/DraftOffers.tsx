import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { DEFAULT_DRAFT_HOURS, type Draft } from '../../core/model/draft';
import { openDrafts } from '../../vault/drafts';
import { useFormat } from '../operations/useFormat';
import { useSession, useSessionApi, useVaultState } from '../session/SessionContext';
import { draftLine, draftPath } from './describe';
import { draftRegistry } from './registry';

/**
 * After an unlock: the drafts this user's last idle or suspend lock sealed, each offered back
 * ("Continue" fills its form again) or discarded. Either way it leaves the vault.
 */
export function DraftOffers() {
  const { t } = useTranslation();
  const session = useSession();
  const { deps } = useSessionApi();
  const vault = useVaultState();
  const format = useFormat();
  const navigate = useNavigate();
  const [drafts, setDrafts] = useState<readonly Draft[]>([]);
  const [failed, setFailed] = useState(false);
  const hours = vault.settings.draftHours ?? DEFAULT_DRAFT_HOURS;

  useEffect(() => {
    if (!deps) return;
    let live = true;
    openDrafts(deps.sodium, session, hours).then(
      (found) => live && setDrafts(found),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
    // Read once per session: later changes of the setting apply at the next unlock.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deps, session]);

  async function settle(draft: Draft, resume: boolean) {
    setDrafts((all) => all.filter((d) => d.id !== draft.id));
    if (resume) {
      draftRegistry.continueWith(draft);
      navigate(draftPath(draft));
    }
    await session.drafts.remove([draft.id]).catch(() => setFailed(true));
  }

  if (drafts.length === 0 && !failed) return null;
  return (
    <section className="card drafts" aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('drafts.title')}</h2>
      {failed && <p role="alert">{t('drafts.failed')}</p>}
      <ul>
        {drafts.map((draft) => {
          const line = draftLine(draft, vault, t);
          return (
            <li key={draft.id}>
              <span>
                {line} <span className="hint">{t('drafts.sealedAt', { time: format.dateTime(draft.savedAt) })}</span>
              </span>
              <span className="actions compact">
                <button type="button" onClick={() => void settle(draft, true)} aria-label={line}>
                  {t('drafts.continue')}
                </button>
                <button type="button" className="secondary" onClick={() => void settle(draft, false)} aria-label={t('drafts.discardNamed', { line })}>
                  {t('drafts.discard')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
