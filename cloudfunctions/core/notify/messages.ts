/**
 * What each notification says, in the person's words, and the facts a subscription template's
 * keywords may show. Pure: the order and the moment in, texts out.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Order } from '../../../typings/domain';
import type { MessageField, NotifyEvent } from '../../../typings/notify';
import { STATUS_LABELS } from '../order/labels';
import type { CoordinationRule } from '../order/sla-watch';

dayjs.extend(utc);
dayjs.extend(timezone);

export type MessageFacts = Record<MessageField, string>;

export function factsOf(order: Order, at: Date, extra: { reason?: string; note?: string } = {}): MessageFacts {
  const loc = order.location;
  const place = loc.kind === 'unit' && loc.building ? `${loc.building}${loc.room ?? ''} ${loc.text}` : loc.text;
  const dueAt = order.status === 'assigned' ? order.due.acceptBy : order.status === 'accepted' ? order.due.arriveBy : order.due.completeBy;
  return {
    orderNo: order.orderNo,
    categoryName: order.categoryName,
    location: place.trim(),
    description: order.description,
    statusLabel: STATUS_LABELS[order.status],
    technicianName: order.assignee?.name ?? '',
    technicianPhone: order.assignee?.phone ?? '',
    reporterName: order.reporter.name,
    time: at.toISOString(),
    dueAt,
    nextVisitAt: order.hold?.nextVisitAt ?? '',
    reason: extra.reason ?? '',
    note: extra.note ?? '',
    urgencyLabel: order.urgency === 'urgent' ? '紧急' : '普通',
  };
}

const hm = (iso: string, tz: string): string => (iso ? dayjs(iso).tz(tz).format('M月D日 HH:mm') : '');

/** What a coordination notice asks of the desk (see coordinationReason). */
const COORDINATION_ASKS = {
  visit: '上门查看已超时（应在受理后半个工作日内上门）',
  followUp: '到了跟进或回复业主的时间',
} as const;

/** The title and text of the message center item for `event`. */
export function messageText(event: NotifyEvent, f: MessageFacts, tz: string): { title: string; text: string } {
  const what = `${f.categoryName}（${f.location}）`;
  switch (event) {
    case 'order.created':
      return { title: '报修已提交', text: `您的报修 ${f.orderNo} 已提交：${what}，我们会尽快安排师傅。` };
    case 'order.assigned':
      return { title: f.urgencyLabel === '紧急' ? '新工单（紧急）' : '新工单', text: `${what}：${f.description}。请在 ${hm(f.dueAt, tz)} 前接单。` };
    case 'order.accepted':
      return { title: '师傅已接单', text: `${f.technicianName}师傅已接单，预计 ${hm(f.dueAt, tz)} 前上门。` };
    case 'order.checkedIn':
      return { title: '师傅已上门', text: `${f.technicianName}师傅已到达，开始处理${f.categoryName}。` };
    case 'order.progress':
      return { title: '维修进展', text: `${f.technicianName}师傅：${f.note}` };
    case 'order.onHold':
      return { title: '维修改约', text: `${f.reason}。师傅将于 ${hm(f.nextVisitAt, tz)} 再次上门。` };
    case 'order.completed':
      return { title: '维修已完成', text: `${what}已处理完毕，请确认并评价。` };
    case 'order.rated':
      return { title: '业主已评价', text: `工单 ${f.orderNo} 已评价。` };
    case 'order.rejected':
      return { title: '工单被退回', text: `工单 ${f.orderNo}（${what}）被师傅退回，请重新派单。` };
    case 'order.reassignRequested':
      return { title: '改派申请', text: `${f.technicianName}申请改派工单 ${f.orderNo}：${f.reason}` };
    case 'order.reassignDecided':
      return { title: '改派申请已处理', text: `您对工单 ${f.orderNo} 的改派申请已处理。` };
    case 'order.reopened':
      return { title: '工单重新打开', text: `业主反映 ${what} 未修好：${f.reason}` };
    case 'order.cancelled':
      return { title: '报修已取消', text: `工单 ${f.orderNo} 已被报修人取消：${f.reason}` };
    case 'order.revoked':
      return { title: '工单已撤销', text: `工单 ${f.orderNo} 已由客服中心撤销：${f.reason}` };
    case 'order.followUp':
      return { title: '处理进展', text: f.note };
    case 'order.message':
      return { title: '新留言', text: f.note };
    case 'order.nudged':
      return { title: '业主催单', text: `业主催促工单 ${f.orderNo}（${what}），请尽快处理。` };
    case 'order.slaWarning':
      return { title: '工单即将超时', text: `工单 ${f.orderNo}（${what}）已到期限 ${hm(f.dueAt, tz)}，请尽快处理。` };
    case 'order.coordinationDue':
      return { title: '协调单待跟进', text: `协调单 ${f.orderNo}（${what}）${f.reason || COORDINATION_ASKS.followUp}，请及时处理。` };
    case 'order.jointVisit':
      return { title: '需联合上门协调', text: `协调单 ${f.orderNo}（${what}）一周内两次协调未果，请经理与客服中心联合上门沟通。` };
    case 'order.slaEscalated':
      return { title: '工单已超时', text: `工单 ${f.orderNo}（${what}）已超过期限 ${hm(f.dueAt, tz)}，${f.technicianName || '尚无人'}处理中。` };
  }
}

/** What a coordination notice tells the desk, by the rules that came due at once (its `reason`). */
export function coordinationReason(rules: readonly CoordinationRule[]): string {
  const asks: string[] = [];
  if (rules.includes('visit')) asks.push(COORDINATION_ASKS.visit);
  if (rules.some((r) => r === 'reply' || r === 'followUp' || r === 'report')) asks.push(COORDINATION_ASKS.followUp);
  return asks.join('；');
}

/** The mini-program page that opens the order for the person told. */
export function pageFor(orderId: string, forStaff: boolean): string {
  return forStaff ? `pages/technician/work/index?id=${orderId}` : `pages/resident/order/index?id=${orderId}`;
}
