/**
 * order.quote: what completing an order with this payload would charge, before the technician
 * submits it (the resident sees the bill on the phone before signing). Nothing is written: no
 * timeline entry, no stock taken. Whoever may complete the order may quote it, in the states where
 * completing is allowed, so a quote never shows a bill that `order.complete` would then refuse.
 */
import type { FeeBreakdown } from '../../../../typings/fees';
import type { CompletePayload } from '../../../../typings/order-actions';
import { fail } from '../../../core/errors';
import { factsOf } from '../../../core/order/order-doc';
import { decide } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import type { HandlerContext } from '../../context';
import { loadOrder } from './load';
import { priceCompletion } from './pricing';

/** 2 requests: the order with its caller and property, then the pricing settings and materials. */
export async function quoteCompletion(ctx: HandlerContext, p: CompletePayload): Promise<FeeBreakdown> {
  const loaded = await loadOrder(ctx.db, p.orderId, ctx.openid);
  if (!loaded) return fail('NOT_FOUND', '订单不存在', { 'payload.orderId': 'not found' });
  const { order, caller, property } = loaded;
  const actor = actorIn(caller ? { ...caller, openid: ctx.openid } : undefined, order.propertyId);
  if (!actor) return fail('FORBIDDEN', '无权操作此订单');
  // a completed order's record is corrected, not completed again: the same prices, the correction's rules
  const step = order.status === 'completed' ? 'correct' : 'complete';
  const decision = decide(step, factsOf(order, property), actor, ctx.clock.now());
  if (!decision.ok) return fail(decision.code, decision.message);
  return (await priceCompletion(ctx.db, order, p)).fee;
}
