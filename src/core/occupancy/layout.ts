import type { Bed, House, Room } from '../model';

/** Houses, rooms and beds as stored; the engine indexes them once per fold. */
export interface Layout {
  readonly houses: readonly House[];
  readonly rooms: readonly Room[];
  readonly beds: readonly Bed[];
}

export interface BedPlace {
  readonly bed: Bed;
  readonly room: Room;
  readonly house: House;
}

export interface LayoutIndex {
  readonly houses: ReadonlyMap<string, House>;
  /** Only beds whose room and house exist: a bed hanging off nothing cannot be slept in. */
  readonly beds: ReadonlyMap<string, BedPlace>;
  readonly roomsOfHouse: ReadonlyMap<string, readonly Room[]>;
  readonly bedsOfRoom: ReadonlyMap<string, readonly Bed[]>;
  /** People a room can hold at once: its capacity, or fewer if it has fewer beds. */
  readonly roomCapacity: ReadonlyMap<string, number>;
}

export function indexLayout(layout: Layout): LayoutIndex {
  const houses = new Map(layout.houses.map((h) => [h.id, h]));
  const rooms = new Map(layout.rooms.filter((r) => houses.has(r.houseId)).map((r) => [r.id, r]));
  const beds = new Map<string, BedPlace>();
  const roomsOfHouse = new Map<string, Room[]>();
  const bedsOfRoom = new Map<string, Bed[]>();
  for (const room of rooms.values()) push(roomsOfHouse, room.houseId, room);
  for (const bed of layout.beds) {
    const room = rooms.get(bed.roomId);
    const house = room && houses.get(room.houseId);
    if (!room || !house) continue;
    beds.set(bed.id, { bed, room, house });
    push(bedsOfRoom, room.id, bed);
  }
  const roomCapacity = new Map([...rooms.values()].map((r) => [r.id, Math.min(r.capacity, bedsOfRoom.get(r.id)?.length ?? 0)]));
  return { houses, beds, roomsOfHouse, bedsOfRoom, roomCapacity };
}

/** Places people can sleep in one house, or in all of them. */
export function capacityOf(layout: LayoutIndex, houseId?: string): number {
  let total = 0;
  for (const [houseOfRooms, rooms] of layout.roomsOfHouse) {
    if (houseId !== undefined && houseOfRooms !== houseId) continue;
    for (const room of rooms) total += layout.roomCapacity.get(room.id) ?? 0;
  }
  return total;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
