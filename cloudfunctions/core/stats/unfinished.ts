/**
 * The unfinished orders of a report (pure): orders open at an instant, oldest first, with their
 * status then, their age, who has them and the deadlines they missed by then — the rows of
 * report.unfinished's morning meeting, at a month's end. An order finished since still counts:
 * its timeline says it was open then.
 */
import type { Deadline, Order } from '../../../typings/domain';
import type { UnfinishedRow } from '../../../typings/notify';
import { OPEN_STATUSES } from '../order/open-statuses';
import { statusBefore, type StatsOrder } from './daily';

const DEADLINES: Deadline[] = ['acceptBy', 'arriveBy', 'completeBy'];

export const UNFINISHED_STATUSES = ['pending', ...OPEN_STATUSES] as const;

export type UnfinishedOrder = Pick<Order, 'id' | 'orderNo' | 'categoryName' | 'status' | 'createdAt' | 'teamId' | 'due' | 'acceptedAt' | 'arrivedAt'> &
  Pick<StatsOrder, 'timeline'> & {
    assignee?: Pick<NonNullable<Order['assignee']>, 'openid' | 'name'>;
  };

export function unfinishedRow(o: UnfinishedOrder, at: number): UnfinishedRow {
  return {
    orderId: o.id,
    orderNo: o.orderNo,
    categoryName: o.categoryName,
    status: statusBefore(o, at + 1) ?? o.status,
    createdAt: o.createdAt,
    ageMinutes: Math.floor((at - Date.parse(o.createdAt)) / 60_000),
    owner: o.assignee ? { kind: 'person', id: o.assignee.openid, name: o.assignee.name } : { kind: 'team', id: o.teamId },
    missed: DEADLINES.filter(
      (d) =>
        Date.parse(o.due[d]) < at &&
        !(d === 'acceptBy' && o.acceptedAt && o.acceptedAt <= o.due.acceptBy) &&
        !(d === 'arriveBy' && o.arrivedAt && o.arrivedAt <= o.due.arriveBy),
    ),
  };
}

/** Orders open at `at` (their timeline says so), oldest first, at most `limit`. */
export function unfinishedAt(orders: readonly UnfinishedOrder[], at: number, limit = 200): UnfinishedRow[] {
  const open = new Set<string>(UNFINISHED_STATUSES);
  const seen = new Set<string>();
  return orders
    .filter((o) => {
      const status = statusBefore(o, at + 1);
      if (seen.has(o.id) || !status || !open.has(status)) return false;
      seen.add(o.id);
      return true;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((o) => unfinishedRow(o, at));
}
