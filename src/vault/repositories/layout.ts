import type { Bed, House, Room } from '../../core/model/house';
import { recordWriter, type RepositoryContext } from './record-writer';

/** Houses, rooms and beds: written by operations staff, each change audited as `<kind>.save`. */
export function houseRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'house', 'operations');
  return { put: (house: House) => write(house, (v) => ({ action: 'house.save', details: { house: v.id } })) };
}

export function roomRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'room', 'operations');
  return { put: (room: Room) => write(room, (v) => ({ action: 'room.save', details: { room: v.id } })) };
}

export function bedRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'bed', 'operations');
  return { put: (bed: Bed) => write(bed, (v) => ({ action: 'bed.save', details: { bed: v.id } })) };
}
