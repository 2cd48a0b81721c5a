import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOutcome } from '../../../src/core/reports/import-values';

/**
 * docs/glossary.md: one word per concept in each language. Each rule names the chosen words (which
 * the glossary must list) and the synonyms that may not appear in that language's translation files;
 * a rule with a scope applies only to the keys it matches. Words match at the start of a word, in
 * any case and any ending, unless the pattern says otherwise.
 */

type Lang = 'en' | 'ru';
interface Rule {
  concept: string;
  use: Record<Lang, string>;
  avoid: Partial<Record<Lang, RegExp[]>>;
  scope?: RegExp;
}

/** A word starting with `stem`, not inside another word. */
const word = (stem: string, after = '') => new RegExp(`(?<!\\p{L})${stem}${after}`, 'iu');
/** Exactly this word. */
const exact = (w: string) => new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, 'iu');

const RULES: Rule[] = [
  { concept: 'shelter', use: { en: 'shelter', ru: 'приют' }, avoid: { en: [word('safe[- ]house')], ru: [word('шелтер'), word('убежищ')] } },
  { concept: 'house', use: { en: 'house', ru: 'дом' }, avoid: { en: [word('apartment')], ru: [word('квартир')] } },
  { concept: 'room', use: { en: 'room', ru: 'комната' }, avoid: { en: [exact('ward')], ru: [word('палат')] } },
  // "Место" is a place (what a room can hold: "мест", "ждёт места"), never a bed; a bed-night is a "койко-ночь".
  { concept: 'bed', use: { en: 'bed', ru: 'кровать' }, avoid: { en: [exact('cots?'), exact('bunks?')], ru: [exact('место'), word('койк', '(?!о-)')] } },
  { concept: 'alias', use: { en: 'alias', ru: 'псевдоним' }, avoid: { en: [word('nickname'), word('pseudonym')], ru: [word('имя для своих'), word('прозвищ'), word('кличк')] } },
  {
    concept: 'house alias',
    use: { en: 'house alias', ru: 'условное название' },
    avoid: { ru: [word('псевдоним')] },
    scope: /^(operations\.houses\.|reports\.import\.problem\.UNKNOWN_HOUSE$)/,
  },
  { concept: 'arrival', use: { en: 'arrival', ru: 'заселение' }, avoid: { en: [exact('check-?ins?'), word('intake')], ru: [word('прибыт'), word('прибыл'), word('прибыв'), word('заезд')] } },
  // Resettlement owns "переселение" and always says where: "в другую страну".
  { concept: 'transfer', use: { en: 'transfer', ru: 'перевод' }, avoid: { en: [exact('move[sd]?')], ru: [word('пересел[её]н', '\\p{L}*(?!\\p{L})(?! в другую страну)')] } },
  { concept: 'departure', use: { en: 'departure', ru: 'выезд' }, avoid: { en: [exact('check-?outs?'), word('discharg')], ru: [word('отъезд'), word('выселен')] } },
  { concept: 'resettlement', use: { en: 'resettled', ru: 'переселение в другую страну' }, avoid: { en: [word('relocat')], ru: [word('эмиграц')] } },
  { concept: 'partner', use: { en: 'partner', ru: 'партнёр' }, avoid: { en: [word('agenc')], ru: [word('партнер'), word('контрагент')] } },
  { concept: 'handoff', use: { en: 'handoff', ru: 'передача дел' }, avoid: { en: [word('hand-off')], ru: [word('передач', '\\p{L}*(?!\\p{L})(?! дел)')] } },
  { concept: 'need', use: { en: 'need', ru: 'потребность' }, avoid: { en: [word('requirement')], ru: [word('нужд')] } },
  { concept: 'stay', use: { en: 'stay', ru: 'проживание' }, avoid: { ru: [word('пребыван')] } },
  { concept: 'forget', use: { en: 'forget', ru: 'забыть' }, avoid: { en: [word('delet')], ru: [word('удал', '(?!ось)')] }, scope: /^(reports\.retention\.|operations\.person\.forget)/ },
  { concept: 'dashboard', use: { en: 'dashboard', ru: 'обзор' }, avoid: { en: [word('overview')], ru: [word('сводк')] }, scope: /^(nav\.|reports\.dashboard\.|reports\.import\.toDashboard$)/ },
];

const DIR = 'src/ui/i18n/locales';

/** Every string of a language as key → value; app.json's keys are top-level, as in src/ui/i18n. */
function strings(lang: Lang): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (obj: unknown, prefix: string) => {
    for (const [k, v] of Object.entries(obj as object)) {
      if (typeof v === 'string') out.set(`${prefix}${k}`, v);
      else walk(v, `${prefix}${k}.`);
    }
  };
  for (const file of readdirSync(`${DIR}/${lang}`)) {
    const area = file.replace(/\.json$/, '');
    walk(JSON.parse(readFileSync(`${DIR}/${lang}/${file}`, 'utf8')), area === 'app' ? '' : `${area}.`);
  }
  return out;
}

/** Keys whose value uses a synonym a rule forbids, as "key: synonym in value". */
function violations(rules: Rule[], lang: Lang, table: Map<string, string>): string[] {
  const found: string[] = [];
  for (const rule of rules)
    for (const pattern of rule.avoid[lang] ?? [])
      for (const [key, value] of table) {
        if (rule.scope && !rule.scope.test(key)) continue;
        const hit = pattern.exec(value);
        if (hit) found.push(`${rule.concept} ${key}: "${hit[0]}" in "${value}"`);
      }
  return found;
}

describe('glossary', () => {
  const glossary = readFileSync('docs/glossary.md', 'utf8').toLowerCase();

  it('docs/glossary.md lists every concept with its English and Russian word', () => {
    for (const rule of RULES) {
      const row = glossary.split('\n').find((line) => line.startsWith(`| ${rule.concept} |`));
      expect(row, rule.concept).toBeDefined();
      expect(row).toContain(rule.use.en);
      expect(row).toContain(rule.use.ru);
    }
  });

  for (const lang of ['en', 'ru'] as const) {
    it(`${lang}: no translation uses a synonym the glossary rules out`, () => {
      expect(violations(RULES, lang, strings(lang))).toEqual([]);
    });
  }

  it('ru: a name put into a sentence is not declined: an alias or a person follows a colon, a house, room or partner is quoted after its noun', () => {
    const wrong = [...strings('ru')].filter(([key, value]) => {
      const alias = value.includes('{{alias}}') && !/(^|: )\{\{alias\}\}/.test(value);
      const named = /^(operations\.houses|handoff)\./.test(key) && value.includes('{{name}}') && !/(^|«|: )\{\{name\}\}/.test(value);
      return alias || named;
    });
    expect(wrong).toEqual([]);
  });

  it('every outcome word the import asks for is one the import reads', () => {
    for (const lang of ['en', 'ru'] as const) {
      const listed = strings(lang).get('reports.import.invalid.outcome')!.replace(/^[^:]*:\s*/, '').replace(/\.$/, '');
      const words = listed.split(/,\s*|\s+(?:or|или)\s+/);
      expect(words.length, lang).toBe(5);
      for (const w of words) expect(readOutcome(w), `${lang} "${w}"`).toBeDefined();
    }
  });

  it('the rules catch what the glossary was written against', () => {
    const before = new Map([
      ['operations.describe.transfer', 'Переселён: {{place}}'],
      ['operations.personForm.alias', 'Имя для своих'],
      ['reports.fields.bed', 'Место'],
      ['reports.outcomes.other-shelter', 'Другой шелтер'],
      ['nav.dashboard', 'Сводка'],
      ['handoff.nav.handoff', 'Передача'],
    ]);
    expect(violations(RULES, 'ru', before)).toHaveLength(before.size);
    const fine = new Map([
      ['operations.outcome.resettled', 'Переселён в другую страну'],
      ['operations.status.waiting', 'Ждёт места'],
      ['reports.funder.bedNights', 'Койко-ночи'],
      ['handoff.nav.sections', 'Передача дел'],
      ['handoff.fields.staySummary', 'Сводка проживания'],
    ]);
    expect(violations(RULES, 'ru', fine)).toEqual([]);
  });
});
