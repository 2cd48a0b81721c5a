import type { Settings } from '../../core/model/settings';
import { DURESS_ID, SECURITY_ID, SETTINGS_ID, type SecuritySettings } from '../records';
import { recordWriter, type RepositoryContext } from './record-writer';

/** The organisation's settings (one record, admin only). */
export function settingsRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'settings', 'administration');
  return {
    get: (): Settings => ctx.state().settings,
    update: (patch: Partial<Settings>) => write({ ...ctx.state().settings, ...patch }, () => ({ action: 'settings.change', details: {} }), SETTINGS_ID),
  };
}

/** The key side's settings: Argon2id cost of new slots, lock on suspend (one record, admin only). */
export function securityRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'security', 'administration');
  return {
    get: (): SecuritySettings => ctx.state().security,
    update: (patch: Partial<SecuritySettings>) =>
      write({ ...ctx.state().security, ...patch }, () => ({ action: 'security.change', details: {} }), SECURITY_ID),
  };
}

/** Which passphrase slot is the duress slot (services/duress.ts sets it; null when there is none). */
export function duressRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'duress', 'administration');
  return {
    slotId: (): string | null => ctx.state().duressSlotId,
    set: (slotId: string | null) => write({ slotId }, () => ({ action: slotId ? 'duress.set' : 'duress.clear', details: {} }), DURESS_ID),
  };
}
