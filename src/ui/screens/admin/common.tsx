import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { call } from '../../../bridge';
import { describeError } from '../../errors/describe';
import { RefusalNote, type Refusal } from '../../errors/RefusalNote';

/** The administration screens share one entry in the main navigation; these are its sections. */
export function AdminNav() {
  const { t } = useTranslation();
  const sections = [
    ['/admin', 'users'],
    ['/admin/recovery', 'recovery'],
    ['/admin/duress', 'duress'],
    ['/admin/audit', 'audit'],
    ['/admin/settings', 'settings'],
    ['/admin/backup', 'backup'],
    ['/admin/rotate', 'rotate'],
    ['/admin/wipe', 'wipe'],
  ] as const;
  return (
    <nav className="handoff-tabs no-print" aria-label={t('admin.nav.sections')}>
      {sections.map(([path, key]) => (
        <NavLink key={path} to={path} end>
          {t(`admin.nav.${key}`)}
        </NavLink>
      ))}
    </nav>
  );
}

/** Visible progress for admin actions (most derive a key slot, one Argon2id run each). */
export function Working() {
  const { t } = useTranslation();
  return (
    <p className="busy" role="status">
      <progress aria-label={t('admin.working')} /> {t('admin.working')}
    </p>
  );
}

/**
 * A one-time passphrase, shown once to hand over in person. Copying goes through main, which clears
 * the clipboard after the vault's delay.
 */
export function OneTimePassphrase({ name, passphrase, clearAfterSeconds }: { name: string; passphrase: string; clearAfterSeconds: number }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState<string>();
  async function copy() {
    try {
      await call('clipboardCopy', { text: passphrase, clearAfterSeconds });
      setCopied(t('admin.oneTime.copied', { seconds: clearAfterSeconds }));
    } catch (error) {
      setCopied(t('admin.oneTime.copyFailed', { reason: describeError(t, error) }));
    }
  }
  return (
    <div className="one-time" role="group" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <strong>{t('admin.oneTime.for', { name })}</strong>
      </p>
      <p className="recovery-code" data-testid="one-time-passphrase" translate="no">
        {passphrase}
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void copy()}>
          {t('admin.oneTime.copy')}
        </button>
        {copied && <span role="status">{copied}</span>}
      </div>
      <p className="hint">{t('admin.oneTime.handOver', { name })}</p>
    </div>
  );
}

/**
 * A modal that says what an action does before it is done. `onConfirm` runs while the dialog stays
 * open (busy), so a refusal is shown where the question was asked.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy: boolean;
  refusal?: Refusal;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      {props.open && (
        <>
          <h2 id={`${id}-title`}>{props.title}</h2>
          {props.children}
          {props.refusal && <RefusalNote refusal={props.refusal} />}
          {props.busy && <Working />}
          <div className="actions">
            <button type="button" className="secondary" onClick={props.onCancel} disabled={props.busy} autoFocus>
              {t('admin.cancel')}
            </button>
            <button type="button" className={props.danger ? 'danger' : undefined} onClick={props.onConfirm} disabled={props.busy}>
              {props.confirmLabel}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
