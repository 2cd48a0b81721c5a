import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { assessPassphrase, METER, meterValue } from '../../core/passphrase';

/** A new-passphrase field with a live strength meter and the policy's reason when it would be refused. */
export function NewPassphraseInput(props: { label: string; value: string; onChange(value: string): void; userInputs?: string[]; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const verdict = useMemo(() => assessPassphrase(props.value, props.userInputs), [props.value, props.userInputs]);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autoComplete="new-password"
        value={props.value}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={`${id}-strength`}
      />
      <meter id={`${id}-meter`} {...METER} value={meterValue(verdict)} aria-label={t('unlock.strength')} />
      <p id={`${id}-strength`} className="hint" aria-live="polite">
        {props.value === '' ? t('unlock.policy') : verdict.ok ? t('unlock.strong') : t(`unlock.weak.${verdict.reason}`)}
      </p>
    </div>
  );
}

export function PassphraseInput(props: { label: string; value: string; onChange(value: string): void; autoFocus?: boolean; autoComplete?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="password"
        autoComplete={props.autoComplete ?? 'current-password'}
        value={props.value}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
