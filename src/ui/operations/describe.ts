import type { TFunction } from 'i18next';
import type { Movement } from '../../core/model';
import type { VaultState } from '../../vault/session';
import { formatDay } from './format';

type Names = Pick<VaultState, 'houses' | 'rooms' | 'beds' | 'partners'>;

/** "North · Blue room · bed 2", from the vault's current names. */
export function placeText(names: Names, houseId: string, bedId: string, t: TFunction): string {
  const bed = names.beds.get(bedId);
  const room = bed && names.rooms.get(bed.roomId);
  return t('operations.place', {
    house: names.houses.get(houseId)?.alias ?? t('operations.unknown'),
    room: room?.name ?? t('operations.unknown'),
    bed: bed?.label ?? t('operations.unknown'),
  });
}

/** One movement in a sentence, without its date: "Arrived at North · Blue · bed 2, referred by …". */
export function describeMovement(e: Movement, names: Names, t: TFunction): string {
  const partner = (id: string | undefined) => (id === undefined ? undefined : (names.partners.get(id)?.name ?? t('operations.unknown')));
  switch (e.type) {
    case 'arrival': {
      const text = t('operations.describe.arrival', { place: placeText(names, e.houseId, e.bedId, t) });
      const by = partner(e.referredBy);
      return by === undefined ? text : `${text}; ${t('operations.describe.referredBy', { partner: by })}`;
    }
    case 'transfer':
      return t('operations.describe.transfer', { place: placeText(names, e.toHouseId, e.toBedId, t) });
    case 'departure': {
      const parts = [t('operations.describe.departure', { outcome: t(`operations.outcome.${e.outcome}`) })];
      const where = [e.destinationCity, e.destinationCountry].filter(Boolean).join(', ');
      if (where) parts.push(t('operations.describe.destination', { where }));
      const to = partner(e.partnerId);
      if (to !== undefined) parts.push(t('operations.describe.handedTo', { partner: to }));
      return parts.join('; ');
    }
  }
}

/** "12 Mar 2026: Arrived at …", for choosing an event to correct. */
export function movementLine(e: Movement, names: Names, t: TFunction, language: string, zone: string): string {
  return `${formatDay(e.at, language, zone)}: ${describeMovement(e, names, t)}`;
}
