import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../../core/roles';
import { useSession, useVaultState } from '../../session/SessionContext';

/**
 * Shown to an admin from the moment of unlock when the vault found damage (a replayed, rolled-back
 * or missing page among them, docs/threat-model.md §25): the health check on the audit screen lists it.
 */
export function DamageNotice() {
  const { t } = useTranslation();
  const session = useSession();
  const { damaged } = useVaultState();
  if (damaged.length === 0 || !can(session.user.role, 'administration')) return null;
  return (
    <p role="alert" className="card">
      {t('admin.damageAtUnlock', { n: damaged.length })} <Link to="/admin/audit">{t('admin.damageAtUnlockLink')}</Link>
    </p>
  );
}
