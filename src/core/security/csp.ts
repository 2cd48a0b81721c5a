/**
 * The renderer's Content-Security-Policy (docs/threat-model.md §15). One definition, used by the main
 * process (response header on app://), the build (meta tag) and the e2e harness (header), so the
 * tests exercise exactly what ships. No 'unsafe-eval' and no 'unsafe-inline'; libsodium's WASM
 * needs 'wasm-unsafe-eval'. connect-src 'self' lets the page fetch its own assets and nothing else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** The meta-tag form: frame-ancestors is ignored (and warned about) in a meta tag, so drop it there. */
export const CONTENT_SECURITY_POLICY_META = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
