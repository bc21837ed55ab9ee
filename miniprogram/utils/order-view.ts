/**
 * The one list item shape for orders (ux.md), for every role's list: computed once per order
 * so WXML only places values, and a page appends items with path updates (`items[20]`).
 */
import type { Order, OrderStatus } from '../../typings/domain';
import { OPEN_STATUSES, STATUS_LABELS, STATUS_TAGS } from './labels';
import { formatAhead, formatRelative } from './time';

export interface OrderItemView {
  id: string;
  categoryName: string;
  statusLabel: string;
  tagType: string;
  tagPlain: boolean;
  urgent: boolean;
  overdue: boolean;
  description: string;
  location: string;
  /** 10分钟前 */
  timeText: string;
  /** 今天 17:30 前完成, '' once nothing is due */
  dueText: string;
  /** fileID of the first photo, '' without photos */
  photo: string;
  /** a displayable URL for `photo`, filled in after the list arrives ('' until then) */
  thumb: string;
}

const BEFORE_ARRIVAL: OrderStatus[] = ['pending', 'assigned', 'accepted'];

export function isOverdue(order: Pick<Order, 'status' | 'due'>, now: number): boolean {
  if (!OPEN_STATUSES.includes(order.status)) return false;
  const by = BEFORE_ARRIVAL.includes(order.status) ? order.due.arriveBy : order.due.completeBy;
  return Date.parse(by) < now;
}

export function dueText(order: Pick<Order, 'status' | 'due' | 'slot'>, now: number): string {
  if (!OPEN_STATUSES.includes(order.status)) return '';
  if (BEFORE_ARRIVAL.includes(order.status)) {
    // an appointment is what the resident agreed to; the SLA is the fallback promise
    return order.slot ? `预约 ${formatAhead(order.slot.start, now)}` : `${formatAhead(order.due.arriveBy, now)} 前上门`;
  }
  return `${formatAhead(order.due.completeBy, now)} 前完成`;
}

export function locationText(order: Pick<Order, 'location'>): string {
  const { kind, text, building, room } = order.location;
  const unit = kind === 'unit' && building && room ? `${building}${room}` : '';
  if (kind === 'public') return `公共区域 · ${text}`;
  return unit && !text.includes(unit) ? `${unit} · ${text}` : text;
}

export function toOrderItem(order: Order, now: number): OrderItemView {
  const tag = STATUS_TAGS[order.status] ?? { type: 'default', plain: true };
  return {
    id: order.id,
    categoryName: order.categoryName,
    statusLabel: STATUS_LABELS[order.status] ?? order.status,
    tagType: tag.type,
    tagPlain: tag.plain,
    urgent: order.urgency === 'urgent',
    overdue: isOverdue(order, now),
    description: order.description,
    location: locationText(order),
    timeText: formatRelative(order.createdAt, now),
    dueText: dueText(order, now),
    photo: order.photos[0] ?? '',
    thumb: '',
  };
}

/**
 * The deadline an open order works towards now (the server's rule for 催单 and its deadline
 * warnings): accepting while pending or assigned, arriving once accepted, completing after.
 */
export function activeDeadline(order: Pick<Order, 'status' | 'due'>): string | undefined {
  switch (order.status) {
    case 'pending':
    case 'assigned':
      return order.due.acceptBy;
    case 'accepted':
      return order.due.arriveBy;
    case 'in_progress':
    case 'on_hold':
      return order.due.completeBy;
    default:
      return undefined;
  }
}

/** 催单 is offered once that deadline has passed (order.nudge refuses it earlier). */
export function canNudge(order: Pick<Order, 'status' | 'due'>, now: number): boolean {
  const by = activeDeadline(order);
  return by !== undefined && Date.parse(by) <= now;
}
