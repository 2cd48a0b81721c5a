import * as dbus from '@homebridge/dbus-native';

/**
 * Linux has no powerMonitor 'lock-screen' event, so main listens on D-Bus itself (docs/security.md,
 * sessions): logind's session Lock (loginctl lock-session, lid or power-key policy) and
 * PrepareForSleep(true) before suspend on the system bus; the desktop's screensaver
 * ActiveChanged(true) (freedesktop, GNOME, MATE, Cinnamon, Xfce) on the session bus. Signals are matched by interface and member only, so a
 * Lock for any session on the machine locks too: a false alarm only ever locks, never unlocks.
 * The bus is injected; with no bus (containers, minimal systems) nothing happens and nothing is logged.
 */

/** The fields of a D-Bus message we read (as @homebridge/dbus-native delivers them). */
export interface DBusMessage {
  type?: number;
  interface?: string;
  member?: string;
  body?: unknown[];
}

/** The part of a @homebridge/dbus-native bus we use. */
export interface BusLike {
  connection: {
    on(event: 'message', listener: (message: DBusMessage) => void): unknown;
    on(event: 'error', listener: (error: unknown) => void): unknown;
    end(): unknown;
  };
  addMatch(rule: string, callback: (error: unknown) => void): void;
}

const SIGNAL = 4;

interface LockSignal {
  interface: string;
  member: string;
  /** Whether the signal's first argument must be `true` (entering sleep, screensaver switched on). */
  whenTrue: boolean;
}

export const SYSTEM_BUS_SIGNALS: readonly LockSignal[] = [
  { interface: 'org.freedesktop.login1.Session', member: 'Lock', whenTrue: false },
  { interface: 'org.freedesktop.login1.Manager', member: 'PrepareForSleep', whenTrue: true },
];

export const SESSION_BUS_SIGNALS: readonly LockSignal[] = [
  { interface: 'org.freedesktop.ScreenSaver', member: 'ActiveChanged', whenTrue: true },
  { interface: 'org.gnome.ScreenSaver', member: 'ActiveChanged', whenTrue: true },
  // The gnome-screensaver forks of MATE, Cinnamon and Xfce keep the signal under their own names.
  { interface: 'org.mate.ScreenSaver', member: 'ActiveChanged', whenTrue: true },
  { interface: 'org.cinnamon.ScreenSaver', member: 'ActiveChanged', whenTrue: true },
  { interface: 'org.xfce.ScreenSaver', member: 'ActiveChanged', whenTrue: true },
];

export function matchRule(signal: LockSignal): string {
  return `type='signal',interface='${signal.interface}',member='${signal.member}'`;
}

/** Whether a message is one of `signals` asking to lock. */
export function isLockSignal(message: DBusMessage, signals: readonly LockSignal[]): boolean {
  if (message.type !== SIGNAL) return false;
  const signal = signals.find((s) => s.interface === message.interface && s.member === message.member);
  return signal !== undefined && (!signal.whenTrue || message.body?.[0] === true);
}

/** Listens on one bus for `signals` and calls `lockNow` for each. Returns a function that closes the bus. */
export function watchBus(bus: BusLike, signals: readonly LockSignal[], lockNow: () => void): () => void {
  // An unanswered 'error' event would throw in main; a bus that fails simply sends nothing.
  bus.connection.on('error', () => undefined);
  bus.connection.on('message', (message) => {
    if (isLockSignal(message, signals)) lockNow();
  });
  for (const signal of signals) bus.addMatch(matchRule(signal), () => undefined);
  return () => void bus.connection.end();
}

export interface BusOpeners {
  system(): BusLike;
  session(): BusLike;
}

/** Both buses; one that cannot be opened (no address, no socket) is skipped. Returns a function that closes them. */
export function initializeDBusLockSignals(open: BusOpeners, lockNow: () => void): () => void {
  const closers: (() => void)[] = [];
  for (const [opener, signals] of [
    [open.system, SYSTEM_BUS_SIGNALS],
    [open.session, SESSION_BUS_SIGNALS],
  ] as const) {
    let bus: BusLike;
    try {
      bus = opener();
    } catch {
      continue;
    }
    closers.push(watchBus(bus, signals, lockNow));
  }
  return () => closers.forEach((close) => close());
}

/** The real buses (the library's typings omit sessionBus and the connection's events). */
export const nativeBuses: BusOpeners = {
  system: () => (dbus as unknown as { systemBus(): BusLike }).systemBus(),
  session: () => (dbus as unknown as { sessionBus(): BusLike }).sessionBus(),
};
