import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePayload, tempDir } from '../handoff/helpers';

/**
 * The partner package as a partner gets it (docs/partners.md): built with the repository's CLI config,
 * packed with `npm pack`, installed from the tarball into an empty folder outside the repository with no
 * network, and run from the installed bin.
 */
const repo = resolve(__dirname, '../../..');
const source = join(repo, 'packages/waystation-handoff');
const dir = tempDir();
const at = (...parts: string[]) => join(dir.path, ...parts);
const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };
const tarball = at(`${manifest.name}-${manifest.version}.tgz`);
const installed = at('installed/node_modules/waystation-handoff');

/** The installed bin, with no NODE_PATH that could let it find the repository's node_modules. */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  delete env.NODE_PATH;
  const r = spawnSync(at('installed/node_modules/.bin/waystation-handoff'), args, { cwd: at('work'), encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // A copy of the package folder, so this build does not race the other CLI tests' build of the real one.
  const pkg = at('pkg');
  mkdirSync(pkg);
  cpSync(join(source, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(source, 'bin'), join(pkg, 'bin'), { recursive: true });
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', join(pkg, 'dist'), '--logLevel', 'error'], { cwd: repo, stdio: 'pipe' });
  execFileSync('npm', ['pack', '--pack-destination', dir.path], { cwd: pkg, stdio: 'pipe' });
  mkdirSync(at('installed'));
  mkdirSync(at('work'));
  execFileSync('npm', ['install', '--prefix', at('installed'), '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir.path, stdio: 'pipe' });
}, 180_000);
afterAll(() => dir.cleanup());

describe('the waystation-handoff package', () => {
  it('ships only its bin, its bundle and the bundled licences, and needs no other package', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(listed).toEqual(['package/package.json', ...manifest.files.map((f) => `package/${f}`)].sort());
    expect(readdirSync(at('installed/node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['waystation-handoff']);

    const bundle = readFileSync(join(installed, 'dist/waystation-handoff.mjs'), 'utf8');
    const imported = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1] ?? '');
    const required = [...bundle.matchAll(/require(?:\$1)?\("([^"]+)"\)/g)].map((m) => m[1] ?? '');
    for (const name of [...imported, ...required]) expect(builtinModules, name).toContain(name.replace(/^node:/, ''));
    // The app's country list is not part of the CLI.
    expect(bundle).not.toContain('Afghanistan');
    expect(readFileSync(join(installed, 'dist/THIRD-PARTY-LICENSES.md'), 'utf8')).toMatch(/## libsodium-sumo .*\(ISC\)/);
  });

  it('makes keys, seals a bundle, opens it and signs a receipt from the installed bin', () => {
    expect(cli('keygen', '--name', 'partner', '--out', 'keys').status).toBe(0);
    const org = cli('keygen', '--name', 'org', '--out', 'keys');
    expect(org.status, org.stderr).toBe(0);
    expect(org.stdout).toMatch(/^fingerprint: [0-9a-f]{32}$/m);

    mkdirSync(at('work/outgoing'));
    writeFileSync(at('work/outgoing/people.json'), JSON.stringify(samplePayload(2)));
    const sealed = cli('seal', '--in', 'outgoing', '--to', 'keys/partner.age.pub', '--sign', 'keys/org.minisign.key', '--expires', '7', '--out', 'bundle.age');
    expect(sealed.status, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/^sealed bundle [0-9a-f]{32}: 2 people for 1 recipient\(s\)/);

    const opened = cli('open', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub', '--out', 'received');
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toMatch(/^opened bundle [0-9a-f]{32} from "org" .*: 2 people,/);
    expect(JSON.parse(readFileSync(at('work/received/people.json'), 'utf8'))).toEqual(samplePayload(2));

    const receipt = cli('receipt', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/org.minisign.pub', '--sign', 'keys/partner.minisign.key', '--out', 'receipt.json');
    expect(receipt.status, receipt.stderr).toBe(0);
    expect(receipt.stdout).toMatch(/^receipt for bundle [0-9a-f]{32} from "org" .*: 2 people,/);
    expect(execFileSync('minisign', ['-Vm', at('work/receipt.json'), '-p', at('work/keys/partner.minisign.pub')], { encoding: 'utf8' })).toContain('Signature and comment signature verified');

    // A bundle signed by a key other than the pinned one is refused by the installed tool too.
    const forged = cli('open', 'bundle.age', '--identity', 'keys/partner.age', '--signer', 'keys/partner.minisign.pub', '--out', 'forged');
    expect(forged.status).toBe(13);
    expect(forged.stderr).toMatch(/^waystation-handoff: refused \(unknown-signer\): /);
  });
});
