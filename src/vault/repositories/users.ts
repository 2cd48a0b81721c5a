import type { User } from '../../core/model/user';
import { recordWriter, type RepositoryContext } from './record-writer';

/**
 * User records (services/users.ts holds the rules about who may change whom). `sign` signs a record
 * with the admin key against the one it replaces (session.ts): roles are signatures, not records.
 */
export function userRepository(ctx: RepositoryContext, sign: (user: User, previous: User | undefined) => User) {
  const write = recordWriter(ctx, 'user', 'administration');
  return {
    list: (): User[] => [...ctx.state().users.values()],
    get: (id: string): User | undefined => ctx.state().users.get(id),
    /** `action` names the change in the audit log, e.g. 'user.add', 'user.role-change', 'user.suspend'. */
    put: async (user: User, action: `user.${string}`) => {
      ctx.require('administration');
      return write(sign(user, ctx.state().users.get(user.id)), (v) => ({ action, details: { user: v.id, role: v.role, status: v.status } }));
    },
  };
}
