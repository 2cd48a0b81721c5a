import { useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocalDay } from '../../core/time/zone';
import { NOT_SAVED } from './Field';
import { formatLocalDay, parseDay } from './format';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** A day "2026-11-24", or the text as typed while it is not one. */
  value: string;
  /** Called with the day when the text is one, else with the text itself (for the form to refuse). */
  onChange(value: string): void;
};

/**
 * A date typed in the UI's language ("24.11.2026" in Russian, "11/24/2026" in English; ISO
 * "2026-11-24" in both). A text field, not <input type="date">: Chromium draws that in the
 * browser's locale whatever the page's language, so a Russian screen showed mm/dd/yyyy.
 */
export function DateInput({ value, onChange, onBlur, ...rest }: Props) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const shown = (v: string) => (isLocalDay(v) ? formatLocalDay(v, language) : v);
  const [text, setText] = useState(() => shown(value));
  const [seen, setSeen] = useState({ value, language });
  // A value or language changed from outside (a default, a reset, the language switch) replaces the text.
  if (seen.value !== value || seen.language !== language) {
    setSeen({ value, language });
    if ((parseDay(text, language) ?? text) !== value) setText(shown(value));
  }
  return (
    <input
      {...rest}
      {...NOT_SAVED}
      type="text"
      inputMode="numeric"
      spellCheck={false}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseDay(e.target.value, language) ?? e.target.value);
      }}
      onBlur={(e) => {
        // Typed as ISO or with other separators: shown the language's way once left.
        if (isLocalDay(value)) setText(shown(value));
        onBlur?.(e);
      }}
    />
  );
}
