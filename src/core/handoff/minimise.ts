import type { z } from 'zod';
import { BundleError } from './errors';
import { payloadSchema, SENSITIVE_FIELDS, type ExportProfile, type Payload, type PersonRecord } from './schema';

/** What minimise reads from a resident; anything else on the source object is never looked at. */
export interface HandoffSource {
  readonly alias: string;
  readonly birthYear?: number | undefined;
  readonly languages?: readonly string[] | undefined;
  readonly needs?: readonly string[] | undefined;
  readonly staySummary: { readonly arrived: string; readonly departed?: string | undefined; readonly daysInShelter: number };
  readonly outcome?: string | undefined;
  readonly legalName?: string | undefined;
  readonly phone?: string | undefined;
  readonly notes?: string | undefined;
}

/** Builds the payload field by field, so a new field on the source can never leak into a bundle. */
export function minimise(people: readonly HandoffSource[], profile: ExportProfile): Payload {
  return {
    people: people.map((p) => {
      const record: PersonRecord = {
        alias: p.alias,
        languages: [...(p.languages ?? [])],
        needs: [...(p.needs ?? [])],
        staySummary: {
          arrived: p.staySummary.arrived,
          daysInShelter: p.staySummary.daysInShelter,
          ...(p.staySummary.departed !== undefined && { departed: p.staySummary.departed }),
        },
      };
      if (p.birthYear !== undefined) record.birthYear = p.birthYear;
      if (p.outcome) record.outcome = p.outcome;
      for (const field of SENSITIVE_FIELDS) {
        const value = p[field];
        if (profile[field] && value) record[field] = value;
      }
      return record;
    }),
  };
}

/**
 * Validates an untrusted payload (from the renderer, or inside a received bundle) and refuses, naming the
 * field, any sensitive field the profile does not allow: refused, never silently dropped, so a
 * mismatch between what staff saw and what would be sent cannot go unnoticed. Returns the parsed payload.
 */
export function assertPayloadAllowed(payload: unknown, profile: ExportProfile): Payload {
  const people = (payload as { people?: unknown } | null)?.people;
  if (Array.isArray(people)) {
    people.forEach((person: unknown, i) => {
      if (typeof person !== 'object' || person === null) return;
      for (const field of SENSITIVE_FIELDS) {
        if (Object.hasOwn(person, field) && !profile[field]) {
          throw new BundleError('invalid-content', `people[${i}].${field} is not allowed by the export profile`, field);
        }
      }
    });
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw new BundleError('invalid-content', `people.json: ${describeIssue(parsed.error)}`);
  return parsed.data;
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return path ? `${path}: ${issue.message}` : issue.message;
}
