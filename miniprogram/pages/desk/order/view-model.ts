/**
 * What the desk's 工单详情 shows, from `order.get`: the order with everything staff see (the
 * reporter's phone, the holder and assistants, hand-overs and internal notes in the timeline,
 * the completion and who recorded it, the rating, revisit calls and follow-ups), and the steps the
 * service center may take in this state, the one that matters most first.
 */
import type { OrderWithTimeline } from '../../../../typings/domain';
import { formatYuan } from '../../../utils/format';
import { STATUS_LABELS, STATUS_TAGS } from '../../../utils/labels';
import { dueText, isOverdue, locationText } from '../../../utils/order-view';
import { formatDateTime, formatSlot } from '../../../utils/time';
import { deskStepText, REVISIT_RESULT_LABELS } from '../desk';

export type DeskAction = 'assign' | 'handle' | 'transfer' | 'approveReassign' | 'rejectReassign' | 'revoke' | 'close' | 'revisit' | 'followUp';

export const DESK_ACTION_LABELS: Record<DeskAction, string> = {
  assign: '派单',
  handle: '直接处理',
  transfer: '改派',
  approveReassign: '通过改派',
  rejectReassign: '驳回改派',
  revoke: '撤销工单',
  close: '核实关闭',
  revisit: '记录回访',
  followUp: '协调跟进',
};

const SOURCE_LABELS: Record<string, string> = {
  resident: '住户报修',
  phone: '电话报修',
  visit: '来访报修',
  self_inspection: '自检',
};

/** What the desk is told in each status: its next move. */
const DESK_HINTS: Record<string, string> = {
  pending: '等待派单，请选择师傅或班组',
  assigned: '已派单，等待师傅接单',
  accepted: '师傅已接单，等待上门',
  in_progress: '师傅正在处理',
  on_hold: '工单挂起，等待再次上门',
  completed: '已完工，等待住户评价或客服核实关闭',
  closed: '工单已完结',
  cancelled: '工单已取消',
};

export interface DeskOrderView {
  id: string;
  orderNo: string;
  categoryName: string;
  kindLabel: string;
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
  sourceText: string;
  reporterName: string;
  reporterPhone: string;
  canCall: boolean;
  holderText: string;
  assistantsText: string;
  handlingText: string;
  holdText: string;
  reassignText: string;
  completion: { summary: string; workText: string; materials: string; fee: string; byText: string } | null;
  ratingText: string;
  revisits: { text: string; desc: string }[];
  followUps: { text: string; desc: string }[];
  steps: { text: string; desc: string }[];
  primary: DeskAction | '';
  primaryLabel: string;
  more: { name: string; action: DeskAction }[];
}

export function deskActions(order: OrderWithTimeline): DeskAction[] {
  switch (order.status) {
    case 'pending':
      return order.kind === 'matter' ? ['handle', 'assign', 'revoke'] : ['assign', 'revoke'];
    case 'assigned':
    case 'accepted':
    case 'in_progress':
    case 'on_hold':
      if (order.reassignRequest) return ['approveReassign', 'rejectReassign', 'revoke'];
      if (order.handling === 'coordination') return ['followUp', 'revoke'];
      return ['transfer', 'revoke'];
    case 'completed':
      // a completion reported on behalf, or a self-inspection, waits for the desk to verify it
      return order.completion?.onBehalf || order.source === 'self_inspection' ? ['close', 'revisit'] : ['revisit', 'close'];
    case 'closed':
      return ['revisit'];
    default:
      return [];
  }
}

function people(list: { name: string }[]): string {
  return list.map((p) => p.name).join('、');
}

export function toDeskOrderView(order: OrderWithTimeline, now: number): DeskOrderView {
  const tag = STATUS_TAGS[order.status] ?? { type: 'default', plain: true };
  const actions = deskActions(order);
  const primary = actions[0] ?? '';
  const completion = order.completion;
  const phone = order.reporter.phone ?? '';
  const holder = order.assignee ? order.assignee.name : order.status === 'pending' ? '待派单（班组池）' : '';
  let hint = DESK_HINTS[order.status] ?? '';
  if (order.status === 'pending' && order.kind === 'matter') hint = '客服可直接处理，或派给师傅、班组';
  if (order.status === 'completed' && completion?.onBehalf) hint = `${completion.byName ?? '班组'}代报完工，请核实后关闭`;
  if (order.reassignRequest) hint = '师傅申请改派，请审批';
  return {
    id: order.id,
    orderNo: order.orderNo,
    categoryName: order.categoryName,
    kindLabel: order.kind === 'matter' ? '报事' : '报修',
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
    sourceText: SOURCE_LABELS[order.source] ?? order.source,
    reporterName: order.reporter.name,
    reporterPhone: phone,
    canCall: /^1\d{10}$/.test(phone),
    holderText: holder,
    assistantsText: people(order.assistants),
    handlingText: order.handling === 'verbal' ? '口头派工' : order.handling === 'coordination' ? '协调单' : '',
    holdText: order.status === 'on_hold' && order.hold ? `${order.hold.reason} · 下次上门 ${formatDateTime(order.hold.nextVisitAt)}` : '',
    reassignText: order.reassignRequest ? `师傅申请改派：${order.reassignRequest.reason}` : '',
    completion: completion
      ? {
          summary: completion.summary,
          workText: `${completion.workMinutes} 分钟`,
          materials: completion.materials.map((m) => `${m.name} ×${m.qty}${m.unit}`).join('、'),
          fee: order.fee ? formatYuan(order.fee.total) : '',
          byText: completion.onBehalf ? `${completion.byName ?? '班组'}代报完工` : `${completion.byName ?? order.assignee?.name ?? '师傅'}录入`,
        }
      : null,
    ratingText: order.rating ? `${order.rating.score} 星${order.rating.comment ? ` · ${order.rating.comment}` : ''}` : '',
    revisits: [...order.revisits].reverse().map((r) => ({ text: `${REVISIT_RESULT_LABELS[r.result] ?? r.result}${r.note ? `：${r.note}` : ''}`, desc: formatDateTime(r.at) })),
    followUps: [...order.followUps].reverse().map((f) => ({
      text: `${f.visited ? '上门' : f.toReporter ? '告知业主' : '跟进'}${f.failed ? '（协调未成）' : ''}：${f.note}`,
      desc: formatDateTime(f.at),
    })),
    steps: [...order.timeline].reverse().map((e) => ({
      text: deskStepText(e),
      desc: `${formatDateTime(e.at)}${e.by.role === 'system' ? '' : ` · ${e.by.name}`}`,
    })),
    primary,
    primaryLabel: primary ? DESK_ACTION_LABELS[primary] : '',
    more: actions.slice(1).map((action) => ({ name: DESK_ACTION_LABELS[action], action })),
  };
}
