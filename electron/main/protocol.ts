import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../src/core/security/csp';

/**
 * The renderer is served from app://waystation/, never from file:// (file pages get extra
 * privileges and share an origin with the whole disk). Resolution is a pure function so path
 * traversal and unknown types are tested under Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'waystation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Maps an app:// URL to a file inside `root`, or null when it is foreign, escapes root, or has an unserved type. */
export function resolveAppAsset(url: string, root: string): { file: string; mime: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  const mime = MIME[path.extname(file).toLowerCase()];
  return mime ? { file, mime } : null;
}

/** Security headers on every app:// response. */
export const APP_RESPONSE_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
} as const;

/** Builds the response for one app:// request (404 for anything unresolvable). */
export async function serveAppRequest(url: string, root: string): Promise<Response> {
  const asset = resolveAppAsset(url, root);
  if (!asset) return new Response('Not found', { status: 404, headers: APP_RESPONSE_HEADERS });
  try {
    const body = await readFile(asset.file);
    return new Response(body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': asset.mime } });
  } catch {
    return new Response('Not found', { status: 404, headers: APP_RESPONSE_HEADERS });
  }
}
