import { z } from 'zod';

export const FORMAT = 'waystation-handoff';
/** The version this build writes; people.csv's cell rule changed in 2 (docs/bundle-format.md). */
export const FORMAT_VERSION = 2;
/** The versions this build reads. */
export const READABLE_VERSIONS = [1, 2] as const;
export type FormatVersion = (typeof READABLE_VERSIONS)[number];
/** Default size cap of a bundle file (DEFAULT_LIMITS.maxBytes); also bounds the IPC messages that carry one. */
export const MAX_BUNDLE_BYTES = 32 * 1024 * 1024;

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.json.minisig';
export const PEOPLE_JSON = 'people.json';
export const PEOPLE_CSV = 'people.csv';
/** Payload files, in archive order (the same in versions 1 and 2). */
export const PAYLOAD_FILES = [PEOPLE_JSON, PEOPLE_CSV] as const;

/** Fields that leave the shelter only when the export profile ticks them. */
export const SENSITIVE_FIELDS = ['legalName', 'phone', 'notes'] as const;
export type SensitiveField = (typeof SENSITIVE_FIELDS)[number];

// Control characters are refused in all text (terminal escapes, CSV and display tricks); lone surrogates too,
// since they cannot round-trip through UTF-8.
const noControl = (s: string) => !/[\p{Cc}\p{Cs}]/u.test(s);
const noControlExceptNewline = (s: string) => !/[^\P{Cc}\n\t]|\p{Cs}/u.test(s);
const line = (max: number) => z.string().max(max).refine(noControl, 'must be one line of text without control characters');
const text = (max: number) => z.string().max(max).refine(noControlExceptNewline, 'must be text without control characters');
const hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `must be ${bytes * 2} lower-case hex digits`);

export const exportProfileSchema = z.strictObject({
  legalName: z.boolean(),
  phone: z.boolean(),
  notes: z.boolean(),
});
export type ExportProfile = z.infer<typeof exportProfileSchema>;

/** Minimisation by default (docs/threat-model.md §12): nothing sensitive unless ticked. */
export const MINIMAL_PROFILE: ExportProfile = Object.freeze({ legalName: false, phone: false, notes: false });

export const staySummarySchema = z
  .strictObject({
    arrived: z.iso.date(),
    departed: z.iso.date().optional(),
    daysInShelter: z.int().min(0).max(100_000),
  })
  .refine((s) => s.departed === undefined || s.departed >= s.arrived, { message: 'departed is before arrived', path: ['departed'] });

export const personRecordSchema = z.strictObject({
  alias: line(200).min(1),
  birthYear: z.int().min(1900).max(2100).optional(),
  languages: z.array(line(64).min(1)).max(20),
  needs: z.array(line(200).min(1)).max(50),
  staySummary: staySummarySchema,
  outcome: line(200).min(1).optional(),
  legalName: line(300).min(1).optional(),
  phone: line(50).min(1).optional(),
  notes: text(10_000).optional(),
});
export type PersonRecord = z.infer<typeof personRecordSchema>;

export const payloadSchema = z.strictObject({
  people: z.array(personRecordSchema).max(100_000),
});
export type Payload = z.infer<typeof payloadSchema>;

export const manifestFileSchema = z.strictObject({
  name: z.enum(PAYLOAD_FILES),
  size: z.int().min(0),
  sha256: hex(32),
});

export const manifestSchema = z
  .strictObject({
    format: z.literal(FORMAT),
    formatVersion: z.literal(READABLE_VERSIONS),
    bundleId: hex(16),
    created: z.iso.datetime(),
    expires: z.iso.datetime(),
    sender: z.strictObject({
      name: line(200).min(1),
      /** minisign key id, as `minisign` prints it. */
      keyId: z.string().regex(/^[0-9A-F]{16}$/),
      /** See minisignFingerprint: what a partner compares out of band. */
      fingerprint: hex(16),
    }),
    /** recipientId() of every age recipient the bundle is encrypted to. */
    recipients: z.array(hex(8)).min(1).max(20),
    profile: exportProfileSchema,
    counts: z.strictObject({ people: z.int().min(0) }),
    files: z.array(manifestFileSchema).length(PAYLOAD_FILES.length),
    /**
     * Present (and true) only in a bundle exported from practice mode: its people are invented.
     * Optional, so bundles written before it existed still read (docs/bundle-format.md).
     */
    practice: z.literal(true).optional(),
  })
  .refine((m) => Date.parse(m.created) < Date.parse(m.expires), { message: 'expires must be after created', path: ['expires'] })
  .refine((m) => new Set(m.files.map((f) => f.name)).size === m.files.length, { message: 'a file is listed twice', path: ['files'] })
  .refine((m) => new Set(m.recipients).size === m.recipients.length, { message: 'a recipient is listed twice', path: ['recipients'] });
export type Manifest = z.infer<typeof manifestSchema>;
