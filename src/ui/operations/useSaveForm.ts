import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../errors/describe';
import { focusFirstInvalid } from './Field';
import type { Built, FieldErrors } from './fieldErrors';

/**
 * What the person form and the short forms share: a value checked by its schema is saved, or the
 * refused fields are marked and the first one focused; a failed save says so; one save at a time.
 */
export function useSaveForm() {
  const { t } = useTranslation();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  /** True once `write` stored the value. */
  async function save<T>(built: Built<T>, write: (value: T) => Promise<void>): Promise<boolean> {
    if (busy) return false;
    setFailure(undefined);
    if (!built.ok) {
      setErrors(built.errors);
      focusFirstInvalid(form.current);
      return false;
    }
    setErrors({});
    setBusy(true);
    try {
      await write(built.value);
      return true;
    } catch (error) {
      setFailure(t('operations.saveFailed', { reason: describeError(t, error) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { form, errors, failure, busy, save };
}
