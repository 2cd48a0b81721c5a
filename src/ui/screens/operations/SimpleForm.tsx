import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Built } from '../../operations/fieldErrors';
import { Field, NOT_SAVED } from '../../operations/Field';
import { useSaveForm } from '../../operations/useSaveForm';

export interface SimpleField {
  name: string;
  label: string;
  type?: 'text' | 'number';
  hint?: string;
  min?: number;
  max?: number;
}

/**
 * A short form of text and number fields (houses, rooms, beds): checks with `build` (the schema) on
 * submit, saves, then either resets for the next entry (adding) or calls `onDone` (editing, with a
 * Cancel button). Enter submits; focus goes to the first refused field.
 */
export function SimpleForm<T>({
  label,
  fields,
  initial,
  build,
  save,
  submitLabel,
  onDone,
}: {
  label: string;
  fields: readonly SimpleField[];
  initial: Readonly<Record<string, string>>;
  build: (values: Readonly<Record<string, string>>) => Built<T>;
  save: (value: T) => Promise<void>;
  submitLabel: string;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const { form, errors, failure, busy, save: saveChecked } = useSaveForm();
  const [values, setValues] = useState(initial);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!(await saveChecked(build(values), save))) return;
    if (onDone) onDone();
    else {
      setValues(initial);
      form.current?.querySelector<HTMLElement>('input')?.focus();
    }
  }

  return (
    <form {...NOT_SAVED} ref={form} className="simple-form" aria-label={label} onSubmit={submit} noValidate>
      <div className="simple-form-fields">
        {fields.map((f) => (
          <Field key={f.name} label={f.label} hint={f.hint} error={errors[f.name]}>
            {(props) => (
              <input
                {...props}
                type={f.type ?? 'text'}
                inputMode={f.type === 'number' ? 'numeric' : undefined}
                min={f.min}
                max={f.max}
                value={values[f.name] ?? ''}
                onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              />
            )}
          </Field>
        ))}
      </div>
      {failure && <p role="alert">{failure}</p>}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        {onDone && (
          <button type="button" className="secondary" onClick={onDone}>
            {t('operations.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
