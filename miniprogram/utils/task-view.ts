/**
 * How a technician's lists order their work: overdue first (the most overdue on top), then by
 * what is due next — the promise to the resident, not the report time, decides what comes first.
 */
import type { Order, OrderStatus } from '../../typings/domain';
import { OPEN_STATUSES } from './labels';
import { isOverdue } from './order-view';

const BEFORE_ARRIVAL: OrderStatus[] = ['pending', 'assigned', 'accepted'];

/** The instant the next promise falls due: the appointment or arrival before arriving, else completion. */
export function nextDueMs(order: Pick<Order, 'status' | 'due' | 'slot'>): number {
  if (!OPEN_STATUSES.includes(order.status)) return Number.POSITIVE_INFINITY;
  if (BEFORE_ARRIVAL.includes(order.status)) return Date.parse(order.slot?.start ?? order.due.arriveBy);
  return Date.parse(order.due.completeBy);
}

/** A copy of `orders`, overdue first then soonest due; closed work keeps the server's order (newest first). */
export function sortForTechnician<T extends Pick<Order, 'status' | 'due' | 'slot'>>(orders: T[], now: number): T[] {
  return orders
    .map((order, index) => ({ order, index, overdue: isOverdue(order, now), due: nextDueMs(order) }))
    .sort((a, b) => {
      if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
      if (a.due !== b.due) return a.due - b.due;
      return a.index - b.index;
    })
    .map((x) => x.order);
}
