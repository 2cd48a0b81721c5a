import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  initializeDBusLockSignals,
  type BusLike,
  type DBusMessage,
} from '../../../electron/main/dbus-lock-signals';

const SIGNAL = 4;

/** A bus with no daemon behind it: records match rules, delivers what a test emits. */
function fakeBus() {
  const connection = Object.assign(new EventEmitter(), { ended: false, end: () => void (connection.ended = true) });
  const rules: string[] = [];
  const bus: BusLike & { rules: string[]; deliver(message: DBusMessage): void; connection: typeof connection } = {
    connection,
    rules,
    addMatch: (rule, callback) => {
      rules.push(rule);
      callback(undefined);
    },
    deliver: (message) => void connection.emit('message', message),
  };
  return bus;
}

function setup() {
  const system = fakeBus();
  const session = fakeBus();
  let locks = 0;
  const dispose = initializeDBusLockSignals({ system: () => system, session: () => session }, () => locks++);
  return { system, session, dispose, locks: () => locks };
}

describe('D-Bus lock signals (Linux)', () => {
  it('asks the bus daemons for exactly the signals it listens to', () => {
    const { system, session } = setup();
    expect(system.rules).toEqual([
      "type='signal',interface='org.freedesktop.login1.Session',member='Lock'",
      "type='signal',interface='org.freedesktop.login1.Manager',member='PrepareForSleep'",
    ]);
    expect(session.rules).toEqual([
      "type='signal',interface='org.freedesktop.ScreenSaver',member='ActiveChanged'",
      "type='signal',interface='org.gnome.ScreenSaver',member='ActiveChanged'",
      "type='signal',interface='org.mate.ScreenSaver',member='ActiveChanged'",
      "type='signal',interface='org.cinnamon.ScreenSaver',member='ActiveChanged'",
      "type='signal',interface='org.xfce.ScreenSaver',member='ActiveChanged'",
    ]);
  });

  it("locks on logind's session Lock", () => {
    const { system, locks } = setup();
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Session', member: 'Lock', body: [] });
    expect(locks()).toBe(1);
  });

  it('locks on PrepareForSleep(true), before the machine suspends, and not on the wake-up PrepareForSleep(false)', () => {
    const { system, locks } = setup();
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', body: [true] });
    expect(locks()).toBe(1);
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', body: [false] });
    expect(locks()).toBe(1);
  });

  it.each(['org.freedesktop.ScreenSaver', 'org.gnome.ScreenSaver', 'org.mate.ScreenSaver', 'org.cinnamon.ScreenSaver', 'org.xfce.ScreenSaver'])('locks when %s turns on, not when it turns off', (iface) => {
    const { session, locks } = setup();
    session.deliver({ type: SIGNAL, interface: iface, member: 'ActiveChanged', body: [true] });
    expect(locks()).toBe(1);
    session.deliver({ type: SIGNAL, interface: iface, member: 'ActiveChanged', body: [false] });
    expect(locks()).toBe(1);
  });

  it('ignores everything else: other members, method calls with a lock name, the wrong bus, malformed bodies', () => {
    const { system, session, locks } = setup();
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Session', member: 'Unlock', body: [] });
    system.deliver({ type: 1, interface: 'org.freedesktop.login1.Session', member: 'Lock', body: [] });
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', body: ['true'] });
    system.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep' });
    session.deliver({ type: SIGNAL, interface: 'org.freedesktop.login1.Session', member: 'Lock', body: [] });
    system.deliver({ type: SIGNAL, interface: 'org.gnome.ScreenSaver', member: 'ActiveChanged', body: [true] });
    session.deliver({});
    expect(locks()).toBe(0);
  });

  it('a bus that cannot be opened is skipped quietly and the other still works', () => {
    const session = fakeBus();
    let locks = 0;
    initializeDBusLockSignals(
      {
        system: () => {
          throw new Error('unknown bus address');
        },
        session: () => session,
      },
      () => locks++,
    );
    session.deliver({ type: SIGNAL, interface: 'org.gnome.ScreenSaver', member: 'ActiveChanged', body: [true] });
    expect(locks).toBe(1);
  });

  it('a connection error (no socket, daemon gone) is absorbed instead of crashing main', () => {
    const { system } = setup();
    expect(() => system.connection.emit('error', new Error('connect ENOENT /var/run/dbus/system_bus_socket'))).not.toThrow();
  });

  it('dispose closes both connections', () => {
    const { system, session, dispose } = setup();
    dispose();
    expect([system.connection.ended, session.connection.ended]).toEqual([true, true]);
  });

});
