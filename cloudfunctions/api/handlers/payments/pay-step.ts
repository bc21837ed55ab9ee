/** The order step WeChat Pay's callback takes: the fee is paid, shown to everyone on the timeline. */
import { fail } from '../../../core/errors';
import type { StepDefinition } from '../orders/transition';
import { yuan } from './rules';

export interface PaidPayload {
  orderId: string;
  /** fen WeChat Pay collected */
  amount: number;
}

export const payStep: StepDefinition<PaidPayload> = {
  step: 'pay',
  plan: ({ order, now }, p) => {
    if (order.prepay && !order.prepay.paid) {
      // paid on order: dispatch may go ahead; the bill at completion takes it off
      return {
        changes: { prepay: { ...order.prepay, paid: true, paidAt: now.toISOString() } },
        note: `已预付 ${yuan(p.amount)} 元`,
        audience: 'all',
      };
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
