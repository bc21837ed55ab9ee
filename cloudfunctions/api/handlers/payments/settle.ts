/**
 * Settling what was paid on order: once the completion record is confirmed (rated, verified,
 * closed by time) or revisited, the part of the deposit or price the bill did not use goes back
 * to the resident through cloudPay.refund, and the order's fee records it. The refund number is
 * derived from the payment (`S<outTradeNo>`), so a step tried again repeats the same refund and
 * WeChat Pay answers the first one instead of paying out twice.
 *
 * A refused refund never blocks the step that tried it: the fee keeps its `refund` without
 * `refunded`, and the next confirmation step (the desk's verification or revisit, the scheduler's
 * close) tries again.
 */
import type { Fee } from '../../../../typings/domain';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { HandlerContext } from '../../context';
import { refund, succeeded, whyNot } from './cloudpay';
import { prepayTradeNo, type PaymentDoc } from './rules';

/** The fee with its refund recorded, or undefined when nothing is (or could be) given back now. */
export async function settleAdvance(ctx: HandlerContext, order: OrderDoc, by: string): Promise<Fee | undefined> {
  const fee = order.fee;
  // most orders paid nothing on order: no request at all
  if (!fee?.refund || fee.refunded || !order.prepay?.paid) return undefined;
  const { db } = ctx;
  const outTradeNo = prepayTradeNo(order.orderNo, order.prepay.amount);
  const payment = await db.get<PaymentDoc>('payments', outTradeNo);
  if (!payment || payment.status !== 'paid') {
    ctx.log('[settle] no paid payment on order to refund from', { orderId: order.id, outTradeNo });
    return undefined;
  }
  const outRefundNo = `S${outTradeNo}`;
  const amount = Math.min(fee.refund, payment.amount);
  const answer = await refund({ outTradeNo, outRefundNo, totalFee: payment.amount, refundFee: amount });
  if (!succeeded(answer) || !answer.refundId) {
    ctx.log('[settle] refund refused; the next confirmation step tries again', { orderId: order.id, outTradeNo, why: whyNot(answer) });
    return undefined;
  }
  const at = ctx.clock.now().toISOString();
  await db.updateWhere('payments', { _id: payment._id }, {
    refund: db.command.set({ outRefundNo, refundId: answer.refundId, amount, by, at }),
    // the whole payment back (the company took the costs) reads as refunded; part of it stays paid
    ...(amount === payment.amount ? { status: 'refunded' } : {}),
    updatedAt: at,
  });
  return { ...fee, refunded: { amount, refundId: answer.refundId, at } };
}
