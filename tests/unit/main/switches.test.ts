import { describe, expect, it } from 'vitest';
import { refusedSwitch, refuseUnsafeStart } from '../../../electron/main/switches';

const EXE = '/opt/Waystation/waystation';

describe('start-up switch guard', () => {
  it.each([
    '--remote-debugging-port=9222',
    '--remote-debugging-pipe',
    '--inspect',
    '--inspect=9229',
    '--inspect-brk',
    '--inspect-brk=0.0.0.0:9229',
    '--inspect-port=1',
    '--js-flags=--allow-natives-syntax',
    '--no-sandbox',
    '--disable-web-security',
    '--disable-site-isolation-trials',
    '--allow-file-access-from-files',
    '--enable-logging',
    '--enable-logging=stderr',
    '--v=1',
    '--host-rules=MAP * evil.example',
    '--host-resolver-rules=MAP * 127.0.0.1',
    '--proxy-server=http://evil.example:8080',
    '-no-sandbox',
    '--No-Sandbox',
  ])('refuses %s', (arg) => {
    expect(refusedSwitch([EXE, arg], {}, 'linux')).toBeDefined();
  });

  it('refuses a switch anywhere on the line, even after "--"', () => {
    expect(refusedSwitch([EXE, 'file.txt', '--', '--inspect'], {}, 'linux')).toBe('--inspect');
  });

  it('reads /switch as a switch on Windows only', () => {
    expect(refusedSwitch([EXE, '/remote-debugging-port=9222'], {}, 'win32')).toBe('--remote-debugging-port');
    expect(refusedSwitch([EXE, '/no-sandbox'], {}, 'linux')).toBeUndefined();
  });

  it('refuses logging switched on through the environment', () => {
    expect(refusedSwitch([EXE], { ELECTRON_ENABLE_LOGGING: '1' }, 'linux')).toBe('ELECTRON_ENABLE_LOGGING');
  });

  it('lets an ordinary start through', () => {
    expect(refusedSwitch([EXE], { HOME: '/home/a', LANG: 'ru_RU.UTF-8' }, 'linux')).toBeUndefined();
    expect(refusedSwitch([EXE, '--lang=ru', '-', '--'], {}, 'linux')).toBeUndefined();
    // The executable's own path is not an argument.
    expect(refusedSwitch(['--inspect'], {}, 'linux')).toBeUndefined();
  });

  function start(packaged: boolean, argv: string[]) {
    const out: { lines: string[]; codes: number[] } = { lines: [], codes: [] };
    const refused = refuseUnsafeStart({
      packaged,
      argv,
      env: {},
      platform: 'linux',
      writeError: (line) => out.lines.push(line),
      exit: (code) => out.codes.push(code),
    });
    return { refused, ...out };
  }

  it('a packaged build exits with one line on stderr', () => {
    expect(start(true, [EXE, '--inspect=9229'])).toEqual({
      refused: true,
      lines: ['Waystation does not start with --inspect.\n'],
      codes: [1],
    });
  });

  it('a packaged build starts normally without them; a development build ignores the guard (its tools need the switches)', () => {
    expect(start(true, [EXE])).toEqual({ refused: false, lines: [], codes: [] });
    expect(start(false, [EXE, '--remote-debugging-port=0', '--inspect=0'])).toEqual({ refused: false, lines: [], codes: [] });
  });
});
