/**
 * order.pay: the reporter asks to pay what the order owes. The payment is recorded (pending) before
 * WeChat Pay is asked, so the callback always finds it; the same bill reuses the same outTradeNo,
 * so paying again after a closed payment sheet is the same WeChat Pay order, never a second charge.
 */
import type { OrderPayPayload, OrderPayResult } from '../../../../typings/payments';
import { fail } from '../../../core/errors';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { HandlerContext } from '../../context';
import { loadOrder } from '../orders/load';
import { succeeded, unifiedOrder, whyNot } from './cloudpay';
import { payableAmount, tradeNoOf, type PaymentDoc } from './rules';

/** WeChat Pay's err_code_des when the trade was paid already (the callback is on its way) */
const ALREADY_PAID = '该订单已支付';

export async function payOrder(ctx: HandlerContext, p: OrderPayPayload): Promise<OrderPayResult> {
  const loaded = await loadOrder(ctx.db, p.orderId, ctx.openid);
  if (!loaded) return fail('NOT_FOUND', '订单不存在', { 'payload.orderId': 'not found' });
  const { order } = loaded;
  // only the reporter pays, whatever role they also hold; nobody else learns the order's state
  if (order.reporter.openid !== ctx.openid) return fail('FORBIDDEN', '只能支付自己报修的工单');
  const amount = payableAmount(order);
  const outTradeNo = tradeNoOf(order, amount);
  await recordPending(ctx, order, outTradeNo, amount);

  const answer = await unifiedOrder({ body: `报修费-${order.orderNo}`, outTradeNo, totalFee: amount });
  if (succeeded(answer) && answer.payment) return { outTradeNo, payment: answer.payment };
  if (answer.errCodeDes === ALREADY_PAID) return fail('CONFLICT', '已支付，正在确认支付结果，请稍后刷新');
  // a refusal we did not expect (merchant settings, WeChat Pay down): logged, answered INTERNAL
  throw new Error(`cloudPay.unifiedOrder ${outTradeNo}: ${answer.returnCode}/${answer.resultCode} ${whyNot(answer)}`);
}

/** The payment document, pending: new, or a failed attempt opened again (a paid one is never reopened). */
async function recordPending(ctx: HandlerContext, order: OrderDoc, outTradeNo: string, amount: number): Promise<void> {
  const { db } = ctx;
  const at = ctx.clock.now().toISOString();
  let existing = await db.get<PaymentDoc>('payments', outTradeNo);
  if (!existing) {
    const doc: PaymentDoc = {
      _id: outTradeNo,
      id: outTradeNo,
      outTradeNo,
      orderId: order.id,
      orderNo: order.orderNo,
      propertyId: order.propertyId,
      openid: ctx.openid,
      amount,
      status: 'pending',
      createdAt: at,
      updatedAt: at,
    };
    try {
      await db.insert('payments', { ...doc });
      return;
    } catch (err) {
      // a concurrent pay of the same bill inserted it first (same _id): go on with theirs
      existing = await db.get<PaymentDoc>('payments', outTradeNo);
      if (!existing) throw err;
    }
  }
  if (existing.status === 'paid' || existing.status === 'refunded') return fail('CONFLICT', '已支付，正在确认支付结果，请稍后刷新');
  if (existing.status === 'failed') {
    await db.updateWhere('payments', { _id: outTradeNo, status: 'failed' }, { status: 'pending', updatedAt: at, failReason: db.command.remove(), failedAt: db.command.remove() });
  }
}
