import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusalOf, RefusalNote, type Refusal } from '../../errors/RefusalNote';

/** A form section's outcome: saved, or refused with the reason. */
export function useOutcome() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [refusal, setRefusal] = useState<Refusal>();
  async function run(action: () => Promise<void>) {
    setBusy(true);
    setSaved(false);
    setRefusal(undefined);
    try {
      await action();
      setSaved(true);
    } catch (error) {
      setRefusal(refusalOf(error));
    } finally {
      setBusy(false);
    }
  }
  const view = (
    <>
      {refusal && <RefusalNote refusal={refusal} />}
      {saved && <p role="status">{t('admin.settings.saved')}</p>}
    </>
  );
  return { busy, run, view };
}
