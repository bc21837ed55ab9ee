/**
 * The conversation on an order (与报修人沟通): the reporter, the technicians on it and the service
 * center exchange short texts and photos. Messages live in their own collection, not the order's
 * capped timeline; each tells the other side through the order's outbox, like a step does.
 */
import { z } from 'zod';
import type { OrderMessage } from '../../../../typings/notify';
import { fail } from '../../../core/errors';
import { writeId } from '../../../core/ids';
import { outboxEntries, withOutbox } from '../../../core/notify/outbox';
import { deskOf } from '../../../core/notify/recipients';
import { toOrder, type OrderDoc } from '../../../core/order/order-doc';
import { isDesk, type Actor } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import { deliver } from '../../../services/notify/deliver';
import { defineAction } from '../../actions';
import type { HandlerContext } from '../../context';
import { loadOrder, type LoadedOrder } from './load';
import { docId } from '../../fields';
import { photos } from './schemas';
import { assertOwnFiles } from '../../own-files';
import { assertCleanText } from '../../clean-text';

type Side = 'reporter' | 'crew' | 'desk';

function sideOf(actor: Actor | undefined, openid: string, order: OrderDoc): Side | undefined {
  if (order.reporter.openid === openid) return 'reporter';
  if (order.assignee?.openid === openid || order.assistants.some((a) => a.openid === openid)) return 'crew';
  return isDesk(actor) ? 'desk' : undefined;
}

async function party(ctx: HandlerContext, orderId: string): Promise<{ loaded: LoadedOrder; side: Side; actor: Actor | undefined }> {
  const loaded = await loadOrder(ctx.db, orderId, ctx.openid);
  if (!loaded) return fail('NOT_FOUND', '订单不存在', { 'payload.orderId': 'not found' });
  const actor = actorIn(loaded.caller ? { ...loaded.caller, openid: ctx.openid } : undefined, loaded.order.propertyId);
  const side = sideOf(actor, ctx.openid, loaded.order);
  if (!side) return fail('FORBIDDEN', '只有报修人、维修师傅和客服中心可以查看留言');
  return { loaded, side, actor };
}

type MessageDoc = OrderMessage & { _id: string };

export const orderMessage = defineAction({
  name: 'order.message',
  summary:
    'A message on the order’s conversation (与报修人沟通): a short text and photos. The reporter’s goes to the technician ' +
    '(or the service center while nobody has the order); staff’s go to the reporter. A closed or cancelled order’s ' +
    'conversation stays readable; a new message there is CONFLICT.',
  who: 'the reporter, the technicians on the order, the service center and managers',
  schema: z.object({ orderId: docId, text: z.string().trim().min(1, 'required').max(300, 'at most 300 characters'), photos: photos.optional() }).strict(),
  returns: 'OrderMessage',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'],
  example: { openid: 'demo-resident', payload: { orderId: 'ORDER_ID_FROM_order.create', text: '师傅，下午两点后家里有人' } },
  async handle(ctx, p): Promise<OrderMessage> {
    const { loaded, side, actor } = await party(ctx, p.orderId);
    const { order, caller, property } = loaded;
    // an ended order's conversation is kept to read; a new problem is a new report
    if (order.status === 'closed' || order.status === 'cancelled') return fail('CONFLICT', '工单已结束，如有新问题请重新报修');
    assertOwnFiles(ctx.openid, { photos: p.photos });
    await assertCleanText(ctx, 'comment', { text: p.text });
    const now = ctx.clock.now();
    const id = writeId('m', ctx.openid, ctx.requestId);
    const message: MessageDoc = {
      _id: id,
      id,
      orderId: order.id,
      by: { openid: ctx.openid, name: caller?.name ?? order.reporter.name, role: actor?.role ?? 'resident' },
      text: p.text,
      photos: p.photos ?? [],
      at: now.toISOString(),
    };
    try {
      await ctx.db.insert('messages', message as unknown as Record<string, unknown>);
    } catch (err) {
      // a retried tap: the message it made
      const first = await ctx.db.get<MessageDoc>('messages', id);
      if (!first) throw err;
      const { _id: _ignored, ...again } = first;
      return again;
    }
    const to = side === 'reporter' ? (order.assignee?.openid ?? deskOf(order.propertyId)) : order.reporter.openid || undefined;
    const entries = outboxEntries(`${order.id}-m-${id}`, 0, [{ event: 'order.message', touser: to }], now);
    if (entries.length) {
      const _ = ctx.db.command;
      // not a step: the order's status and version stay; only what it owes people grows
      await ctx.db.updateById('orders', order._id, { outbox: _.push({ each: entries }), ...withOutbox(order, entries) });
      await deliver(ctx, toOrder(order), entries, property?.timezone ?? 'Asia/Shanghai', { note: p.text }, loaded.grants);
    }
    const { _id: _ignored, ...view } = message;
    return view;
  },
});

const PAGE = 20;

export const orderMessages = defineAction({
  name: 'order.messages',
  summary: 'The order’s conversation, newest first, 20 a page.',
  who: 'the reporter, the technicians on the order, the service center and managers',
  schema: z.object({ orderId: docId, cursor: z.string().max(100).optional() }).strict(),
  returns: '{ items: OrderMessage[]; nextCursor?: string }',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN'],
  example: { openid: 'demo-resident', payload: { orderId: 'ORDER_ID_FROM_order.create' } },
  async handle(ctx, p): Promise<{ items: OrderMessage[]; nextCursor?: string }> {
    await party(ctx, p.orderId);
    const _ = ctx.db.command;
    const where = p.cursor ? { orderId: p.orderId, at: _.lt(Buffer.from(p.cursor, 'base64url').toString('utf8')) } : { orderId: p.orderId };
    const docs = await ctx.db.list<MessageDoc>('messages', where, { orderBy: [['at', 'desc']], limit: PAGE + 1 });
    const items = docs.slice(0, PAGE).map(({ _id: _ignored, ...m }) => m);
    const last = items[items.length - 1];
    return docs.length > PAGE && last ? { items, nextCursor: Buffer.from(last.at).toString('base64url') } : { items };
  },
});
