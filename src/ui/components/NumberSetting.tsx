import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors/describe';

/**
 * One whole-number setting shown on the screen it affects (e.g. when a missing receipt is flagged,
 * when a report is stale): what it is now for everyone, and for those who may change it a small form.
 */
export function NumberSetting({
  value,
  min,
  max,
  canEdit,
  title,
  now,
  label,
  onSave,
}: {
  value: number;
  min: number;
  max: number;
  canEdit: boolean;
  title: string;
  /** The setting in a sentence, e.g. "A bundle without a receipt is flagged 7 days after it was sent." */
  now: string;
  label: string;
  onSave(value: number): Promise<void>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState(String(value));
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string }>();
  const parsed = Number(typed);
  const valid = Number.isInteger(parsed) && parsed >= min && parsed <= max;

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    try {
      await onSave(parsed);
      setMessage({ kind: 'status', text: t('admin.settings.saved') });
    } catch (error) {
      setMessage({ kind: 'alert', text: describeError(t, error) });
    }
  }

  return (
    <div className="card" role="group" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p>{now}</p>
      {canEdit && (
        <form onSubmit={(e) => void save(e)}>
          <div className="field narrow-field">
            <label htmlFor={`${id}-value`}>{label}</label>
            <input id={`${id}-value`} type="number" min={min} max={max} required value={typed} onChange={(e) => setTyped(e.target.value)} aria-invalid={!valid} />
          </div>
          <div className="actions">
            <button type="submit" disabled={!valid || parsed === value}>
              {t('admin.settings.save')}
            </button>
          </div>
        </form>
      )}
      {message && <p role={message.kind}>{message.text}</p>}
    </div>
  );
}
