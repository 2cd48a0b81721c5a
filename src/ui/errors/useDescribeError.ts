import { useTranslation } from 'react-i18next';
import { describeError } from './describe';

/** describeError in the current language, for components. */
export function useDescribeError(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => describeError(t, error);
}
