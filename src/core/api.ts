import { z } from 'zod';
import { CHANNELS, type BridgeFunction, type Channel } from './channels';
import { SeqSchema } from './crypto/keyfile';
import { RefusalSchema } from './errors';
import { handoffApi } from './handoff/ipc';
import { receiptApi } from './handoff/receipt-ipc';
import { networkApi } from './network/ipc';
import { languageSchema } from './language';
import { profileSchema } from './practice/profile';
import { MAX_UNLOCK_DELAY_MS } from './unlock-delay';

/** Largest spreadsheet main reads for an import (MAX_IMPORT_ROWS rows of a few hundred bytes fit easily). */
export const MAX_IMPORT_CSV_BYTES = 4 * 1024 * 1024;

/** Largest vault backup main writes or reads (sealed pages of a large vault fit many times over). */
export const MAX_BACKUP_BYTES = 128 * 1024 * 1024;

/** Opaque random vault id: 16 bytes, base64url. */
export const VaultIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'malformed vault id');
/** The key file travels as base64 of its fixed 4 KiB (core/crypto/keyfile.ts checks the content). */
const KeyFileContentSchema = z.string().max(8192).regex(/^[A-Za-z0-9+/]*={0,2}$/);

const UnlockDelaySchema = z.strictObject({
  failures: z.number().int().min(0),
  waitMs: z.number().int().min(0).max(MAX_UNLOCK_DELAY_MS),
});

/**
 * The renderer <-> main contract: one request and one response schema per channel. Main validates
 * both directions (ipc.ts); the renderer validates responses (ui/bridge.ts). Requests are strict
 * objects so an unexpected field is refused rather than ignored.
 */
export const api = {
  'app.info': {
    request: z.object({}).strict(),
    response: z
      .object({
        name: z.string().max(64),
        version: z.string().max(32),
        platform: z.enum(['linux', 'darwin', 'win32', 'other']),
        packaged: z.boolean(),
      })
      .strict(),
  },
  'keyfile.read': {
    request: z.object({ profile: profileSchema, vaultId: VaultIdSchema }).strict(),
    response: z.object({ content: KeyFileContentSchema.nullable() }).strict(),
  },
  'keyfile.write': {
    request: z.object({ profile: profileSchema, vaultId: VaultIdSchema, content: KeyFileContentSchema }).strict(),
    response: z.object({}).strict(),
  },
  /** After each head write: the page log's last sequence number, which main keeps and never lowers. */
  'keyfile.advance': {
    request: z.object({ profile: profileSchema, vaultId: VaultIdSchema, lastSeq: SeqSchema }).strict(),
    response: z.object({}).strict(),
  },
  'keyfile.destroy': {
    request: z.object({ profile: profileSchema, vaultId: VaultIdSchema }).strict(),
    response: z.object({}).strict(),
  },
  'clipboard.copy': {
    request: z.object({ text: z.string().min(1).max(4000), clearAfterSeconds: z.number().int().min(5).max(300) }).strict(),
    response: z.object({}).strict(),
  },
  'clipboard.clear': {
    request: z.object({}).strict(),
    response: z.object({}).strict(),
  },
  ...handoffApi,
  ...receiptApi,
  ...networkApi,
  /** The funder report (core/reports), written where the user picks; ASCII, a few KiB. */
  'reports.save': {
    request: z.strictObject({
      suggestedName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.csv$/),
      csv: z.string().min(1).max(1_000_000),
      /** The UI language: main words its save dialog in it, from its own table. */
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), path: z.string().min(1).max(4096) }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
  /** A spreadsheet picked for import, as bytes: the renderer decodes it (UTF-8, else Windows-1251). */
  'reports.openCsv': {
    request: z.strictObject({}),
    response: z.discriminatedUnion('status', [
      z.strictObject({
        status: z.literal('opened'),
        fileName: z.string().min(1).max(255),
        bytes: z.string().max(Math.ceil(MAX_IMPORT_CSV_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
  /** An encrypted vault backup (vault/admin-backup.ts), written where the admin picks; sha256 to note down. */
  'backup.save': {
    request: z.strictObject({
      suggestedName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.age$/),
      content: z.string().min(1).max(Math.ceil(MAX_BACKUP_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      language: languageSchema,
    }),
    response: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('saved'), path: z.string().min(1).max(4096), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
  /** A backup picked for restore, as bytes (size-capped). */
  'backup.open': {
    request: z.strictObject({}),
    response: z.discriminatedUnion('status', [
      z.strictObject({
        status: z.literal('opened'),
        bytes: z.string().max(Math.ceil(MAX_BACKUP_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
      }),
      z.strictObject({ status: z.literal('cancelled') }),
    ]),
  },
  /** Wipe, last step: main destroys every key file and clears the window's storage (the renderer has deleted its database). */
  'vault.wipe-storage': {
    request: z.strictObject({}),
    response: z.strictObject({}),
  },
  /** Practice reset, last step: main destroys every practice key file, and nothing else (the renderer has deleted the practice database). */
  'practice.reset': {
    request: z.strictObject({}),
    response: z.strictObject({}),
  },
  /** Main's failed-unlock count and how long until the next attempt (electron/main/unlock-delay.ts). */
  'unlock.delay': {
    request: z.strictObject({}),
    response: UnlockDelaySchema,
  },
  /** A wrong passphrase: main counts it and answers with the new wait. */
  'unlock.failed': {
    request: z.strictObject({}),
    response: UnlockDelaySchema,
  },
  'unlock.succeeded': {
    request: z.strictObject({}),
    response: z.strictObject({}),
  },
  /**
   * The page zeroed its keys ('locked': main replaces the renderer process), or, answering main's
   * lock request, an admin turned "lock on suspend" off ('kept').
   */
  'session.locked': {
    request: z.strictObject({ answer: z.enum(['locked', 'kept']) }),
    response: z.strictObject({}),
  },
  /**
   * The page begins a lock of its own that seals drafts before it zeroes its keys (idle): main
   * replaces it after its grace even if 'session.locked' never comes.
   */
  'session.locking': {
    request: z.strictObject({ reason: z.enum(['idle']) }),
    response: z.strictObject({}),
  },
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>;

export type RequestOf<C extends Channel> = z.input<(typeof api)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof api)[C]['response']>;

/**
 * What every IPC call resolves to: errors cross the bridge as data, never as thrown objects, and a
 * refusal is always the one shape of core/errors.ts (a code and safe details, no message).
 */
export const IpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  RefusalSchema.extend({ ok: z.literal(false) }),
]);
export type IpcResult = z.infer<typeof IpcResultSchema>;

/** The shape of `window.waystation`, as the preload exposes it. */
export type WaystationBridge = {
  [F in BridgeFunction]: (request: RequestOf<(typeof CHANNELS)[F]>) => Promise<IpcResult>;
} & {
  /** Subscribe to "lock now" from main (suspend, screen lock). Returns an unsubscribe function. */
  onLockRequest(listener: () => void): () => void;
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(api, value);
}
