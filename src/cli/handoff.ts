import type { Clock } from '../core/clock';
import { systemClock } from '../core/clock';
import { constants as fsConstants } from 'node:fs';
import { lstat, mkdir, open, readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import {
  encodeMinisignPublicKey,
  encodeMinisignSecretKey,
  generateMinisignKeyPair,
  minisignFingerprint,
  minisignKeyIdHex,
  MinisignError,
  parseMinisignPublicKey,
  parseMinisignSecretKey,
  type MinisignPublicKey,
} from '../core/crypto/minisign';
import {
  BUNDLE_ERROR_REASONS,
  BundleError,
  buildSignedArchive,
  DEFAULT_LIMITS,
  encryptBundle,
  openBundle,
  PEOPLE_CSV,
  PEOPLE_JSON,
  SENSITIVE_FIELDS,
  type ExportProfile,
  type OpenedBundle,
} from '../core/handoff';
import { parseUntrustedJson } from '../core/handoff/json';
import { AppError } from '../core/errors';
import { receiptFor, SIGNATURE_SUFFIX, signReceipt } from '../core/handoff/receipt';
import { exists, LocalError, readRegularFile, readText, writeDirAtomically, writeFilesAtomically } from './files';

/*
 * waystation-handoff: the partner's side of a handoff (and the sender's, for tests and small shelters).
 * Exit codes: 0 ok, 2 usage, 3 local problem (missing or invalid key file, output exists), and 10 + the
 * index of the refusal reason in BUNDLE_ERROR_REASONS (10 too-large … 18 invalid-content).
 */

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_LOCAL = 3;
export const exitCodeFor = (reason: BundleError['reason']): number => 10 + BUNDLE_ERROR_REASONS.indexOf(reason);

export interface Io {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  /** The time stamped on keys and bundles and checked against expiry. */
  readonly now: Clock;
}

const USAGE = [
  'usage: waystation-handoff keygen --name NAME --out DIR',
  '       waystation-handoff seal --in PAYLOAD_DIR --to RECIPIENTS_FILE [--to …] --sign NAME.minisign.key --expires DAYS --out FILE',
  '       waystation-handoff open FILE --identity NAME.age --signer SENDER.minisign.pub [--signer …] --out DIR [--seen FILE]',
  '       waystation-handoff verify FILE --identity NAME.age --signer SENDER.minisign.pub [--signer …] [--seen FILE]',
  '       waystation-handoff receipt FILE --identity NAME.age --signer SENDER.minisign.pub [--signer …] --sign NAME.minisign.key --out RECEIPT',
].join('\n');

const COMMANDS: Record<string, { positionals: number; required: string[]; optional: string[]; repeatable: string[] }> = {
  keygen: { positionals: 0, required: ['name', 'out'], optional: [], repeatable: [] },
  seal: { positionals: 0, required: ['in', 'to', 'sign', 'expires', 'out'], optional: [], repeatable: ['to'] },
  open: { positionals: 1, required: ['identity', 'signer', 'out'], optional: ['seen'], repeatable: ['signer'] },
  verify: { positionals: 1, required: ['identity', 'signer'], optional: ['seen'], repeatable: ['signer'] },
  receipt: { positionals: 1, required: ['identity', 'signer', 'sign', 'out'], optional: [], repeatable: ['signer'] },
};

class UsageError extends Error {}

const defaultIo: Io = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  now: systemClock,
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  try {
    const now = io.now();
    const args = parseArgs(argv);
    const one = (name: string) => args.options.get(name)?.[0] ?? '';
    switch (args.command) {
      case 'keygen':
        io.stdout(await keygen(one('name'), one('out'), now));
        break;
      case 'seal':
        io.stdout(await seal(one('in'), args.options.get('to') ?? [], one('sign'), one('expires'), one('out'), now));
        break;
      case 'open':
      case 'verify':
        io.stdout(await openOrVerify(args.command, args.positionals[0] ?? '', args.options, now));
        break;
      case 'receipt':
        io.stdout(await receipt(args.positionals[0] ?? '', args.options, now));
        break;
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof BundleError) {
      io.stderr(`waystation-handoff: refused (${error.reason}): ${error.message}`);
      return exitCodeFor(error.reason);
    }
    if (error instanceof UsageError) {
      io.stderr(`waystation-handoff: ${error.message}\n${USAGE}`);
      return EXIT_USAGE;
    }
    // A core refusal names its code, the same one the app translates (src/core/errors.ts).
    const message = error instanceof Error ? error.message : String(error);
    const code = error instanceof AppError ? ` (${error.code})` : '';
    io.stderr(`waystation-handoff: error${code}: ${message.split('\n')[0]}`);
    return EXIT_LOCAL;
  }
}

function parseArgs(argv: readonly string[]): { command: string; positionals: string[]; options: Map<string, string[]> } {
  const [command, ...rest] = argv;
  const spec = command === undefined ? undefined : COMMANDS[command];
  if (command === undefined || spec === undefined) throw new UsageError(command === undefined ? 'missing command' : `unknown command "${command}"`);
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (!spec.required.includes(name) && !spec.optional.includes(name)) throw new UsageError(`unknown option --${name} for ${command}`);
    const value = rest[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const values = options.get(name) ?? [];
    if (values.length > 0 && !spec.repeatable.includes(name)) throw new UsageError(`--${name} given twice`);
    options.set(name, [...values, value]);
  }
  if (positionals.length !== spec.positionals) throw new UsageError(`${command} takes ${spec.positionals === 1 ? 'one FILE' : 'no'} argument`);
  const missing = spec.required.find((name) => !options.has(name));
  if (missing !== undefined) throw new UsageError(`${command} needs --${missing}`);
  return { command, positionals, options };
}

async function keygen(name: string, outDir: string, now: Date): Promise<string> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new UsageError('--name must be letters, digits, ".", "_" or "-" (at most 64)');
  const dir = resolve(outDir);
  const targets = ['.age', '.age.pub', '.minisign.key', '.minisign.pub'].map((suffix) => join(dir, name + suffix));
  for (const target of targets) if (await exists(target)) throw new LocalError(`${target} already exists; refusing to overwrite it`);

  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  const { publicKey, secretKey } = await generateMinisignKeyPair();
  const contents = [
    `# created: ${now.toISOString()}\n# public key: ${recipient}\n${identity}\n`,
    `${recipient}\n`,
    await encodeMinisignSecretKey(secretKey),
    encodeMinisignPublicKey(publicKey),
  ];
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFilesAtomically(targets.map((target, i) => [target, new TextEncoder().encode(contents[i])] as const));
  return [
    `created ${targets.join(', ')}`,
    `age recipient: ${recipient}`,
    `minisign key id: ${minisignKeyIdHex(publicKey.keyId)}`,
    `minisign public key: ${encodeMinisignPublicKey(publicKey).split('\n')[1]}`,
    `fingerprint: ${await minisignFingerprint(publicKey)}`,
  ].join('\n');
}

async function seal(inDir: string, toFiles: readonly string[], signFile: string, expiresDays: string, outFile: string, now: Date): Promise<string> {
  const days = Number(expiresDays);
  if (!/^\d+$/.test(expiresDays) || days < 1 || days > 3650) throw new UsageError('--expires must be a whole number of days from 1 to 3650');
  const out = resolve(outFile);
  if (await exists(out)) throw new LocalError(`${out} already exists; refusing to overwrite it`);

  const entries = await readdir(inDir).catch(() => {
    throw new LocalError(`cannot read payload folder ${inDir}`);
  });
  const unexpected = entries.find((e) => e !== PEOPLE_JSON && e !== PEOPLE_CSV);
  if (unexpected !== undefined) throw new LocalError(`unexpected file in ${inDir}: ${unexpected} (a bundle carries ${PEOPLE_JSON}; ${PEOPLE_CSV} is generated from it)`);
  if (!entries.includes(PEOPLE_JSON)) throw new LocalError(`${inDir} has no ${PEOPLE_JSON}`);
  const people = await readRegularFile(join(inDir, PEOPLE_JSON), DEFAULT_LIMITS.maxUnpackedBytes);
  const payload = parseUntrustedJson(people, PEOPLE_JSON, { maxBytes: DEFAULT_LIMITS.maxUnpackedBytes, maxDepth: DEFAULT_LIMITS.maxJsonDepth });
  const profile = profileOf(payload);
  const recipients = (await Promise.all(toFiles.map(readRecipientsFile))).flat();
  const signingKey = await parseMinisignSecretKey(await readText(signFile)).catch(rethrowKey(signFile));
  const senderName = basename(signFile).replace(/\.minisign\.key$/, '');
  const created = now;
  const { archive, manifest } = await buildSignedArchive({
    payload,
    manifestInfo: { senderName, recipients, profile, created, expires: new Date(created.getTime() + days * 86_400_000) },
    signingKey,
  });
  const bundle = await encryptBundle(archive, recipients);
  await writeFilesAtomically([[out, bundle]]);
  const sensitive = SENSITIVE_FIELDS.filter((f) => profile[f]);
  return (
    `sealed bundle ${manifest.bundleId}: ${countPeople(manifest.counts.people)} for ${recipients.length} recipient(s), ` +
    `${sensitive.length > 0 ? `including ${sensitive.join(', ')}` : 'no sensitive fields'}, expires ${manifest.expires}; wrote ${out}`
  );
}

async function openOrVerify(command: 'open' | 'verify', file: string, options: Map<string, string[]>, now: Date): Promise<string> {
  const outDir = options.get('out')?.[0];
  const out = outDir === undefined ? undefined : resolve(outDir);
  if (out !== undefined && (await exists(out))) throw new LocalError(`${out} already exists; refusing to write into it`);
  if (out !== undefined && !(await exists(dirname(out)))) throw new LocalError(`${dirname(out)} does not exist`);
  const seenFile = options.get('seen')?.[0];
  const seen = seenFile === undefined ? new Set<string>() : await readSeen(seenFile);
  const { opened } = await readAndOpen(file, options, now, seen);

  if (out !== undefined) {
    await writeDirAtomically(out, opened.files);
    if (seenFile !== undefined) await appendSeen(seenFile, opened.manifest.bundleId);
  }
  const line = `${command === 'open' ? 'opened' : 'verified'} ${summary(opened)}${out === undefined ? '' : `; wrote ${out}`}`;
  return opened.manifest.practice ? `${PRACTICE_WARNING}\n${line}` : line;
}

/** Opens and verifies the bundle like `verify`, then writes RECEIPT and RECEIPT.minisig, signed with --sign. */
async function receipt(file: string, options: Map<string, string[]>, now: Date): Promise<string> {
  const out = resolve(options.get('out')?.[0] ?? '');
  const signature = out + SIGNATURE_SUFFIX;
  for (const target of [out, signature]) if (await exists(target)) throw new LocalError(`${target} already exists; refusing to overwrite it`);
  const signFile = options.get('sign')?.[0] ?? '';
  const signingKey = await parseMinisignSecretKey(await readText(signFile)).catch(rethrowKey(signFile));
  const { opened, bytes } = await readAndOpen(file, options, now, new Set());
  const signed = await signReceipt(await receiptFor(opened.manifest, bytes, now), signingKey);
  await writeFilesAtomically([
    [out, signed.file],
    [signature, new TextEncoder().encode(signed.signature)],
  ]);
  return `receipt for ${summary(opened)}; wrote ${out} and ${signature}`;
}

async function readAndOpen(file: string, options: Map<string, string[]>, now: Date, seen: ReadonlySet<string>): Promise<{ opened: OpenedBundle; bytes: Uint8Array }> {
  const identities = await readIdentityFile(options.get('identity')?.[0] ?? '');
  const trustedSigners = await Promise.all((options.get('signer') ?? []).map(readSigner));
  const info = await lstat(file).catch(() => {
    throw new LocalError(`cannot read ${file}`);
  });
  if (info.size > DEFAULT_LIMITS.maxBytes) throw new BundleError('too-large', `the bundle is larger than ${DEFAULT_LIMITS.maxBytes} bytes`);
  const bytes = await readRegularFile(file, DEFAULT_LIMITS.maxBytes);
  const opened = await openBundle(bytes, { identities, trustedSigners, now, alreadyImported: (id) => seen.has(id) });
  return { opened, bytes };
}

/** Printed first for a bundle from practice mode (manifest `practice: true`, docs/bundle-format.md). */
export const PRACTICE_WARNING = 'PRACTICE BUNDLE: made in practice mode, every person in it is invented. Do not act on it as a real handoff.';

/** The CLI has no profile screen: the profile is what people.json holds, and the manifest declares it. */
function profileOf(payload: unknown): ExportProfile {
  const people: unknown = (payload as { people?: unknown } | null)?.people;
  const rows = Array.isArray(people) ? people : [];
  const has = (field: string) => rows.some((p: unknown) => typeof p === 'object' && p !== null && Object.hasOwn(p, field));
  return { legalName: has('legalName'), phone: has('phone'), notes: has('notes') };
}

const countPeople = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

function summary({ manifest, signer }: OpenedBundle): string {
  return (
    `bundle ${manifest.bundleId} from "${manifest.sender.name}" (key ${signer.keyId}, fingerprint ${signer.fingerprint}): ` +
    `${countPeople(manifest.counts.people)}, created ${manifest.created}, expires ${manifest.expires}`
  );
}

async function readIdentityFile(path: string): Promise<string[]> {
  const identities = contentLines(await readText(path));
  if (identities.length === 0) throw new LocalError(`${path} holds no age identity`);
  for (const identity of identities) {
    await identityToRecipient(identity).catch(() => {
      throw new LocalError(`${path} is not an age identity file (AGE-SECRET-KEY-1… lines)`);
    });
  }
  return identities;
}

async function readRecipientsFile(path: string): Promise<string[]> {
  const recipients = contentLines(await readText(path));
  if (recipients.length === 0) throw new LocalError(`${path} holds no age recipient`);
  return recipients;
}

async function readSigner(path: string): Promise<MinisignPublicKey> {
  try {
    return parseMinisignPublicKey(await readText(path));
  } catch (error) {
    return rethrowKey(path)(error);
  }
}

function rethrowKey(path: string): (error: unknown) => never {
  return (error) => {
    throw error instanceof MinisignError ? new LocalError(`${path}: ${error.message}`) : error;
  };
}

async function readSeen(path: string): Promise<Set<string>> {
  if (!(await exists(path))) return new Set();
  return new Set(contentLines(await readText(path)));
}

async function appendSeen(path: string, bundleId: string): Promise<void> {
  const handle = await open(path, fsConstants.O_WRONLY | fsConstants.O_APPEND | fsConstants.O_CREAT, 0o600);
  try {
    await handle.write(`${bundleId}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Non-empty lines that are not `#` comments: the age identity and recipients file syntax. */
function contentLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
