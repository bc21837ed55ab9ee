import type { Category, Urgency } from '../../../typings/domain';

/** Urgent repairs: a technician on site within 15 minutes [S3, S4]. */
export const URGENT_ARRIVE_MINUTES = 15;

const addMinutes = (at: Date, minutes: number): Date => new Date(at.getTime() + minutes * 60_000);

/** When an order must be accepted, reached and finished, from its category's SLA and urgency. */
export function dueDates(
  createdAt: Date,
  sla: Category['sla'],
  urgency: Urgency,
  slot?: { start: string; end: string },
): { acceptBy: string; arriveBy: string; completeBy: string } {
  const acceptBy = addMinutes(createdAt, urgency === 'urgent' ? Math.min(sla.acceptMinutes, URGENT_ARRIVE_MINUTES) : sla.acceptMinutes);
  // An appointment moves the visit to the resident's chosen window.
  const arriveBy = slot ? new Date(slot.end) : addMinutes(createdAt, urgency === 'urgent' ? URGENT_ARRIVE_MINUTES : sla.arriveMinutes);
  const completeBy = addMinutes(slot ? new Date(slot.start) : createdAt, sla.completeMinutes);
  return { acceptBy: acceptBy.toISOString(), arriveBy: arriveBy.toISOString(), completeBy: completeBy.toISOString() };
}

type Due = { acceptBy: string; arriveBy: string; completeBy: string };

/**
 * Due dates when a step starts a new clock: an assignment or a reopen counts from now; an
 * appointment still ahead keeps the visit in its window.
 */
export function dueFromNow(now: Date, sla: Category['sla'], urgency: Urgency, slot?: { start: string; end: string }): Due {
  const upcoming = slot && Date.parse(slot.start) > now.getTime() ? slot : undefined;
  return dueDates(now, sla, urgency, upcoming);
}

/** A hold promises the next visit: arrive then, finish within the category's time after it. */
export function dueAfterHold(due: Due, sla: Category['sla'], nextVisitAt: Date): Due {
  return { acceptBy: due.acceptBy, arriveBy: nextVisitAt.toISOString(), completeBy: addMinutes(nextVisitAt, sla.completeMinutes).toISOString() };
}
