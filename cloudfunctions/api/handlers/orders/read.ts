import type { Order, User } from '../../../../typings/domain';
import type { ListOrdersPayload, OrderPage } from '../../../../typings/order-actions';
import type { OrderWithTimeline } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { toOrder, toOrderWithTimeline, type OrderDoc } from '../../../core/order/order-doc';
import { canView, scopeFilter, type ScopeFilter } from '../../../core/order/visibility';
import { NO_DUE } from '../../../core/order/due-at';
import { orderFor, orderWithTimelineFor, viewerOf } from '../../../core/order/order-view';
import { actorIn } from '../../../core/people/actor';
import type { Store, Where } from '../../../runtime/db';
import type { HandlerContext } from '../../context';
import { loadOrder } from './load';

export const PAGE_SIZE = 20;

export async function getOrder(ctx: HandlerContext, orderId: string): Promise<OrderWithTimeline> {
  const loaded = await loadOrder(ctx.db, orderId, ctx.openid);
  if (!loaded) return fail('NOT_FOUND', '订单不存在', { 'payload.orderId': 'not found' });
  const actor = actorIn(loaded.caller ? { ...loaded.caller, openid: ctx.openid } : undefined, loaded.order.propertyId);
  if (!canView(actor, ctx.openid, loaded.order)) return fail('FORBIDDEN', '无权查看此订单');
  return orderWithTimelineFor(viewerOf(actor, ctx.openid, loaded.order), toOrderWithTimeline(loaded.order));
}

type Sort = NonNullable<ListOrdersPayload['sort']>;

/** Where the last page ended, in the list's order: (createdAt, id) newest first, or (dueAt, id) soonest first. */
interface Cursor {
  sort: Sort;
  key: string;
  id: string;
}

// A created-order cursor stays [createdAt, id] as before; a due-order one says so, so neither is read as the other.
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c.sort === 'due' ? ['due', c.key, c.id] : [c.key, c.id])).toString('base64url');

function decodeCursor(text: string, sort: Sort): Cursor {
  try {
    const parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    const [key, id] = parts.length === 3 && parts[0] === 'due' ? parts.slice(1) : parts.length === 2 ? parts : [];
    const cursorSort: Sort = parts.length === 3 ? 'due' : 'created';
    if (typeof key === 'string' && typeof id === 'string' && cursorSort === sort) return { sort, key, id };
  } catch {
    // fall through
  }
  return fail('INVALID_ARGUMENT', '分页参数有误，请刷新列表', { 'payload.cursor': `not a cursor from order.list with sort ${sort}` });
}

/** The next page's condition: strictly after the cursor in the list's order. */
function afterCursor(db: Store, c: Cursor): Where {
  const _ = db.command;
  if (c.sort === 'due') return _.or([{ dueAt: _.gt(c.key) }, { dueAt: c.key, _id: _.gt(c.id) }]) as unknown as Where;
  return _.or([{ createdAt: _.lt(c.key) }, { createdAt: c.key, _id: _.lt(c.id) }]) as unknown as Where;
}

function whereOf(db: Store, filter: Exclude<ScopeFilter, { kind: 'forbidden' }>): Where {
  const _ = db.command;
  switch (filter.kind) {
    case 'reporter':
      return filter.propertyId ? { 'reporter.openid': filter.openid, propertyId: filter.propertyId } : { 'reporter.openid': filter.openid };
    case 'worker':
      return _.and([{ propertyId: filter.propertyId }, _.or([{ 'assignee.openid': filter.openid }, { 'assistants.openid': filter.openid }])]) as unknown as Where;
    case 'pool': {
      const mine = [
        ...(filter.teamIds.length ? [{ teamId: _.in(filter.teamIds) }] : []),
        ...(filter.ledTeamIds.length ? [{ teamPath: _.in(filter.ledTeamIds) }] : []),
      ];
      // an order paid on order is nobody's to take until its payment has come
      const base = { propertyId: filter.propertyId, status: 'pending', 'prepay.paid': _.neq(false) };
      if (mine.length === 0) return base;
      return _.and([base, mine.length === 1 ? mine[0] : _.or(mine)]) as unknown as Where;
    }
    case 'property':
      return { propertyId: filter.propertyId };
    case 'teams':
      return { propertyId: filter.propertyId, teamPath: _.in(filter.ledTeamIds) };
  }
}

/**
 * Newest first, 20 a page, with a cursor on (createdAt, id) so pages never repeat or skip; with
 * `sort: 'due'` the next promise first (dueAt ascending, so the overdue lead and finished orders
 * come last), the cursor on (dueAt, id). `grabbable: true` keeps what may be grabbed (the 抢单池),
 * so a page is never thinned out on the phone after the database chose it.
 * `orderNo` narrows to that one order (index `order_no`) within what the scope shows.
 */
export async function listOrders(ctx: HandlerContext, payload: ListOrdersPayload): Promise<OrderPage> {
  const { db } = ctx;
  const _ = db.command;
  const user = payload.scope === 'mine' ? undefined : await db.get<User>('users', ctx.openid);
  const actor = payload.propertyId ? actorIn(user ? { ...user, openid: ctx.openid } : undefined, payload.propertyId) : undefined;
  const filter = scopeFilter(payload.scope, ctx.openid, payload.propertyId, actor);
  if (filter.kind === 'forbidden') return fail('FORBIDDEN', filter.reason);
  // An order number names one order of the deployment; the scope still decides whether the caller sees it.
  const parts: Where[] = [...(payload.orderNo ? [{ orderNo: payload.orderNo }] : []), whereOf(db, filter)];
  // the 抢单池 asks for grabbable orders only: the category's grab flag is stored on each order
  if (payload.grabbable !== undefined) parts.push({ grabbable: payload.grabbable });
  if (payload.status?.length) parts.push({ status: _.in(payload.status) });
  if (payload.categoryIds) parts.push({ categoryId: _.in(payload.categoryIds) });
  if (payload.urgency) parts.push({ urgency: payload.urgency });
  // dueAt is the next promise; a finished order's lies far ahead, so it is never overdue
  if (payload.overdue) parts.push({ dueAt: _.lt(ctx.clock.now().toISOString()) });
  const sort: Sort = payload.sort ?? 'created';
  if (payload.cursor) parts.push(afterCursor(db, decodeCursor(payload.cursor, sort)));
  const limit = payload.limit ?? PAGE_SIZE;
  const docs = await db.list<OrderDoc>('orders', parts.length === 1 ? parts[0] : (_.and(parts) as unknown as Where), {
    orderBy:
      sort === 'due'
        ? [
            ['dueAt', 'asc'],
            ['_id', 'asc'],
          ]
        : [
            ['createdAt', 'desc'],
            ['_id', 'desc'],
          ],
    limit: limit + 1,
    fields: { timeline: false, outbox: false },
  });
  const page = docs.slice(0, limit);
  // 'mine' is read as the reporter, whatever else the caller is
  const items: Order[] = page.map((d) => orderFor(viewerOf(actor, ctx.openid, d), toOrder({ ...d, timeline: [], outbox: [] })));
  const last = page[page.length - 1];
  if (docs.length <= limit || !last) return { items };
  // an order stored before dueAt existed sorts as one that promises nothing
  const key = sort === 'due' ? (last.dueAt ?? NO_DUE) : last.createdAt;
  return { items, nextCursor: encodeCursor({ sort, key, id: last._id }) };
}
