import type { Language } from '../language';

/**
 * Invented names for the practice vault, in the UI's language. Common first names with made-up
 * surnames and towns, so no row reads like a real person or a real shelter.
 */
export interface NameBook {
  readonly first: readonly string[];
  readonly last: readonly string[];
  readonly houses: readonly string[];
  readonly towns: readonly string[];
  readonly room: (n: number) => string;
  readonly bed: (n: number) => string;
  readonly partner: string;
  readonly notes: readonly string[];
}

export const NAME_BOOKS: Readonly<Record<Language, NameBook>> = Object.freeze({
  en: {
    first: ['Alex', 'Sam', 'Robin', 'Jamie', 'Casey', 'Morgan', 'Riley', 'Jordan', 'Taylor', 'Avery', 'Quinn', 'Rowan', 'Sky', 'Charlie', 'Emery', 'Dana'],
    last: ['Fernwood', 'Ashdale', 'Brightwater', 'Cloverfield', 'Dunmore', 'Elmsworth', 'Greyhill', 'Hollowell', 'Kestrel', 'Larkspur', 'Marlow', 'Thistle'],
    houses: ['Birch House', 'Harbour Flat', 'Linden Rooms', 'Willow Annex'],
    towns: ['Riverton', 'Eastbrook', 'Millford', 'Oakhaven'],
    room: (n) => `Room ${n}`,
    bed: (n) => `Bed ${n}`,
    partner: 'Practice partner (Northbridge Resettlement)',
    notes: ['Prefers evening calls.', 'Vegetarian.', 'Needs a quiet room.', 'Studying English.'],
  },
  ru: {
    first: ['Саша', 'Женя', 'Валя', 'Никита', 'Даша', 'Миша', 'Лёша', 'Ира', 'Костя', 'Лена', 'Юра', 'Катя', 'Паша', 'Вика', 'Слава', 'Тоня'],
    last: ['Берёзкин', 'Ольхов', 'Заречный', 'Клёнов', 'Ручейкин', 'Туманов', 'Светлов', 'Яснов', 'Лугов', 'Полянский', 'Рябинин', 'Ковылин'],
    houses: ['Берёза', 'Гавань', 'Липа', 'Ива'],
    towns: ['Заречье', 'Лесной', 'Ольховка', 'Светлогорье'],
    room: (n) => `Комната ${n}`,
    bed: (n) => `Кровать ${n}`,
    partner: 'Учебный партнёр (Северный мост)',
    notes: ['Звонить вечером.', 'Вегетарианец.', 'Нужна тихая комната.', 'Учит английский.'],
  },
});
