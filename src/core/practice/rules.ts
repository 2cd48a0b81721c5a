import type { Partner } from '../model/partner';
import type { Profile } from './profile';

/**
 * Where an export may go: from practice only to the built-in practice partner, from the real vault
 * never to it (docs/threat-model.md, "Practice isolation"). Invented people must not reach a real
 * partner, and a real person must not go out marked as invented.
 */
export function canExportTo(profile: Profile, partner: Partner): boolean {
  return profile === 'practice' ? partner.practice !== undefined : partner.practice === undefined;
}
