import type { AuditEntry } from '../../core/model/audit';
import { personSchema, type Person } from '../../core/model/person';
import type { StayEvent } from '../../core/model/stay-event';
import type { StoredRecord } from '../page-log';
import type { PeopleKeyring } from '../session/people-keyring';
import type { RepositoryContext } from './record-writer';

/** People's identities, each sealed under its own key by the keyring (session/people-keyring.ts). */
export function peopleRepository(ctx: RepositoryContext, keyring: PeopleKeyring, forget: (gone: ReadonlySet<string>) => Promise<void>) {
  return {
    get: (id: string): Person | undefined => ctx.state().people.get(id),
    list: (): Person[] => [...ctx.state().people.values()],
    /** Settles once every identity is open after the unlock (people-keyring.ts whenOpen). */
    whenOpen: (): Promise<void> => keyring.whenOpen(),
    put: async (person: Person): Promise<void> => {
      ctx.require('operations');
      const valid = personSchema.parse(person);
      // An existing person is re-sealed under their own key, which may not be open yet (when all are, the write starts at once).
      if (ctx.state().identities === 'opening') await keyring.whenOpen();
      const existing = keyring.isOpen(valid.id);
      await ctx.commit(keyring.personRecords(valid), { action: existing ? 'person.update' : 'person.create', details: { person: valid.id } });
    },
    /**
     * Forgets people for good (crypto-shredding): their identity records stay in IndexedDB as
     * ciphertext, but the only key that opened them was wrapped under a people KEK that is
     * rotated away and overwritten in main's key file. Stay events (anonymous) stay, so the
     * statistics are unchanged.
     */
    forget: async (ids: readonly string[]): Promise<void> => {
      ctx.require('operations');
      const gone = new Set(ids.filter((id) => keyring.isWrapped(id)));
      if (gone.size === 0) return;
      await forget(gone);
    },
  };
}

/**
 * Several people and stay events in ONE page, so an import (spreadsheet or handoff bundle) lands
 * whole or not at all. The caller validates the rules (dry run) first; schemas are checked by the commit.
 */
export function batchRepository(ctx: RepositoryContext, keyring: PeopleKeyring) {
  return {
    write: async (
      input: { people?: readonly Person[]; events?: readonly StayEvent[] },
      audit: { action: string; details: AuditEntry['details'] },
    ): Promise<void> => {
      ctx.require('operations');
      const records: StoredRecord[] = [];
      if (input.people?.length && ctx.state().identities === 'opening') await keyring.whenOpen();
      for (const person of input.people ?? []) records.push(...keyring.personRecords(personSchema.parse(person)));
      // The commit checks each event against its schema (records.ts checkedRecord).
      for (const event of input.events ?? []) records.push({ t: 'event', id: event.id, v: event });
      await ctx.commit(records, audit);
    },
  };
}
