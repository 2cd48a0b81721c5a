import type { Partner } from '../../core/model/partner';
import { recordWriter, type RepositoryContext } from './record-writer';

/** Resettlement partners (handoff.ts builds and checks them; staff and admins only). */
export function partnerRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'partner', 'handoff');
  return { put: (partner: Partner) => write(partner, (v) => ({ action: 'partner.save', details: { partner: v.id } })) };
}
