/**
 * The scheduler's deadlines on an open order: at the deadline the person holding the order is
 * warned; when it has passed by a margin, the service center and the team's leader are told. Each
 * notice once per order and deadline. Pure: the order's facts and the clock in, decisions out.
 */
import type { Deadline, OrderStatus } from '../../../typings/domain';
import { DEFAULT_WORKING_TIME, halfWorkingDayAfter, type WorkingTime } from '../time/working-time';

/** How late a missed deadline goes up to the desk and the team leader (minutes). */
export const DEFAULT_ESCALATE_AFTER_MINUTES = 30;

export type NoticeKind = 'warn' | 'escalate';

export interface SlaFacts {
  status: OrderStatus;
  due: Record<Deadline, string>;
  /** a coordination order (协调单) is watched by its own rules instead of the repair deadlines */
  handling?: 'verbal' | 'coordination';
  acceptedAt?: string;
  followUps?: readonly { at: string; failed: boolean; toReporter?: boolean; visited?: boolean }[];
  /** notices already sent, by `<deadline>:<kind>` → the due time they were for (a new due time warns again) */
  slaNotices?: Record<string, string>;
}

/**
 * A coordination order's rules [S4]: someone visits the site within half a working day of the desk
 * taking it, the owner hears back within 24 h, it is followed up every 3 days and reported to the
 * owner every 5; two failed coordinations within a week call for a joint visit by the manager and
 * the service center.
 */
export type CoordinationRule = 'visit' | 'reply' | 'followUp' | 'report' | 'jointVisit';

export interface WatchSettings {
  /** how late a missed deadline goes up (minutes); DEFAULT_ESCALATE_AFTER_MINUTES */
  escalateAfterMinutes?: number;
  /** the property's business hours and time zone, which the visit rule counts in; the defaults otherwise */
  workingTime?: WorkingTime;
}

export interface SlaNotice {
  deadline: Deadline | CoordinationRule;
  kind: NoticeKind;
  /** the due time it is about (a notice is sent once per due time) */
  due: string;
  /** the moment it is due to fire */
  at: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

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

const iso = (ms: number): string => new Date(ms).toISOString();

function coordinationCandidates(order: SlaFacts, workingTime: WorkingTime): SlaNotice[] {
  if (order.status !== 'in_progress' && order.status !== 'on_hold') return [];
  const taken = Date.parse(order.acceptedAt ?? order.due.acceptBy);
  const followUps = order.followUps ?? [];
  const last = (pick: (f: { toReporter?: boolean }) => boolean): number => Math.max(taken, ...followUps.filter(pick).map((f) => Date.parse(f.at)));
  const out: SlaNotice[] = [];
  // met by the first follow-up that was a visit, however late
  if (!followUps.some((f) => f.visited)) {
    const due = halfWorkingDayAfter(new Date(taken), workingTime).toISOString();
    out.push({ deadline: 'visit', kind: 'warn', due, at: due });
  }
  if (!followUps.some((f) => f.toReporter)) out.push({ deadline: 'reply', kind: 'warn', due: iso(taken + DAY), at: iso(taken + DAY) });
  out.push({ deadline: 'followUp', kind: 'warn', due: iso(last(() => true) + 3 * DAY), at: iso(last(() => true) + 3 * DAY) });
  out.push({ deadline: 'report', kind: 'warn', due: iso(last((f) => !!f.toReporter) + 5 * DAY), at: iso(last((f) => !!f.toReporter) + 5 * DAY) });
  // the second failed coordination within seven days of the one before it: at once
  const failed = followUps.filter((f) => f.failed).map((f) => Date.parse(f.at));
  for (let i = 1; i < failed.length; i++) {
    if (failed[i] - failed[i - 1] <= 7 * DAY) out.push({ deadline: 'jointVisit', kind: 'escalate', due: iso(failed[i]), at: iso(failed[i]) });
  }
  return out;
}

function candidates(order: SlaFacts, settings: WatchSettings): SlaNotice[] {
  const sent = order.slaNotices ?? {};
  const unsent = (n: SlaNotice): boolean => sent[`${n.deadline}:${n.kind}`] !== n.due;
  if (order.handling === 'coordination') return coordinationCandidates(order, settings.workingTime ?? DEFAULT_WORKING_TIME).filter(unsent);
  const deadline = activeDeadline(order.status);
  if (!deadline) return [];
  const due = order.due[deadline];
  const margin = settings.escalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES;
  return [
    { deadline, kind: 'warn' as const, due, at: due },
    { deadline, kind: 'escalate' as const, due, at: iso(Date.parse(due) + margin * 60_000) },
  ].filter(unsent);
}

/** The notices due at `now` (at their minute, not before), oldest first. */
export function dueNotices(order: SlaFacts, now: Date, settings: WatchSettings = {}): SlaNotice[] {
  return candidates(order, settings).filter((n) => Date.parse(n.at) <= now.getTime());
}

/** When the scheduler should look at the order again for its deadlines (undefined: nothing left). */
export function nextSlaCheck(order: SlaFacts, settings: WatchSettings = {}): string | undefined {
  return candidates(order, settings)
    .map((n) => n.at)
    .sort()[0];
}
