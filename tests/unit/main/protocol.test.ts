import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/core/security/csp';
import { resolveAppAsset, serveAppRequest } from '../../../electron/main/protocol';

describe('app:// protocol', () => {
  const root = '/srv/renderer';
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppAsset('app://waystation/', root)).toEqual({ file: '/srv/renderer/index.html', mime: 'text/html; charset=utf-8' });
    expect(resolveAppAsset('app://waystation/assets/a.js?x=1#y', root)?.file).toBe('/srv/renderer/assets/a.js');
  });

  it('refuses traversal, other hosts, schemes and unknown types', () => {
    for (const url of [
      'app://waystation/assets/..%2f..%2fsecret.js',
      'app://waystation/a%00.js',
      'app://waystation/%E0%A4%A.js',
      'app://other/index.html',
      'file:///srv/renderer/index.html',
      'app://waystation/secret.key',
      'nonsense',
    ]) {
      expect(resolveAppAsset(url, root), url).toBeNull();
    }
  });

  it('never resolves outside the renderer folder', () => {
    // The URL parser folds dot segments first; whatever survives must still land inside root.
    for (const url of ['app://waystation/../etc/passwd.js', 'app://waystation/%2e%2e/%2e%2e/etc/passwd.js', 'app://waystation/a/../../../b.js']) {
      const asset = resolveAppAsset(url, root);
      expect(asset === null || asset.file.startsWith(`${root}/`), url).toBe(true);
    }
    expect(resolveAppAsset('app://waystation/%2e%2e/%2e%2e/etc/passwd.js', root)?.file).toBe('/srv/renderer/etc/passwd.js');
  });

  it('serves files with the CSP and nosniff headers, 404 otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ws-proto-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html>');
    const ok = await serveAppRequest('app://waystation/index.html', dir);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toBe('<!doctype html>');
    const missing = await serveAppRequest('app://waystation/assets/none.js', dir);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('the CSP has no unsafe-eval or unsafe-inline and allows WASM', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
  });
});
