import type { ReceivedAvailability } from '../../core/network/received';
import { recordWriter, type RepositoryContext } from './record-writer';

/** The newest availability report of each sibling (network.ts checks and orders them; staff and admins). */
export function availabilityRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'availability', 'handoff');
  return {
    put: (received: ReceivedAvailability) =>
      write(received, (v) => ({ action: 'network.report', details: { partner: v.id, report: v.reportId, at: v.report.at } })),
  };
}
