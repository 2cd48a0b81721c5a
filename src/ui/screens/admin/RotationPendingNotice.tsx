import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../../core/roles';
import { rotationPending } from '../../../vault/session';
import { useSession, useVaultState } from '../../session/SessionContext';

/**
 * Shown to everyone while a user's removal, suspension or demotion waits for a vault-key rotation
 * (docs/threat-model.md §24): the vault takes no new data until then. An admin is sent to the
 * rotation; anyone else is told why saving is refused and whom to ask.
 */
export function RotationPendingNotice() {
  const { t } = useTranslation();
  const session = useSession();
  const vault = useVaultState();
  if (!rotationPending(vault)) return null;
  if (!can(session.user.role, 'administration')) {
    return (
      <p role="alert" className="card warning">
        {t('admin.rotationPending.other')}
      </p>
    );
  }
  return (
    <p role="alert" className="card warning">
      {t('admin.rotationPending.admin')} <Link to="/admin/rotate">{t('admin.rotationPending.link')}</Link>
    </p>
  );
}
