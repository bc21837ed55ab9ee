/**
 * What the order detail shows a resident, computed from `order.get` in one place: header, facts,
 * technician, timeline (newest first, for van-steps), fee breakdown, and the steps allowed now.
 */
import type { OrderWithTimeline } from '../../../../typings/domain';
import { isEnded, STATUS_HINTS, STATUS_LABELS, STATUS_TAGS, STEP_FALLBACK, STEP_TITLES } from '../../../utils/labels';
import { formatYuan } from '../../../utils/format';
import { canNudge, dueText, isOverdue, locationText } from '../../../utils/order-view';
import { formatDateTime, formatSlot } from '../../../utils/time';

/** order.reopen's window (product.md): 7 days after completion. */
const REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface StepView {
  text: string;
  desc: string;
}

export interface FeeLine {
  label: string;
  amount: string;
}

/** A line of the pay-on-order settlement under the total: the advance, what comes back. */
export interface SettleLine {
  id: 'prepay' | 'refund' | 'refunded';
  label: string;
  amount: string;
  note: string;
}

export interface OrderDetailView {
  id: string;
  orderNo: string;
  categoryName: string;
  statusLabel: string;
  tagType: string;
  tagPlain: boolean;
  urgent: boolean;
  overdue: boolean;
  hint: string;
  description: string;
  location: string;
  createdText: string;
  slotText: string;
  dueText: string;
  photos: string[];
  technician: { name: string; phone: string; assistants: string } | null;
  steps: StepView[];
  fee: { lines: FeeLine[]; total: string; note: string; settle: SettleLine[] } | null;
  rating: { score: number; comment: string } | null;
  completion: { summary: string; workText: string } | null;
  actions: { cancel: boolean; rate: boolean; reopen: boolean; nudge: boolean; pay: boolean };
  /** what 去支付 pays, e.g. '58 元' ('' when nothing is due) */
  payText: string;
  /** closed or cancelled: the conversation is read-only */
  chatEnded: boolean;
}

export function toDetailView(order: OrderWithTimeline, now: number): OrderDetailView {
  const tag = STATUS_TAGS[order.status] ?? { type: 'default', plain: true };
  const completedAt = order.completedAt ? Date.parse(order.completedAt) : undefined;
  return {
    id: order.id,
    orderNo: order.orderNo,
    categoryName: order.categoryName,
    statusLabel: STATUS_LABELS[order.status] ?? order.status,
    tagType: tag.type,
    tagPlain: tag.plain,
    urgent: order.urgency === 'urgent',
    overdue: isOverdue(order, now),
    hint: payHint(order) || (STATUS_HINTS[order.status] ?? ''),
    description: order.description,
    location: locationText(order),
    createdText: formatDateTime(order.createdAt),
    slotText: order.slot ? formatSlot(order.slot.start, order.slot.end) : '',
    dueText: dueText(order, now),
    photos: order.photos,
    technician: order.assignee
      ? {
          name: order.assignee.name,
          phone: order.assignee.phone,
          assistants: order.assistants.map((a) => a.name).join('、'),
        }
      : null,
    steps: [...order.timeline].reverse().map((e) => ({
      text: [STEP_TITLES[e.step] ?? STEP_FALLBACK, e.reason ?? e.note].filter(Boolean).join('：'),
      desc: `${formatDateTime(e.at)}${e.by.role === 'system' ? '' : ` · ${e.by.name}`}`,
    })),
    fee: order.fee ? feeView(order.fee, order.prepay) : null,
    rating: order.rating ? { score: order.rating.score, comment: order.rating.comment ?? '' } : null,
    completion: order.completion
      ? { summary: order.completion.summary, workText: `${order.completion.workMinutes} 分钟` }
      : null,
    actions: {
      cancel: order.status === 'pending' || order.status === 'assigned',
      rate: order.status === 'completed',
      reopen:
        (order.status === 'completed' || order.status === 'closed') &&
        completedAt !== undefined &&
        now - completedAt <= REOPEN_WINDOW_MS,
      nudge: canNudge(order, now),
      pay: payableFen(order) > 0,
    },
    payText: payableFen(order) > 0 ? formatYuan(payableFen(order)) : '',
    chatEnded: isEnded(order.status),
  };
}

/** What 去支付 is for, said above everything else while it is owed ('' when nothing is). */
function payHint(order: OrderWithTimeline): string {
  const fen = payableFen(order);
  if (fen === 0) return '';
  return order.status === 'pending' ? `此类报修需先支付 ${formatYuan(fen)}，支付后为您派单` : `师傅已完工，本次费用 ${formatYuan(fen)}，请您支付`;
}

/**
 * Fen the resident can pay now with `order.pay`: the bill after service (payer resident, `due`
 * left, not paid), or the amount a pay-on-order category asks before dispatch.
 */
export function payableFen(order: OrderWithTimeline): number {
  const fee = order.fee;
  if (fee && fee.payer === 'resident' && !fee.paid && (fee.due ?? 0) > 0) return fee.due ?? 0;
  if (order.prepay && !order.prepay.paid && order.prepay.amount > 0 && order.status === 'pending') return order.prepay.amount;
  return 0;
}

function feeView(fee: NonNullable<OrderWithTimeline['fee']>, prepay: OrderWithTimeline['prepay']): NonNullable<OrderDetailView['fee']> {
  const lines: FeeLine[] = [
    { label: '上门费', amount: fee.visit },
    { label: '人工费', amount: fee.labor },
    { label: '材料费', amount: fee.materials },
    { label: '服务项目', amount: fee.items },
  ]
    .filter((l) => l.amount > 0)
    .map((l) => ({ label: l.label, amount: formatYuan(l.amount) }));
  const advance = prepay?.paid ? prepay.amount : 0;
  const due = fee.due ?? 0;
  let note: string;
  if (fee.total === 0) note = '本次服务免费';
  else if (fee.payer === 'company') note = '由物业承担，您无需支付';
  else if (fee.paid) note = '已支付';
  // a deposit that covers the bill: nothing is owed, whatever is left comes back
  else if (advance > 0 && due === 0) note = '已从预付款中扣除';
  else if (advance > 0) note = `预付款抵扣后还需支付 ${formatYuan(due)}`;
  else note = '待支付';
  const settle: SettleLine[] = [];
  if (advance > 0) settle.push({ id: 'prepay', label: '预付款', amount: formatYuan(advance), note: '已支付' });
  if (fee.refunded) {
    settle.push({ id: 'refunded', label: '已退款', amount: formatYuan(fee.refunded.amount), note: `已原路退回 · ${formatDateTime(fee.refunded.at)}` });
  } else if ((fee.refund ?? 0) > 0) {
    settle.push({ id: 'refund', label: '应退', amount: formatYuan(fee.refund ?? 0), note: '退款将在确认后原路退回' });
  }
  return { lines, total: formatYuan(fee.total), note, settle };
}
