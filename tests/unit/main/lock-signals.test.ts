import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { BusLike, BusOpeners } from '../../../electron/main/dbus-lock-signals';
import { initializeLockSignals } from '../../../electron/main/lock-signals';

/** Buses that record whether they were opened and deliver a screensaver signal on request. */
function recordingBuses() {
  const opened: string[] = [];
  const connections: EventEmitter[] = [];
  const bus = (name: string): BusLike => {
    opened.push(name);
    const connection = Object.assign(new EventEmitter(), { end: () => undefined });
    connections.push(connection);
    return { connection, addMatch: () => undefined };
  };
  const buses: BusOpeners = { system: () => bus('system'), session: () => bus('session') };
  const screensaverOn = () =>
    connections.forEach((c) => c.emit('message', { type: 4, interface: 'org.gnome.ScreenSaver', member: 'ActiveChanged', body: [true] }));
  return { buses, opened, screensaverOn };
}

describe('lock signals', () => {
  it.each(['linux', 'darwin', 'win32'])('on %s: locks on suspend and on screen lock, and stops after dispose', (platform) => {
    const powerMonitor = new EventEmitter();
    let locks = 0;
    const dispose = initializeLockSignals({ powerMonitor, platform, buses: recordingBuses().buses }, () => locks++);
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('resume');
    expect(locks).toBe(2);
    dispose();
    powerMonitor.emit('suspend');
    expect(locks).toBe(2);
  });

  it('on Linux also listens on the system and session buses', () => {
    const { buses, opened, screensaverOn } = recordingBuses();
    let locks = 0;
    initializeLockSignals({ powerMonitor: new EventEmitter(), platform: 'linux', buses }, () => locks++);
    expect(opened).toEqual(['system', 'session']);
    screensaverOn();
    expect(locks).toBe(1);
  });

  it.each(['darwin', 'win32'])('on %s opens no bus (powerMonitor reports screen lock there)', (platform) => {
    const { buses, opened } = recordingBuses();
    initializeLockSignals({ powerMonitor: new EventEmitter(), platform, buses }, () => undefined);
    expect(opened).toEqual([]);
  });
});
