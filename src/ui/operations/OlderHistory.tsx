import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors/describe';
import { useSession } from '../session/SessionContext';

/**
 * Reads the archive of older histories (src/vault/snapshot/archive.ts) while a screen `needed` it
 * (src/vault/history.ts says when), saying so meanwhile; the screen re-renders with the whole history
 * once it is in. A damaged archive is said plainly: the screen then shows the live histories only.
 */
export function OlderHistory({ needed }: { needed: boolean }) {
  const { t } = useTranslation();
  const session = useSession();
  const [failed, setFailed] = useState<unknown>();
  useEffect(() => {
    if (!needed) return;
    let current = true;
    session.snapshots.archive.load().catch((error: unknown) => {
      if (current) setFailed(error);
    });
    return () => {
      current = false;
    };
  }, [needed, session]);
  if (failed !== undefined) return <p role="alert">{t('operations.history.failed', { reason: describeError(t, failed) })}</p>;
  return needed ? (
    <p role="status" className="hint">
      {t('operations.history.loading')}
    </p>
  ) : null;
}
