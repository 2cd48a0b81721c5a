import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { LOCK_EVENT } from '../../../src/core/channels';
import { initializeLockSignals } from '../../../electron/main/lock-signals';

describe('lock signals', () => {
  it('sends the lock message on suspend and on screen lock, and stops after dispose', () => {
    const power = new EventEmitter();
    const sent: string[] = [];
    const dispose = initializeLockSignals(power, (channel) => sent.push(channel));
    power.emit('suspend');
    power.emit('lock-screen');
    power.emit('resume');
    expect(sent).toEqual([LOCK_EVENT, LOCK_EVENT]);
    dispose();
    power.emit('suspend');
    expect(sent).toHaveLength(2);
  });
});
