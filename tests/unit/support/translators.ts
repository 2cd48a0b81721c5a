import i18next, { type TFunction } from 'i18next';
import { resources } from '../../../src/ui/i18n';

/** The app's own translations, one fixed `t` per language, as the screens would word things. */
export async function translators(): Promise<{ en: TFunction; ru: TFunction }> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });
  return { en: i18n.getFixedT('en'), ru: i18n.getFixedT('ru') };
}
