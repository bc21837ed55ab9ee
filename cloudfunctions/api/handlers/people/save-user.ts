import type { User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import type { HandlerContext } from '../../context';

/** A users document as stored: `_id` is the openid. */
export type UserDoc = User & { _id: string; createdAt?: string; updatedAt?: string };

/**
 * Writes the caller's user document in one request. A new person is inserted with `_id` = openid;
 * an existing one is updated only if nobody changed it since it was read (`updatedAt` unchanged),
 * so two of the caller's own requests racing (register on two phones, register while joining as
 * staff) cannot drop each other's grant: the loser answers CONFLICT and may simply retry.
 */
export async function saveUser(ctx: HandlerContext, before: UserDoc | undefined, next: Pick<User, 'name' | 'phone' | 'roles'>): Promise<void> {
  const now = ctx.clock.now().toISOString();
  if (!before) {
    await ctx.db.insert('users', { _id: ctx.openid, openid: ctx.openid, ...next, createdAt: now, updatedAt: now });
    return;
  }
  const unchanged = before.updatedAt === undefined ? { updatedAt: ctx.db.command.exists(false) } : { updatedAt: before.updatedAt };
  const updated = await ctx.db.updateWhere('users', { _id: ctx.openid, ...unchanged }, { ...next, updatedAt: now });
  if (updated !== 1) fail('CONFLICT', '资料刚被更新过，请重试');
}
