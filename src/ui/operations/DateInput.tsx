import { useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocalDay } from '../../core/time/zone';
import { NOT_SAVED } from './Field';
import { formatLocalDay, formatMonth, isMonth, parseDay, parseMonth } from './format';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  /** A day "2026-11-24" (a month "2026-11"), or the text as typed while it is not one. */
  value: string;
  /** Called with the day (month) when the text is one, else with the text itself (for the form to refuse). */
  onChange(value: string): void;
};

const KINDS = {
  day: { is: isLocalDay, show: formatLocalDay, parse: parseDay },
  month: { is: isMonth, show: formatMonth, parse: parseMonth },
};

/**
 * A date typed in the UI's language ("24.11.2026" in Russian, "11/24/2026" in English; ISO
 * "2026-11-24" in both), or a month ("11.2026"). A text field, not <input type="date"> or "month":
 * Chromium draws those in the browser's locale whatever the page's language, so a Russian screen
 * showed mm/dd/yyyy and English month names.
 */
function TypedInput({ kind, value, onChange, onBlur, ...rest }: Props & { kind: keyof typeof KINDS }) {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const { is, show, parse } = KINDS[kind];
  const shown = (v: string) => (is(v) ? show(v, language) : v);
  const [text, setText] = useState(() => shown(value));
  const [seen, setSeen] = useState({ value, language });
  // A value or language changed from outside (a default, a reset, the language switch) replaces the text.
  if (seen.value !== value || seen.language !== language) {
    setSeen({ value, language });
    if ((parse(text, language) ?? text) !== value) setText(shown(value));
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
        onChange(parse(e.target.value, language) ?? e.target.value);
      }}
      onBlur={(e) => {
        // Typed as ISO or with other separators: shown the language's way once left.
        if (is(value)) setText(shown(value));
        onBlur?.(e);
      }}
    />
  );
}

export function DateInput(props: Props) {
  return <TypedInput kind="day" {...props} />;
}

export function MonthInput(props: Props) {
  return <TypedInput kind="month" {...props} />;
}
