import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as dbus from '@homebridge/dbus-native';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SESSION_BUS_SIGNALS, SYSTEM_BUS_SIGNALS, watchBus, type BusLike } from '../../../electron/main/dbus-lock-signals';

// The library and a real daemon: signal bodies arrive as JavaScript booleans, fields are named as
// dbus-lock-signals.ts reads them. Skipped where dbus-daemon is not installed.
const haveDaemon = existsSync('/usr/bin/dbus-daemon') && existsSync('/usr/bin/dbus-send');
const createClient = (dbus as unknown as { createClient(options: { busAddress: string }): BusLike }).createClient;

describe.skipIf(!haveDaemon)('D-Bus lock signals on a real private bus', () => {
  let daemon: ChildProcess;
  let address: string;

  beforeAll(async () => {
    daemon = spawn('/usr/bin/dbus-daemon', ['--session', '--nofork', '--print-address']);
    address = await new Promise<string>((resolve) => daemon.stdout!.once('data', (chunk) => resolve(String(chunk).trim())));
  });
  afterAll(() => void daemon.kill());

  const send = (path: string, signal: string, ...args: string[]) =>
    execFileSync('/usr/bin/dbus-send', [`--bus=${address}`, '--type=signal', path, signal, ...args]);

  it('locks on Lock, PrepareForSleep(true) and ActiveChanged(true), and on nothing else', async () => {
    let locks = 0;
    const bus = createClient({ busAddress: address });
    const close = watchBus(bus, [...SYSTEM_BUS_SIGNALS, ...SESSION_BUS_SIGNALS], () => locks++);
    // The daemon answers in order: once this rule is acknowledged, watchBus's rules are in place.
    await new Promise((resolve) => bus.addMatch("type='signal',interface='org.example.Flush'", resolve));
    send('/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:false');
    send('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:false');
    send('/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session.Unlock');
    send('/org/example', 'org.example.Other.Lock');
    send('/org/freedesktop/login1', 'org.freedesktop.login1.Manager.PrepareForSleep', 'boolean:true');
    send('/org/freedesktop/login1/session/_32', 'org.freedesktop.login1.Session.Lock');
    send('/ScreenSaver', 'org.freedesktop.ScreenSaver.ActiveChanged', 'boolean:true');
    // The bus delivers in order, so once the last one is seen, the ignored ones have been too.
    await vi.waitFor(() => expect(locks).toBe(3));
    close();
  });

  it('a bus address with no daemon behind it fails quietly', async () => {
    const bus = createClient({ busAddress: 'unix:path=/nonexistent/waystation-test-socket' });
    const errors: unknown[] = [];
    bus.connection.on('error', (error) => errors.push(error));
    watchBus(bus, SYSTEM_BUS_SIGNALS, () => undefined);
    await vi.waitFor(() => expect(errors).toHaveLength(1));
  });
});
