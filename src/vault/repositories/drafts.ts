import type { RepositoryContext } from './record-writer';

/**
 * Sealed drafts (src/vault/drafts.ts seals and opens them): read after unlock, removed once the
 * user continued or discarded them, or they expired. Any role may remove drafts; removing is the
 * only write, and sealing happens in the lock's last page (Session.lockAndRecord).
 */
export function draftRepository(ctx: RepositoryContext) {
  return {
    sealed: (): ReadonlyMap<string, Uint8Array> => ctx.state().drafts,
    remove: async (ids: readonly string[]): Promise<void> => {
      const known = ids.filter((id) => ctx.state().drafts.has(id));
      if (known.length === 0) return;
      await ctx.commit(
        known.map((id) => ({ t: 'draft', id, del: true })),
        { action: 'draft.remove', details: { count: known.length } },
      );
    },
  };
}
