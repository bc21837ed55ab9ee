import type { OrderStatus, Property, User } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { claimGrab, liveClaims } from '../../../core/order/grab-limit';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Actor } from '../../../core/order/state-machine';
import type { Store, Where } from '../../../runtime/db';
import { OPEN_STATUSES } from '../../../core/order/open-statuses';

/**
 * Takes one of the technician's grab places (core/order/grab-limit.ts) in two requests: their
 * orders that hold a place, then a conditional write of the claim on their user document.
 * Answers GRAB_LIMIT when none is left, CONFLICT when another grab of theirs is mid-way.
 * Returns how to give the place back if the order then goes to someone else.
 */
export async function takeGrabPlace(
  db: Store,
  input: { caller: User; actor: Actor; order: OrderDoc; property: Property | undefined; now: Date },
): Promise<() => Promise<void>> {
  const { caller, actor, order, property, now } = input;
  const _ = db.command;
  // This property's orders only (the limit is the property's); orders named by live claims come
  // too, to tell a grab still in flight from one already written.
  const claimed = liveClaims(caller.grabClaims, now).map((c) => c.orderId);
  const open = { status: _.in([...OPEN_STATUSES]) };
  const mine = await db.list<{ _id: string; status: OrderStatus }>(
    'orders',
    _.and([{ 'assignee.openid': actor.openid, propertyId: order.propertyId }, claimed.length ? _.or([open, { _id: _.in(claimed) }]) : open]) as unknown as Where,
    { fields: { _id: true, status: true }, limit: 100 },
  );
  const limit = property?.grabLimit ?? 3;
  const claim = claimGrab({
    mine: mine.map((o) => ({ id: o._id, open: OPEN_STATUSES.includes(o.status) })),
    claims: caller.grabClaims,
    orderId: order.id,
    propertyId: order.propertyId,
    limit,
    now,
  });
  if (!claim.ok) return fail('GRAB_LIMIT', `手上已有 ${claim.held} 单未完成，最多同时 ${limit} 单`);
  const taken = await db.updateWhere(
    'users',
    { _id: actor.openid, 'grabClaims.seq': caller.grabClaims ? caller.grabClaims.seq : _.exists(false) },
    { grabClaims: _.set(claim.next) },
  );
  if (taken === 0) return fail('CONFLICT', '正在处理你的另一次抢单，请稍后再试');
  return async () => {
    await db.updateById('users', actor.openid, { 'grabClaims.claims': _.pull({ orderId: order.id }) });
  };
}
