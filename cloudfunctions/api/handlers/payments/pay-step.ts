/** The order step WeChat Pay's callback takes: the fee is paid, shown to everyone on the timeline. */
import { fail } from '../../../core/errors';
import { handOver } from '../orders/steps';
import type { StepDefinition } from '../orders/transition';
import { yuan } from './rules';

export interface PaidPayload {
  orderId: string;
  /** fen WeChat Pay collected */
  amount: number;
  /** auto mode: the technician a paid-on-order order goes to now that it is paid */
  dispatchTo?: string;
}

export const payStep: StepDefinition<PaidPayload> = {
  step: 'pay',
  options: (p) => (p.dispatchTo ? { dispatchTo: p.dispatchTo } : {}),
  plan: async (input, p) => {
    const { order, now, to } = input;
    if (order.prepay && !order.prepay.paid) {
      const paid = { prepay: { ...order.prepay, paid: true, paidAt: now.toISOString() } };
      const note = `已预付 ${yuan(p.amount)} 元`;
      // paid on order: dispatch may go ahead (at once in auto mode); the bill at completion takes it off
      if (p.dispatchTo && to === 'assigned') {
        const handed = await handOver(input, p.dispatchTo);
        return { ...handed, changes: { ...handed.changes, ...paid }, note, audience: 'all', notify: [{ event: 'order.assigned', touser: p.dispatchTo }] };
      }
      return { changes: paid, note, audience: 'all' };
    }
    // the callback checked this on the same read; kept here so the step never marks a fee twice
    if (!order.fee || order.fee.paid) return fail('CONFLICT', '这张单已经支付过了');
    return {
      changes: { fee: { ...order.fee, paid: true, paidAmount: p.amount } },
      note: `已支付 ${yuan(p.amount)} 元`,
      audience: 'all',
    };
  },
};
