import type { User } from '../../core/model/user';
import { recordWriter, type RepositoryContext } from './record-writer';

/** User records (services/users.ts holds the rules about who may change whom). */
export function userRepository(ctx: RepositoryContext) {
  const write = recordWriter(ctx, 'user', 'administration');
  return {
    list: (): User[] => [...ctx.state().users.values()],
    get: (id: string): User | undefined => ctx.state().users.get(id),
    /** `action` names the change in the audit log, e.g. 'user.add', 'user.role-change', 'user.suspend'. */
    put: (user: User, action: `user.${string}`) =>
      write(user, (v) => ({ action, details: { user: v.id, role: v.role, status: v.status } })),
  };
}
