import { newId } from '../model/ids';
import { newNeed } from '../occupancy/needs';
import { NEED_KINDS, personSchema, type Need, type NeedKind, type Person } from '../model/person';
import { BundleError } from './errors';
import { describeIssue } from './minimise';
import type { Payload, PersonRecord } from './schema';

const isNeedKind = (s: string): s is NeedKind => (NEED_KINDS as readonly string[]).includes(s);

/**
 * Turns the records of an opened bundle into new Person records for this vault: fresh ids, the fields
 * Person has, needs as open needs (a kind this app does not know becomes "other" with the text as its
 * note), and `provenance(record)` (sender, dates, stay and outcome, in the importer's words) prepended
 * to the notes. Either every record fits or the whole bundle is refused, naming the record and field.
 * The needs are known from `receivedAt` on.
 */
export function peopleFromPayload(payload: Payload, provenance: (record: PersonRecord) => string, receivedAt: string): Person[] {
  return payload.people.map((record, i) => {
    const needs: Need[] = [];
    for (const need of record.needs) {
      if (!isNeedKind(need)) needs.push(newNeed('other', 'open', receivedAt, need));
      else if (need === 'other' || !needs.some((n) => n.kind === need)) needs.push(newNeed(need, 'open', receivedAt));
    }
    const candidate = {
      id: newId(),
      alias: record.alias,
      languages: [...new Set(record.languages)],
      needs,
      // Unknown to us: a middle value until staff have talked with the person.
      riskLevel: 'medium',
      consentToShare: [],
      notes: [provenance(record), record.notes].filter(Boolean).join('\n\n'),
      ...(record.birthYear !== undefined && { birthYear: record.birthYear }),
      ...(record.legalName !== undefined && { legalName: record.legalName }),
      ...(record.phone !== undefined && { phone: record.phone }),
    };
    const parsed = personSchema.safeParse(candidate);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      throw new BundleError(
        'invalid-content',
        `people[${i}]: ${describeIssue(parsed.error)} (this app cannot store it as sent)`,
        typeof field === 'string' ? field : undefined,
      );
    }
    return parsed.data;
  });
}
