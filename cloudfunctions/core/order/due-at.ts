/**
 * The next promise an order's technician must keep, as one stored instant (`dueAt`) so a list of
 * someone's work can be ordered by it in the database, across pages: arrival until they are on
 * site (an appointment's window end), completion after. It is also what the pages mark overdue.
 */
import type { Order, OrderStatus } from '../../../typings/domain';

/** Orders that promise nothing any more sort after every open one (ascending). */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

const BEFORE_ARRIVAL: readonly OrderStatus[] = ['pending', 'assigned', 'accepted'];
const AFTER_ARRIVAL: readonly OrderStatus[] = ['in_progress', 'on_hold'];

export function dueAtOf(order: Pick<Order, 'status' | 'due'>): string {
  if (BEFORE_ARRIVAL.includes(order.status)) return order.due.arriveBy;
  if (AFTER_ARRIVAL.includes(order.status)) return order.due.completeBy;
  return NO_DUE;
}
