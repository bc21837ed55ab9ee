/**
 * WeChat Pay's result callback (the payNotify function): marks the order paid exactly once.
 *
 * Nothing in the event is trusted on its own: the outTradeNo must be a payment we recorded, the
 * amount must be that payment's, and WeChat Pay is asked (queryOrder) whether the trade really
 * succeeded, so a forged event changes nothing. Writes are conditional: the payment moves
 * pending|failed → paid once, and the order's fee is marked by a versioned step, so a repeated
 * callback (WeChat Pay retries until it reads errcode 0) finds everything done and writes nothing.
 * A mismatch answers non-zero: WeChat Pay calls again and its merchant platform shows the alert.
 */
import type { PayCallbackEvent, PayCallbackReply } from '../../../../typings/payments';
import { ApiFailure } from '../../../core/errors';
import type { HandlerContext } from '../../context';
import { loadOrder } from '../orders/load';
import { runStep } from '../orders/transition';
import { queryOrder, succeeded } from './cloudpay';
import { payStep } from './pay-step';
import { awaitsPrepay, owes, type PaymentDoc } from './rules';
import { technicianOnPayment } from '../orders/team-loads';

export const ACK: PayCallbackReply = { errcode: 0, errmsg: 'OK' };
const refuse = (errcode: number, errmsg: string): PayCallbackReply => ({ errcode, errmsg });

/** Order writes a callback tries before asking WeChat Pay to call again (a step raced it). */
const ATTEMPTS = 3;

export function parseCallback(raw: unknown): PayCallbackEvent | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e.outTradeNo !== 'string' || typeof e.resultCode !== 'string' || typeof e.totalFee !== 'number') return undefined;
  const text = (k: string): string | undefined => (typeof e[k] === 'string' ? (e[k] as string) : undefined);
  return {
    returnCode: text('returnCode') ?? '',
    resultCode: e.resultCode,
    outTradeNo: e.outTradeNo,
    totalFee: e.totalFee,
    subMchId: text('subMchId'),
    subOpenid: text('subOpenid'),
    transactionId: text('transactionId'),
    timeEnd: text('timeEnd'),
    errCode: text('errCode'),
    errCodeDes: text('errCodeDes'),
  };
}

export async function handlePayCallback(ctx: HandlerContext, raw: unknown): Promise<PayCallbackReply> {
  const event = parseCallback(raw);
  if (!event) return refuse(400, 'malformed payment notification');
  const payment = await ctx.db.get<PaymentDoc>('payments', event.outTradeNo);
  if (!payment) return refuse(404, `unknown outTradeNo ${event.outTradeNo}`);
  if (event.totalFee !== payment.amount) {
    ctx.log('[payNotify] amount mismatch', { outTradeNo: event.outTradeNo, notified: event.totalFee, recorded: payment.amount });
    return refuse(409, 'amount mismatch');
  }
  if (event.resultCode !== 'SUCCESS') return markFailed(ctx, payment, event);
  return markPaid(ctx, payment, event);
}

/** A failed payment: recorded on a pending payment; a paid one is never unpaid. */
async function markFailed(ctx: HandlerContext, payment: PaymentDoc, event: PayCallbackEvent): Promise<PayCallbackReply> {
  if (payment.status === 'pending') {
    const at = ctx.clock.now().toISOString();
    await ctx.db.updateWhere('payments', { _id: payment._id, status: 'pending' }, { status: 'failed', failReason: event.errCodeDes ?? event.errCode ?? 'FAIL', failedAt: at, updatedAt: at });
  }
  return ACK;
}

async function markPaid(ctx: HandlerContext, payment: PaymentDoc, event: PayCallbackEvent): Promise<PayCallbackReply> {
  const { db } = ctx;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const loaded = await loadOrder(db, payment.orderId, ctx.openid);
    if (!loaded) return refuse(404, `order ${payment.orderId} of ${payment.outTradeNo} not found`);
    const due = owes(loaded.order, payment);
    // the order is marked and the payment recorded: a repeated callback writes nothing
    if (!due && (payment.status === 'paid' || payment.status === 'refunded')) return ACK;
    if (!due) {
      ctx.log('[payNotify] the order does not owe this payment', { outTradeNo: payment.outTradeNo, orderId: payment.orderId, status: loaded.order.status, fee: loaded.order.fee });
      return refuse(409, 'order does not owe this amount');
    }
    if (payment.status !== 'paid') {
      // WeChat Pay's word, not the event's: a forged notification stops here
      const trade = await queryOrder(payment.outTradeNo);
      if (!succeeded(trade) || trade.tradeState !== 'SUCCESS' || trade.totalFee !== payment.amount) {
        ctx.log('[payNotify] WeChat Pay does not confirm the payment', { outTradeNo: payment.outTradeNo, trade });
        return refuse(402, 'payment not confirmed by WeChat Pay');
      }
      const at = ctx.clock.now().toISOString();
      await db.updateWhere('payments', { _id: payment._id, status: db.command.in(['pending', 'failed']) }, {
        status: 'paid',
        transactionId: trade.transactionId ?? event.transactionId ?? '',
        paidAt: at,
        updatedAt: at,
      });
      payment = { ...payment, status: 'paid' };
    }
    try {
      // auto mode: the order waited in the pool for this payment; it goes to a technician with it
      const dispatchTo = awaitsPrepay(loaded.order) ? await technicianOnPayment(db, loaded.order, loaded.property) : undefined;
      await runStep(ctx, payStep, { orderId: payment.orderId, amount: payment.amount, ...(dispatchTo ? { dispatchTo } : {}) }, { loaded, system: true });
      return ACK;
    } catch (err) {
      // another step (or a concurrent callback) changed the order since the read: read again
      if (!(err instanceof ApiFailure) || err.code !== 'CONFLICT') throw err;
    }
  }
  return refuse(503, 'order busy, call again');
}
