/**
 * The scheduler's deadlines on an open order: at the deadline the person holding the order is
 * warned; when it has passed by a margin, the service center and the team's leader are told. Each
 * notice once per order and deadline. Pure: the order's facts and the clock in, decisions out.
 */
import type { Deadline, OrderStatus } from '../../../typings/domain';

/** How late a missed deadline goes up to the desk and the team leader (minutes). */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 30;

export type NoticeKind = 'warn' | 'escalate';

export interface SlaFacts {
  status: OrderStatus;
  due: Record<Deadline, string>;
  /** notices already sent, by `<deadline>:<kind>` → the due time they were for (a new due time warns again) */
  slaNotices?: Record<string, string>;
}

export interface SlaNotice {
  deadline: Deadline;
  kind: NoticeKind;
  /** the moment it was due to fire */
  at: string;
}

/** The deadline the order is working towards now, if any. */
export function activeDeadline(status: OrderStatus): Deadline | undefined {
  switch (status) {
    case 'pending':
    case 'assigned':
      return 'acceptBy';
    case 'accepted':
      return 'arriveBy';
    case 'in_progress':
    case 'on_hold':
      return 'completeBy';
    default:
      return undefined;
  }
}

function candidates(order: SlaFacts, escalateAfterMinutes: number): SlaNotice[] {
  const deadline = activeDeadline(order.status);
  if (!deadline) return [];
  const due = Date.parse(order.due[deadline]);
  const sent = order.slaNotices ?? {};
  const out: SlaNotice[] = [];
  if (sent[`${deadline}:warn`] !== order.due[deadline]) out.push({ deadline, kind: 'warn', at: new Date(due).toISOString() });
  if (sent[`${deadline}:escalate`] !== order.due[deadline]) out.push({ deadline, kind: 'escalate', at: new Date(due + escalateAfterMinutes * 60_000).toISOString() });
  return out;
}

/** The notices due at `now` (at their minute, not before), oldest first. */
export function dueNotices(order: SlaFacts, now: Date, escalateAfterMinutes = DEFAULT_ESCALATE_AFTER_MINUTES): SlaNotice[] {
  return candidates(order, escalateAfterMinutes).filter((n) => Date.parse(n.at) <= now.getTime());
}

/** When the scheduler should look at the order again for its deadlines (undefined: nothing left). */
export function nextSlaCheck(order: SlaFacts, escalateAfterMinutes = DEFAULT_ESCALATE_AFTER_MINUTES): string | undefined {
  return candidates(order, escalateAfterMinutes)
    .map((n) => n.at)
    .sort()[0];
}
