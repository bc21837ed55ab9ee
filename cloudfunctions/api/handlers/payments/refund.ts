/**
 * Refunds before a revoke: a paid order is never revoked without its money going back. Each paid
 * payment of the order is refunded in full through cloudPay.refund and the refund is recorded on
 * it (status refunded); if WeChat Pay refuses, the revoke answers CONFLICT and nothing changes.
 * The refund number is derived from the payment, so a revoke tried again repeats the same refund
 * (WeChat Pay answers the first one) instead of refunding twice.
 */
import { fail } from '../../../core/errors';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { HandlerContext } from '../../context';
import { refund, succeeded, whyNot } from './cloudpay';
import { mayHavePaid, type PaymentDoc } from './rules';

/** Refunds what the order's reporter paid; answers the fen refunded (0: nothing was paid, nothing read). */
export async function refundPaid(ctx: HandlerContext, order: OrderDoc, by: string): Promise<number> {
  // most orders were never paid: they cost a revoke no extra request
  if (!mayHavePaid(order)) return 0;
  const { db } = ctx;
  const paid = await db.list<PaymentDoc>('payments', { orderId: order.id, status: 'paid' }, { limit: 20 });
  let total = 0;
  for (const payment of paid) {
    const outRefundNo = `R${payment.outTradeNo}`;
    const answer = await refund({ outTradeNo: payment.outTradeNo, outRefundNo, totalFee: payment.amount, refundFee: payment.amount });
    if (!succeeded(answer) || !answer.refundId) {
      ctx.log('[order.revoke] refund refused', { outTradeNo: payment.outTradeNo, why: whyNot(answer) });
      return fail('CONFLICT', '已支付的费用退款未成功，暂不能撤销，请稍后重试');
    }
    const at = ctx.clock.now().toISOString();
    await db.updateWhere('payments', { _id: payment._id, status: 'paid' }, {
      status: 'refunded',
      refund: db.command.set({ outRefundNo, refundId: answer.refundId, amount: payment.amount, by, at }),
      updatedAt: at,
    });
    total += payment.amount;
  }
  return total;
}
