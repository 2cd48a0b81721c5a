/**
 * A packaged build refuses to start with a switch that opens a debugger, turns off the sandbox or
 * web security, logs page content, or reroutes its traffic (docs/security.md, process isolation).
 * The fuses already ignore Node's inspect flags; this also covers Chromium's and V8's switches.
 */

/** Switches refused by name, with or without a value. */
const REFUSED = new Set([
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-debugging-io-pipes',
  'remote-allow-origins',
  'auto-open-devtools-for-tabs',
  'js-flags',
  'no-sandbox',
  'disable-setuid-sandbox',
  'disable-seccomp-filter-sandbox',
  'disable-gpu-sandbox',
  'no-zygote',
  'disable-web-security',
  'disable-site-isolation-trials',
  'disable-features',
  'allow-file-access-from-files',
  'allow-file-access',
  'allow-running-insecure-content',
  'ignore-certificate-errors',
  'enable-logging',
  'log-file',
  'log-net-log',
  'v',
  'vmodule',
  'host-rules',
  'host-resolver-rules',
  'proxy-server',
  'proxy-pac-url',
  'load-extension',
  'renderer-cmd-prefix',
  'utility-cmd-prefix',
  'gpu-launcher',
  'browser-subprocess-path',
]);

/** Switch families refused by prefix: --inspect, --inspect-brk, --inspect-port, --debug… */
const REFUSED_PREFIXES = ['inspect', 'debug', 'remote-debugging'];

/** Environment variables with the same effect as a refused switch. */
const REFUSED_ENV = ['ELECTRON_ENABLE_LOGGING', 'ELECTRON_LOG_FILE', 'ELECTRON_ENABLE_STACK_DUMPING'];

/** The name of a switch as Chromium reads it ("--", "-" or, on Windows, "/"; case-insensitive), else undefined. */
function switchName(arg: string, platform: string): string | undefined {
  const prefix = /^--?/.exec(arg) ?? (platform === 'win32' ? /^\//.exec(arg) : null);
  if (!prefix || arg.length === prefix[0].length) return undefined;
  return arg.slice(prefix[0].length).split('=', 1)[0]!.toLowerCase();
}

/**
 * The first refused switch or variable in this start, or undefined. Every argument is checked,
 * even after a bare "--": the app takes no arguments of its own, so nothing legitimate is lost.
 */
export function refusedSwitch(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, platform: string): string | undefined {
  for (const arg of argv.slice(1)) {
    const name = switchName(arg, platform);
    if (name !== undefined && (REFUSED.has(name) || REFUSED_PREFIXES.some((p) => name.startsWith(p)))) return `--${name}`;
  }
  return REFUSED_ENV.find((name) => env[name] !== undefined);
}

export interface StartGuardDeps {
  packaged: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  platform: string;
  writeError(line: string): void;
  exit(code: number): void;
}

/** Run first in main: a packaged build started with a refused switch writes one line and exits. Returns whether it refused. */
export function refuseUnsafeStart(deps: StartGuardDeps): boolean {
  if (!deps.packaged) return false;
  const refused = refusedSwitch(deps.argv, deps.env, deps.platform);
  if (refused === undefined) return false;
  deps.writeError(`Waystation does not start with ${refused}.\n`);
  deps.exit(1);
  return true;
}
