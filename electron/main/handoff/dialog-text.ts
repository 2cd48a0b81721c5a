import type { SensitiveField } from '../../../src/core/handoff';
import type { Language } from '../../../src/core/language';

/**
 * What a file about to leave the app is, as main established it from the content it checked: never a
 * string the renderer wrote (docs/security.md, "What main lets out"). Every field is a number, a date,
 * a month or hex that main computed or validated.
 */
export type SaveSubject =
  | {
      readonly kind: 'bundle';
      readonly people: number;
      /** Recipient ids of the age keys main encrypted to (docs/bundle-format.md), as the partner screen shows them. */
      readonly recipientIds: readonly string[];
      /** Sensitive fields the bundle may carry (its signed profile, checked against the partner's). */
      readonly fields: readonly SensitiveField[];
      /** YYYY-MM-DD, UTC. */
      readonly expires: string;
    }
  | { readonly kind: 'backup'; /** X25519 age keys besides the recovery key, counted in the file's header. */ readonly ageKeys: number }
  | { readonly kind: 'report'; readonly from: string; readonly to: string; readonly months: number }
  | { readonly kind: 'public-key'; readonly key: 'age-recipient' | 'minisign'; /** Recipient id or fingerprint. */ readonly id: string }
  | { readonly kind: 'availability'; readonly houses: number; readonly recipientIds: readonly string[] }
  | { readonly kind: 'receipt'; readonly bundleId: string; readonly people: number; /** Fingerprint of the signing key. */ readonly fingerprint: string };

/** The text of the confirmation box and the save dialog that follows it. */
export interface SaveText {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  /** Button that goes on to pick a path. */
  readonly save: string;
  readonly cancel: string;
}

/** Hex in groups of four, as the partner and key screens show it. */
const grouped = (hex: string) => (hex.match(/.{1,4}/g) ?? []).join(' ');

type Table = {
  [K in SaveSubject['kind']]: (subject: Extract<SaveSubject, { kind: K }>, plural: (n: number, forms: Record<string, string>) => string) => Omit<SaveText, 'save' | 'cancel'>;
} & { save: string; cancel: string };

const EN: Table = {
  save: 'Choose where to save…',
  cancel: 'Cancel',
  bundle: (s, plural) => ({
    title: 'Save a handoff bundle',
    message: `A handoff bundle with the records of ${s.people} ${plural(s.people, { one: 'person', other: 'people' })}, encrypted for a partner.`,
    detail: [
      `Only the holder of ${plural(s.recipientIds.length, { one: 'this key', other: 'one of these keys' })} can open it. Compare with the recipient ids you checked with the partner:`,
      ...s.recipientIds.map((id) => `    ${grouped(id)}`),
      `Each record: alias, birth year, languages, needs, stay dates and outcome${s.fields.length ? `; also ${s.fields.map((f) => EN_FIELDS[f]).join(', ')}` : ''}.`,
      `The bundle expires on ${s.expires}.`,
      'If this is not what you meant to send, choose Cancel.',
    ].join('\n'),
  }),
  backup: (s) => ({
    title: 'Save a backup of the whole vault',
    message: 'An encrypted backup of the whole vault: every person, stay, user and audit entry.',
    detail: [
      s.ageKeys === 0
        ? "It opens only with the vault's recovery key (or enough of its key shares)."
        : `It opens with the vault's recovery key (or enough of its key shares), and with ${s.ageKeys === 1 ? 'one other age key' : `any of ${s.ageKeys} other age keys`}.`,
      'If you did not ask for this backup, or added fewer keys, choose Cancel.',
    ].join('\n'),
  }),
  report: (s, plural) => ({
    title: 'Save the funder report',
    message: `The de-identified funder report for ${s.from} to ${s.to} (${s.months} ${plural(s.months, { one: 'month', other: 'months' })}).`,
    detail: 'Monthly totals of all houses together: no names, ids or dates, and counts under 5 withheld. The file is not encrypted.',
  }),
  'public-key': (s) => ({
    title: 'Save a public key',
    message:
      s.key === 'age-recipient'
        ? `Your organisation's public age key (recipient id ${grouped(s.id)}). Partners encrypt bundles for you to it.`
        : `Your organisation's public signing key (fingerprint ${grouped(s.id)}). Partners check your bundles with it.`,
    detail: 'A public key holds no secret and may be shared.',
  }),
  availability: (s, plural) => ({
    title: 'Save an availability report',
    message: `Free beds and waiting counts of ${s.houses} ${plural(s.houses, { one: 'house', other: 'houses' })}, signed and encrypted for the coordinator.`,
    detail: ['Counts only: no person, alias or date of a stay. Only the holder of one of these keys can open it:', ...s.recipientIds.map((id) => `    ${grouped(id)}`)].join('\n'),
  }),
  receipt: (s, plural) => ({
    title: 'Save a receipt',
    message: `A signed receipt saying you opened bundle ${grouped(s.bundleId)} with ${s.people} ${plural(s.people, { one: 'person', other: 'people' })}.`,
    detail: `Two files: the receipt and its signature (.minisig), by your organisation's signing key (fingerprint ${grouped(s.fingerprint)}). They hold no names; send both to the sender.`,
  }),
};

const EN_FIELDS: Record<SensitiveField, string> = { legalName: 'legal names', phone: 'phone numbers', notes: 'notes' };

const RU: Table = {
  save: 'Выбрать, куда сохранить…',
  cancel: 'Отмена',
  bundle: (s, plural) => ({
    title: 'Сохранить пакет передачи',
    message: `Пакет передачи с записями ${s.people} ${plural(s.people, { one: 'человека', few: 'человек', many: 'человек', other: 'человека' })}, зашифрованный для партнёра.`,
    detail: [
      `Открыть его может только владелец ${plural(s.recipientIds.length, { one: 'этого ключа', other: 'одного из этих ключей' })}. Сверьте с идентификаторами получателей, которые вы проверили с партнёром:`,
      ...s.recipientIds.map((id) => `    ${grouped(id)}`),
      `В каждой записи: псевдоним, год рождения, языки, потребности, даты пребывания и итог${s.fields.length ? `; а также ${s.fields.map((f) => RU_FIELDS[f]).join(', ')}` : ''}.`,
      `Срок действия пакета истекает ${s.expires}.`,
      'Если вы не собирались отправлять это, нажмите «Отмена».',
    ].join('\n'),
  }),
  backup: (s, plural) => ({
    title: 'Сохранить резервную копию всего хранилища',
    message: 'Зашифрованная резервная копия всего хранилища: все люди, пребывания, пользователи и записи журнала аудита.',
    detail: [
      s.ageKeys === 0
        ? 'Она открывается только ключом восстановления хранилища (или достаточным числом его частей).'
        : `Она открывается ключом восстановления хранилища (или достаточным числом его частей), а также ${s.ageKeys === 1 ? 'дополнительным age-ключом' : `любым из ${s.ageKeys} ${plural(s.ageKeys, { one: 'дополнительного age-ключа', other: 'дополнительных age-ключей' })}`}.`,
      'Если вы не запрашивали эту копию или добавили меньше ключей, нажмите «Отмена».',
    ].join('\n'),
  }),
  report: (s, plural) => ({
    title: 'Сохранить отчёт для доноров',
    message: `Обезличенный отчёт для доноров с ${s.from} по ${s.to} (${s.months} ${plural(s.months, { one: 'месяц', few: 'месяца', many: 'месяцев', other: 'месяца' })}).`,
    detail: 'Итоги по месяцам по всем домам вместе: без имён, идентификаторов и дат, числа меньше 5 скрыты. Файл не зашифрован.',
  }),
  'public-key': (s) => ({
    title: 'Сохранить открытый ключ',
    message:
      s.key === 'age-recipient'
        ? `Открытый age-ключ вашей организации (идентификатор получателя ${grouped(s.id)}). На него партнёры шифруют пакеты для вас.`
        : `Открытый ключ подписи вашей организации (отпечаток ${grouped(s.id)}). По нему партнёры проверяют ваши пакеты.`,
    detail: 'Открытый ключ не содержит секретов, им можно делиться.',
  }),
  availability: (s, plural) => ({
    title: 'Сохранить отчёт о свободных местах',
    message: `Свободные места и очередь ${s.houses} ${plural(s.houses, { one: 'дома', other: 'домов' })}, подписанные и зашифрованные для координатора.`,
    detail: ['Только числа: ни людей, ни псевдонимов, ни дат пребывания. Открыть его может только владелец одного из этих ключей:', ...s.recipientIds.map((id) => `    ${grouped(id)}`)].join('\n'),
  }),
  receipt: (s, plural) => ({
    title: 'Сохранить квитанцию',
    message: `Подписанная квитанция о том, что вы открыли пакет ${grouped(s.bundleId)} с записями ${s.people} ${plural(s.people, { one: 'человека', few: 'человек', many: 'человек', other: 'человека' })}.`,
    detail: `Два файла: квитанция и её подпись (.minisig) ключом подписи вашей организации (отпечаток ${grouped(s.fingerprint)}). В них нет имён; отправьте оба отправителю.`,
  }),
};

const RU_FIELDS: Record<SensitiveField, string> = { legalName: 'настоящие имена', phone: 'телефоны', notes: 'заметки' };

const TABLES: Record<Language, Table> = { en: EN, ru: RU };

/** The dialog text for `subject` in `language`, from main's own table. */
export function saveDialogText(subject: SaveSubject, language: Language): SaveText {
  const table = TABLES[language];
  const rules = new Intl.PluralRules(language);
  const plural = (n: number, forms: Record<string, string>) => forms[rules.select(n)] ?? forms.other ?? '';
  const text = (table[subject.kind] as (s: SaveSubject, p: typeof plural) => Omit<SaveText, 'save' | 'cancel'>)(subject, plural);
  return { ...text, save: table.save, cancel: table.cancel };
}
