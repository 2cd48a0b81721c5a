import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAsOf } from './AsOf';
import { formatDateTime, formatDay, formatNumber } from './format';

/** The format module bound to the UI's language and the organisation's time zone, for a screen. */
export function useFormat() {
  const { i18n } = useTranslation();
  const { zone } = useAsOf();
  const language = i18n.language;
  return useMemo(
    () => ({
      language,
      zone,
      day: (iso: string) => formatDay(iso, language, zone),
      dateTime: (iso: string) => formatDateTime(iso, language, zone),
      number: (n: number) => formatNumber(n, language),
    }),
    [language, zone],
  );
}
