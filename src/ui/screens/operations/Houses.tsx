import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { bedSchema, houseSchema, newId, roomSchema, type Bed, type House, type Room } from '../../../core/model';
import { housesAt, residentsAt, type HouseOccupancy } from '../../../core/occupancy';
import { builtFrom } from '../../operations/fieldErrors';
import { useOccupancy } from '../../operations/useOccupancy';
import { useSession, useVaultState } from '../../session/SessionContext';
import { SimpleForm } from './SimpleForm';

const MAX_NEW_BEDS = 50;
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Houses, their rooms and beds: what exists, who sleeps where (as of), and forms to add and rename. */
export function Houses() {
  const { t } = useTranslation();
  const vault = useVaultState();
  const { state, asOf, isPast } = useOccupancy();
  const figures = useMemo(() => new Map(housesAt(state, asOf).map((h) => [h.houseId, h])), [state, asOf]);
  const occupantOfBed = useMemo(() => new Map([...residentsAt(state, asOf).values()].map((p) => [p.bedId, p.personId])), [state, asOf]);
  // Keyed on the snapshot, not its maps: the session changes its maps in place.
  const { houses, roomsOf, bedsOf } = useMemo(() => {
    return {
      houses: [...vault.houses.values()].sort((a, b) => byName.compare(a.alias, b.alias)),
      roomsOf: groupSorted([...vault.rooms.values()], (r) => r.houseId, (r) => r.name),
      bedsOf: groupSorted([...vault.beds.values()], (b) => b.roomId, (b) => b.label),
    };
  }, [vault]);

  return (
    <section aria-labelledby="houses-title" className="houses">
      <h1 id="houses-title">{t('operations.houses.title')}</h1>
      <p className="hint">{t('operations.houses.noAddress')}</p>
      {houses.length === 0 && <p>{t('operations.houses.none')}</p>}
      {houses.map((house) => (
        <HouseCard
          key={house.id}
          house={house}
          figures={figures.get(house.id)}
          isPast={isPast}
          rooms={roomsOf.get(house.id) ?? []}
          bedsOf={bedsOf}
          occupantOfBed={occupantOfBed}
          aliasOf={(id) => vault.people.get(id)?.alias ?? (vault.identities === 'opening' ? t('identities.openingAlias') : undefined)}
        />
      ))}
      <h2>{t('operations.houses.add')}</h2>
      <HouseForm />
    </section>
  );
}

function HouseCard({
  house,
  figures,
  isPast,
  rooms,
  bedsOf,
  occupantOfBed,
  aliasOf,
}: {
  house: House;
  figures: HouseOccupancy | undefined;
  isPast: boolean;
  rooms: readonly Room[];
  bedsOf: ReadonlyMap<string, readonly Bed[]>;
  occupantOfBed: ReadonlyMap<string, string>;
  aliasOf: (personId: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const titleId = `house-${house.id}`;
  return (
    <article className="card house" aria-labelledby={titleId}>
      <div className="house-head">
        <h2 id={titleId}>
          {house.alias} <span className="muted">· {house.city}</span>
        </h2>
        {figures && (
          <p className="house-figures" data-testid={`house-figures-${house.alias}`}>
            {t(isPast ? 'operations.houses.figuresThen' : 'operations.houses.figures', {
              used: figures.occupied,
              free: figures.free,
              places: figures.capacity,
            })}
          </p>
        )}
        {!editing && (
          <button type="button" className="secondary" onClick={() => setEditing(true)} aria-label={t('operations.houses.editNamed', { name: house.alias })}>
            {t('operations.houses.edit')}
          </button>
        )}
      </div>
      {editing && <HouseForm house={house} onDone={() => setEditing(false)} />}
      {rooms.length === 0 && <p className="hint">{t('operations.houses.noRooms')}</p>}
      {rooms.map((room) => (
        <RoomBlock key={room.id} room={room} beds={bedsOf.get(room.id) ?? []} occupantOfBed={occupantOfBed} aliasOf={aliasOf} />
      ))}
      <details className="add-room">
        <summary>{t('operations.houses.addRoomTo', { name: house.alias })}</summary>
        <RoomForm houseId={house.id} />
      </details>
    </article>
  );
}

function RoomBlock({
  room,
  beds,
  occupantOfBed,
  aliasOf,
}: {
  room: Room;
  beds: readonly Bed[];
  occupantOfBed: ReadonlyMap<string, string>;
  aliasOf: (personId: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  return (
    <div className="room">
      <h3>
        {room.name} <span className="muted">· {t('operations.houses.capacity', { n: room.capacity })}</span>
      </h3>
      {!editing && (
        <button type="button" className="link" onClick={() => setEditing(true)} aria-label={t('operations.houses.editRoomNamed', { name: room.name })}>
          {t('operations.houses.editRoom')}
        </button>
      )}
      {editing && <RoomForm houseId={room.houseId} room={room} onDone={() => setEditing(false)} />}
      <ul className="beds">
        {beds.map((bed) => {
          const personId = occupantOfBed.get(bed.id);
          return (
            <li key={bed.id} className={personId ? 'bed occupied' : 'bed'}>
              <span className="bed-label">{t('operations.houses.bed', { label: bed.label })}</span>{' '}
              {personId === undefined ? (
                <span className="muted">{t('operations.houses.free')}</span>
              ) : (
                <Link to={`/residents/${personId}`}>{aliasOf(personId) ?? t('operations.forgottenPerson')}</Link>
              )}
            </li>
          );
        })}
      </ul>
      <details className="add-bed">
        <summary>{t('operations.houses.addBedTo', { name: room.name })}</summary>
        <BedForm roomId={room.id} />
      </details>
    </div>
  );
}

function HouseForm({ house, onDone }: { house?: House; onDone?: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <SimpleForm
      label={house ? t('operations.houses.editNamed', { name: house.alias }) : t('operations.houses.add')}
      fields={[
        { name: 'alias', label: t('operations.houses.alias'), hint: t('operations.houses.aliasHint') },
        { name: 'city', label: t('operations.houses.city') },
      ]}
      initial={{ alias: house?.alias ?? '', city: house?.city ?? '' }}
      build={(v) => builtFrom(houseSchema.safeParse({ id: house?.id ?? newId(), alias: v.alias, city: v.city }), t)}
      save={(value) => session.houses.put(value)}
      submitLabel={house ? t('operations.save') : t('operations.houses.addButton')}
      onDone={onDone}
    />
  );
}

interface NewRoom {
  room: Room;
  beds: number;
}

function RoomForm({ houseId, room, onDone }: { houseId: string; room?: Room; onDone?: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const fields = [
    { name: 'name', label: t('operations.houses.roomName') },
    { name: 'capacity', label: t('operations.houses.roomCapacity'), type: 'number' as const, min: 1, max: 50, hint: t('operations.houses.roomCapacityHint') },
  ];
  if (!room) fields.push({ name: 'beds', label: t('operations.houses.bedsToCreate'), type: 'number', min: 0, max: MAX_NEW_BEDS, hint: t('operations.houses.bedsToCreateHint') });
  return (
    <SimpleForm<NewRoom>
      label={room ? t('operations.houses.editRoomNamed', { name: room.name }) : t('operations.houses.addRoom')}
      fields={fields}
      initial={{ name: room?.name ?? '', capacity: String(room?.capacity ?? ''), beds: '' }}
      build={(v) => {
        const parsed = builtFrom(roomSchema.safeParse({ id: room?.id ?? newId(), houseId, name: v.name, capacity: numberOrUndefined(v.capacity) }), t);
        // Beds default to one per place; a count outside 0..50 is refused like any field.
        const beds = v.beds ? Number(v.beds) : (numberOrUndefined(v.capacity) ?? 0);
        const bedsOk = room !== undefined || (Number.isInteger(beds) && beds >= 0 && beds <= MAX_NEW_BEDS);
        if (!bedsOk) return { ok: false, errors: { ...(parsed.ok ? {} : parsed.errors), beds: t('operations.field.between', { min: 0, max: MAX_NEW_BEDS }) } };
        return parsed.ok ? { ok: true, value: { room: parsed.value, beds: room ? 0 : beds } } : parsed;
      }}
      save={async ({ room: value, beds }) => {
        await session.rooms.put(value);
        for (let n = 1; n <= beds; n++) await session.beds.put({ id: newId(), roomId: value.id, label: String(n) });
      }}
      submitLabel={room ? t('operations.save') : t('operations.houses.addRoomButton')}
      onDone={onDone}
    />
  );
}

function BedForm({ roomId }: { roomId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <SimpleForm
      label={t('operations.houses.addBed')}
      fields={[{ name: 'label', label: t('operations.houses.bedLabel') }]}
      initial={{ label: '' }}
      build={(v) => builtFrom(bedSchema.safeParse({ id: newId(), roomId, label: v.label }), t)}
      save={(value) => session.beds.put(value)}
      submitLabel={t('operations.houses.addBedButton')}
    />
  );
}

function numberOrUndefined(s = ''): number | undefined {
  return s.trim() === '' ? undefined : Number(s);
}

function groupSorted<T>(items: T[], key: (item: T) => string, name: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items.sort((a, b) => byName.compare(name(a), name(b)))) {
    const list = out.get(key(item));
    if (list) list.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}
