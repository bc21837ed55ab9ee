/**
 * The payment rules, pure: what an order owes now, the WeChat Pay order number for it, and how an
 * amount reads. The handlers load and write; these only decide.
 */
import type { OrderStatus } from '../../../../typings/domain';
import type { Payment } from '../../../../typings/payments';
import { fail } from '../../../core/errors';
import { STATUS_LABELS } from '../../../core/order/labels';
import type { OrderDoc } from '../../../core/order/order-doc';

/** A payment as stored: its id is the outTradeNo. */
export type PaymentDoc = Payment & { _id: string };

/** After service: the bill exists once the work is done (completed, or closed by rating or the desk). */
const PAYABLE: readonly OrderStatus[] = ['completed', 'closed'];

/** 3000 → "30.00" */
export const yuan = (fen: number): string => (fen / 100).toFixed(2);

/** The visit the current fee belongs to: a reopened order bills each visit on its own. */
const visitNo = (order: Pick<OrderDoc, 'visits'>): number => (order.visits ?? []).length + 1;

/**
 * WeChat Pay's out_trade_no for the order's amount due: `BX<orderNo>V<visit>F<fen>` (≤ 32 of
 * [A-Za-z0-9]). The same bill always gives the same number, so asking to pay again reuses the
 * WeChat Pay order (same prepay id) instead of charging twice; another amount is another number.
 */
export function tradeNoOf(order: Pick<OrderDoc, 'orderNo' | 'visits' | 'prepay'>, due: number): string {
  // paying on order (deposit or fixed price) is its own trade, before any visit's bill
  if (awaitsPrepay(order)) return prepayTradeNo(order.orderNo, due);
  return `BX${order.orderNo}V${visitNo(order)}F${due}`;
}

/** The trade that paid on order: its deposit or price. */
export const prepayTradeNo = (orderNo: string, amount: number): string => `BX${orderNo}P${amount}`;

/** A category paid on order: the deposit or price is asked before dispatch. */
export const awaitsPrepay = (order: Pick<OrderDoc, 'prepay'>): boolean => !!order.prepay && !order.prepay.paid;

/** The fen the reporter may pay now, or the refusal (CONFLICT) in words they understand. */
export function payableAmount(order: Pick<OrderDoc, 'status' | 'fee' | 'prepay'>): number {
  if (order.status === 'cancelled') return fail('CONFLICT', '订单已取消，无需支付');
  if (order.prepay && awaitsPrepay(order)) return order.prepay.amount;
  if (!PAYABLE.includes(order.status)) return fail('CONFLICT', `订单当前${STATUS_LABELS[order.status]}，完工后才能支付`);
  const fee = order.fee;
  if (fee?.paid) return fail('CONFLICT', '这张单已经支付过了');
  if (!fee || fee.payer !== 'resident' || !fee.due || fee.due <= 0) return fail('CONFLICT', '这张单没有需要您支付的费用');
  return fee.due;
}

/** Does the order still owe exactly what this payment paid (so the callback may mark it paid)? */
export function owes(order: OrderDoc, payment: Pick<Payment, 'amount' | 'outTradeNo'>): boolean {
  if (order.prepay && awaitsPrepay(order)) {
    return order.status !== 'cancelled' && order.prepay.amount === payment.amount && tradeNoOf(order, payment.amount) === payment.outTradeNo;
  }
  const fee = order.fee;
  if (order.status === 'cancelled' || !fee || fee.paid || fee.payer !== 'resident') return false;
  return fee.due === payment.amount && tradeNoOf(order, payment.amount) === payment.outTradeNo;
}

/** Whether the order may hold a paid payment; only then does a revoke read `payments`. */
export function mayHavePaid(order: Pick<OrderDoc, 'fee' | 'visits' | 'prepay'>): boolean {
  return order.prepay?.paid === true || order.fee?.paid === true || (order.visits ?? []).some((v) => v.fee?.paid === true);
}
