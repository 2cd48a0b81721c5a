import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../core/model/audit';
import { ROLES, type Role, type User } from '../../../core/model/user';
import { addUser, changeRole, reactivateUser, removeUser, resetPassphrase, roleChangeEffect, suspendUser } from '../../../vault/services/users';
import { useDraft } from '../../drafts/useDraft';
import { useSessionApi, useSession, useVaultState } from '../../session/SessionContext';
import { AdminNav, ConfirmDialog, OneTimePassphrase, Working } from './common';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';

type Standing = 'active' | 'suspended' | 'removed';

/** Suspended and removed users are both 'disabled' in their record; the audit log tells which. */
function standingOf(user: User, audit: readonly AuditEntry[]): Standing {
  if (user.status === 'active') return 'active';
  const last = audit.findLast((e) => e.details.user === user.id && (e.action === 'user.suspend' || e.action === 'user.remove'));
  return last?.action === 'user.remove' ? 'removed' : 'suspended';
}

type Action = { kind: 'role'; user: User; role: Role } | { kind: 'suspend' | 'remove' | 'reactivate' | 'reset'; user: User };

/** Users: who may open the vault, with which role; one-time passphrases to hand over in person. */
export function UsersScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const { deps } = useSessionApi();
  const vault = useVaultState();
  const users = useMemo(() => [...vault.users.values()].sort((a, b) => a.name.localeCompare(b.name)), [vault]);
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [granted, setGranted] = useState<{ name: string; passphrase: string }>();
  const [done, setDone] = useState<string>();

  function ask(next: Action) {
    setRefusal(undefined);
    setDone(undefined);
    setAction(next);
  }

  async function run() {
    if (!action || !deps) return;
    setBusy(true);
    setRefusal(undefined);
    try {
      const { user } = action;
      let passphrase: string | undefined;
      if (action.kind === 'role') passphrase = (await changeRole(deps, session, user.id, action.role)).oneTimePassphrase;
      else if (action.kind === 'suspend') await suspendUser(deps, session, user.id);
      else if (action.kind === 'remove') await removeUser(deps, session, user.id);
      else if (action.kind === 'reactivate') passphrase = (await reactivateUser(deps, session, user.id)).oneTimePassphrase;
      else passphrase = (await resetPassphrase(deps, session, user.id)).oneTimePassphrase;
      setGranted(passphrase ? { name: user.name, passphrase } : undefined);
      setDone(t(`admin.users.done.${action.kind}`, { name: user.name }));
      setAction(undefined);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="users-title">
      <AdminNav />
      <h1 id="users-title">{t('admin.users.title')}</h1>
      <p className="hint">{t('admin.users.intro')}</p>
      {done && <p role="status">{done}</p>}
      {granted && (
        <div className="card">
          <OneTimePassphrase name={granted.name} passphrase={granted.passphrase} clearAfterSeconds={vault.settings.clipboardClearSeconds} />
          <button type="button" onClick={() => setGranted(undefined)}>
            {t('admin.oneTime.handedOver')}
          </button>
        </div>
      )}
      <div className="handoff-scroll">
        <table className="handoff-table">
          <caption className="handoff-hidden">{t('admin.users.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.users.name')}</th>
              <th scope="col">{t('admin.users.role')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              const standing = standingOf(user, vault.audit);
              const self = user.id === session.user.id;
              return (
                <tr key={user.id}>
                  <th scope="row">
                    {user.name}
                    {self && <span className="tag">{t('admin.users.you')}</span>}
                  </th>
                  <td>{t(`roles.${user.role}`)}</td>
                  <td>{t(`admin.users.standing.${standing}`)}</td>
                  <td>
                    {self ? (
                      <span className="hint">{t('admin.users.selfHint')}</span>
                    ) : (
                      <div className="actions compact">
                        <button type="button" className="secondary" onClick={() => ask({ kind: 'role', user, role: user.role })}>
                          {t('admin.users.changeRole')}
                          <span className="handoff-hidden"> {user.name}</span>
                        </button>
                        {standing === 'active' ? (
                          <>
                            <button type="button" className="secondary" onClick={() => ask({ kind: 'reset', user })}>
                              {t('admin.users.reset')}
                              <span className="handoff-hidden"> {user.name}</span>
                            </button>
                            <button type="button" className="secondary" onClick={() => ask({ kind: 'suspend', user })}>
                              {t('admin.users.suspend')}
                              <span className="handoff-hidden"> {user.name}</span>
                            </button>
                          </>
                        ) : (
                          <button type="button" className="secondary" onClick={() => ask({ kind: 'reactivate', user })}>
                            {t('admin.users.reactivate')}
                            <span className="handoff-hidden"> {user.name}</span>
                          </button>
                        )}
                        {standing !== 'removed' && (
                          <button type="button" className="danger" onClick={() => ask({ kind: 'remove', user })}>
                            {t('admin.users.remove')}
                            <span className="handoff-hidden"> {user.name}</span>
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <AddUser
        onAdded={(user, passphrase) => {
          setRefusal(undefined);
          setDone(t('admin.users.done.add', { name: user.name }));
          setGranted({ name: user.name, passphrase });
        }}
      />

      <ConfirmDialog
        open={action !== undefined}
        title={action ? t(`admin.users.confirm.${action.kind}.title`, { name: action.user.name }) : ''}
        confirmLabel={action ? t(`admin.users.confirm.${action.kind}.button`) : ''}
        danger={action?.kind === 'remove' || action?.kind === 'suspend'}
        busy={busy}
        refusal={refusal}
        onConfirm={() => void run()}
        onCancel={() => setAction(undefined)}
      >
        {action?.kind === 'role' ? (
          <RoleChoice action={action} onChange={(role) => setAction({ ...action, role })} />
        ) : (
          action && <p>{t(`admin.users.confirm.${action.kind}.explain`, { name: action.user.name })}</p>
        )}
      </ConfirmDialog>
    </section>
  );
}

const ROLE_CHANGE_TEXT = {
  none: 'admin.users.roleKeepsPassphrase',
  'new-passphrase': 'admin.users.roleNewPassphrase',
  rotation: 'admin.users.roleRotation',
} as const;

function RoleChoice({ action, onChange }: { action: Extract<Action, { kind: 'role' }>; onChange(role: Role): void }) {
  const { t } = useTranslation();
  const id = useId();
  const { user, role } = action;
  const effect = roleChangeEffect(user, role);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('admin.users.newRole')}</label>
        <select id={`${id}-role`} value={role} onChange={(e) => onChange(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">{t(`admin.users.roleExplain.${role}`)}</p>
      {role !== user.role && (
        <p className={effect === 'none' ? undefined : 'warning'}>{t(ROLE_CHANGE_TEXT[effect], { name: user.name })}</p>
      )}
    </>
  );
}

function AddUser({ onAdded }: { onAdded(user: User, passphrase: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const session = useSession();
  const { deps } = useSessionApi();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  useDraft('user', undefined, { name, role }, (d) => {
    setName(d.name);
    setRole(d.role);
  });
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  const [nameMissing, setNameMissing] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!deps || busy) return;
    setRefusal(undefined);
    setNameMissing(name.trim() === '');
    if (name.trim() === '') return;
    setBusy(true);
    try {
      const { user, oneTimePassphrase } = await addUser(deps, session, { name, role });
      setName('');
      onAdded(user, oneTimePassphrase);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>{t('admin.users.addTitle')}</h2>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.users.name')}</label>
          <input
            id={`${id}-name`}
            autoComplete="off"
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameMissing}
            aria-describedby={nameMissing ? `${id}-name-error` : undefined}
          />
          {nameMissing && (
            <p className="field-error" id={`${id}-name-error`}>
              {t('admin.users.nameRequired')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('admin.users.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={`${id}-role-hint`}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <p className="hint" id={`${id}-role-hint`}>
            {t(`admin.users.roleExplain.${role}`)}
          </p>
        </div>
      </div>
      <p className="hint">{t('admin.users.addHint')}</p>
      {refusal && <RefusalNote refusal={refusal} />}
      {busy ? <Working /> : <button type="submit">{t('admin.users.add')}</button>}
    </form>
  );
}
