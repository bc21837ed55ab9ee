/**
 * What 工单详情 shows a technician, from `order.get` and who they are: header, address, reporter
 * (callable once the order is theirs), the timeline as staff read it (staff notes, hand-overs,
 * the desk's handle/followUp steps), the completion, and the steps the API allows them now.
 */
import type { Holder, OrderWithTimeline, TimelineEntry } from '../../../../typings/domain';
import { isEnded, STATUS_LABELS, STATUS_TAGS, STAFF_STEP_TITLES, STEP_FALLBACK, STEP_TITLES } from '../../../utils/labels';
import { formatYuan } from '../../../utils/format';
import { dueText, isOverdue, locationText } from '../../../utils/order-view';
import { formatDateTime, formatSlot } from '../../../utils/time';
import { isCorrectable } from '../complete/form';

/** The steps a technician may take on an order (the server's state machine, as far as it concerns them). */
export type WorkAction = 'grab' | 'accept' | 'reject' | 'transfer' | 'requestReassign' | 'checkIn' | 'progress' | 'hold' | 'complete' | 'correct';

export const ACTION_LABELS: Record<WorkAction, string> = {
  grab: '抢单',
  accept: '接单',
  reject: '拒单',
  transfer: '转单',
  requestReassign: '申请改派',
  checkIn: '签到',
  progress: '进展',
  hold: '挂起',
  complete: '完工',
  correct: '修改完工记录',
};

/** What the technician is told in each status: their next move. */
const TECH_HINTS: Record<string, string> = {
  pending: '这单在抢单池中，抢到后即为您的工单',
  assigned: '新派给您的工单，请尽快接单或说明原因拒单',
  accepted: '已接单，到达现场后请签到',
  in_progress: '处理中，完成后请录入完工信息',
  on_hold: '已挂起，按约定时间再次上门后签到',
  completed: '已完工，等待住户确认评价',
  closed: '工单已完结',
  cancelled: '工单已取消',
};

export interface WorkStepView {
  text: string;
  desc: string;
}

export interface WorkDetailView {
  id: string;
  orderNo: string;
  categoryName: string;
  statusLabel: string;
  tagType: string;
  tagPlain: boolean;
  urgent: boolean;
  overdue: boolean;
  hint: string;
  dueText: string;
  description: string;
  address: string;
  slotText: string;
  createdText: string;
  reporterName: string;
  reporterPhone: string;
  /** the order is theirs: the phone is real and one tap calls it */
  canCall: boolean;
  /** the order is theirs (assignee or assistant): the conversation with the reporter is open */
  mine: boolean;
  /** closed or cancelled: the conversation is read-only */
  chatEnded: boolean;
  holdText: string;
  reassignText: string;
  completion: { summary: string; workText: string; materials: string; items: string; fee: string; correctedText: string } | null;
  steps: WorkStepView[];
  primary: WorkAction | '';
  primaryLabel: string;
  /** the other steps, for the 更多 sheet */
  more: { name: string; action: WorkAction }[];
}

export function allowedActions(order: OrderWithTimeline, me: string): WorkAction[] {
  const assignee = order.assignee?.id === me;
  const assistant = order.assistants.some((a) => a.id === me);
  const reassign: WorkAction[] = assignee && !order.reassignRequest ? ['requestReassign'] : [];
  switch (order.status) {
    case 'pending':
      return order.grabbable ? ['grab'] : [];
    case 'assigned':
      return assignee ? ['accept', 'reject', 'transfer', ...reassign] : [];
    case 'accepted':
      if (assignee) return ['checkIn', 'progress', 'hold', 'transfer', ...reassign];
      return assistant ? ['checkIn', 'progress'] : [];
    case 'in_progress':
      if (assignee) return ['complete', 'progress', 'hold', ...reassign];
      return assistant ? ['progress'] : [];
    case 'on_hold':
      if (assignee) return ['checkIn', 'progress', ...reassign];
      return assistant ? ['checkIn', 'progress'] : [];
    case 'completed':
      // the assignee, or whoever recorded it (a leader reporting on their behalf); the server has the last word
      return isCorrectable(order) && (assignee || order.completion?.by === me) ? ['correct'] : [];
    default:
      return [];
  }
}

function holderName(holder: Holder | undefined): string {
  if (!holder) return '';
  return holder.name ?? (holder.kind === 'team' ? '班组' : holder.id);
}

/** One timeline entry as staff read it: what happened, why, the staff note, and who had it before → after. */
export function staffStepText(e: TimelineEntry): string {
  const title = STAFF_STEP_TITLES[e.step] ?? STEP_TITLES[e.step] ?? STEP_FALLBACK;
  const parts = [e.reason ?? e.note].filter((t): t is string => !!t);
  let text = parts.length > 0 ? `${title}：${parts.join('；')}` : title;
  const before = holderName(e.holder?.before);
  const after = holderName(e.holder?.after);
  if (before && after && before !== after) text += `（${before} → ${after}）`;
  else if (after && !before && e.step !== 'create') text += `（→ ${after}）`;
  if (e.staffNote) text += `［内部］${e.staffNote}`;
  return text;
}

export function toWorkView(order: OrderWithTimeline, me: string, now: number): WorkDetailView {
  const tag = STATUS_TAGS[order.status] ?? { type: 'default', plain: true };
  const actions = allowedActions(order, me);
  const primary = actions[0] ?? '';
  const phone = order.reporter.phone ?? '';
  const mine = order.assignee?.id === me || order.assistants.some((a) => a.id === me);
  const completion = order.completion;
  const hint = `${TECH_HINTS[order.status] ?? ''}${actions.includes('correct') ? '；确认前可以修改完工记录' : ''}`;
  return {
    id: order.id,
    orderNo: order.orderNo,
    categoryName: order.categoryName,
    statusLabel: STATUS_LABELS[order.status] ?? order.status,
    tagType: tag.type,
    tagPlain: tag.plain,
    urgent: order.urgency === 'urgent',
    overdue: isOverdue(order, now),
    hint,
    dueText: dueText(order, now),
    description: order.description,
    address: locationText(order),
    slotText: order.slot ? formatSlot(order.slot.start, order.slot.end) : '',
    createdText: formatDateTime(order.createdAt),
    reporterName: order.reporter.name,
    reporterPhone: phone,
    canCall: mine && /^1\d{10}$/.test(phone),
    mine,
    chatEnded: isEnded(order.status),
    holdText: order.status === 'on_hold' && order.hold ? `${order.hold.reason} · 下次上门 ${formatDateTime(order.hold.nextVisitAt)}` : '',
    reassignText: order.reassignRequest ? `改派申请审批中：${order.reassignRequest.reason}` : '',
    completion: completion
      ? {
          summary: completion.summary,
          workText: `${completion.workMinutes} 分钟`,
          materials: completion.materials.map((m) => `${m.name} ×${m.qty}${m.unit}`).join('、'),
          items: completion.serviceItems.map((i) => `${i.name} ×${i.qty}${i.unit ?? ''}`).join('、'),
          fee: order.fee ? formatYuan(order.fee.total) : '',
          correctedText: completion.correctedAt ? `已于 ${formatDateTime(completion.correctedAt)} 修改` : '',
        }
      : null,
    steps: [...order.timeline].reverse().map((e) => ({
      text: staffStepText(e),
      desc: `${formatDateTime(e.at)}${e.by.role === 'system' ? '' : ` · ${e.by.name}`}`,
    })),
    primary,
    primaryLabel: primary ? ACTION_LABELS[primary] : '',
    more: actions.slice(1).map((action) => ({ name: ACTION_LABELS[action], action })),
  };
}
