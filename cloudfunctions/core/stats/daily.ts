/**
 * One local day's facts from order documents (pure: orders and the day in, facts out). Each fact
 * is put on the day of its own event, read from the order's fields, its earlier visits (kept by a
 * reopen) and its timeline, so the same orders give the same day whenever it is computed, and any
 * superset of the day's orders gives the same answer as the exact set.
 */
import type { Assignee, Completion, Fee, Handling, OrderSource, OrderStatus, OrderStep, Rating, Revisit, SlaBreach, TimelineEntry, Urgency } from '../../../typings/domain';
import type { DailyStats, Score, TechnicianTally } from '../../../typings/dashboard';
import { REVISIT_WITHIN_MS } from '../order/schedule-fields';
import { dayBounds, localDate } from './days';
import { addMinutes, emptyTally, minutesBetween } from './minutes';

type Who = Pick<Assignee, 'openid' | 'name'> & Partial<Pick<Assignee, 'teamId'>>;

/** A visit ended by a reopen, as far as the stats read it. */
export interface StatsVisit {
  assignee?: Who;
  completion?: Partial<Pick<Completion, 'workMinutes' | 'arrivedAt'>>;
  fee?: Partial<Pick<Fee, 'paid' | 'paidAmount' | 'refunded'>>;
  rating?: Pick<Rating, 'score' | 'at'>;
  completedAt?: string;
  closedAt?: string;
  reopenedAt: string;
}

/** The part of an order document the stats read (STATS_FIELDS projects it). */
export interface StatsOrder {
  id: string;
  propertyId: string;
  categoryId: string;
  categoryName: string;
  teamId: string;
  source: OrderSource;
  urgency: Urgency;
  /** the category charges */
  paid: boolean;
  status: OrderStatus;
  handling?: Handling;
  createdAt: string;
  arrivedAt?: string;
  completedAt?: string;
  closedAt?: string;
  cancelledAt?: string;
  due: { arriveBy: string; completeBy: string };
  assignee?: Who;
  completion?: Partial<Pick<Completion, 'workMinutes' | 'arrivedAt'>>;
  fee?: Partial<Pick<Fee, 'paid' | 'paidAmount' | 'refunded'>>;
  prepay?: { amount: number; paid: boolean; paidAt?: string };
  rating?: Pick<Rating, 'score' | 'at'>;
  revisits?: Pick<Revisit, 'at'>[];
  visits?: StatsVisit[];
  breaches?: Pick<SlaBreach, 'deadline' | 'at'>[];
  timeline: Pick<TimelineEntry, 'at' | 'step' | 'from' | 'to'>[];
}

/** What the database returns for the stats: only the fields above (orders are large: photos, outbox, texts). */
export const STATS_FIELDS: Record<string, boolean> = Object.fromEntries(
  [
    '_id', 'id', 'propertyId', 'categoryId', 'categoryName', 'teamId', 'source', 'urgency', 'paid', 'status', 'handling',
    'createdAt', 'arrivedAt', 'completedAt', 'closedAt', 'cancelledAt', 'due', 'assignee', 'completion.workMinutes',
    'completion.arrivedAt', 'fee', 'prepay', 'rating', 'revisits.at', 'breaches', 'timeline.at', 'timeline.step',
    'timeline.from', 'timeline.to', 'visits.assignee', 'visits.completion.workMinutes', 'visits.completion.arrivedAt',
    'visits.fee', 'visits.rating', 'visits.completedAt', 'visits.closedAt', 'visits.reopenedAt',
  ].map((f) => [f, true]),
);

/** One visit of an order: the first from the report, each later one from its reopen. */
interface VisitView {
  start: string;
  /** the reopen that ended it; none for the visit in progress */
  end?: string;
  assignee?: Who;
  teamId: string;
  arrivedAt?: string;
  completedAt?: string;
  closedAt?: string;
  workMinutes: number;
  fee?: StatsVisit['fee'];
  rating?: StatsVisit['rating'];
  /** the current visit's deadlines; an earlier visit's are known only by the breaches recorded during it */
  due?: StatsOrder['due'];
  verbal: boolean;
}

function visitsOf(o: StatsOrder): VisitView[] {
  const earlier = o.visits ?? [];
  const views: VisitView[] = earlier.map((v, i) => ({
    start: i === 0 ? o.createdAt : earlier[i - 1].reopenedAt,
    end: v.reopenedAt,
    assignee: v.assignee,
    teamId: v.assignee?.teamId ?? o.teamId,
    arrivedAt: v.completion?.arrivedAt,
    completedAt: v.completedAt,
    closedAt: v.closedAt,
    workMinutes: v.completion?.workMinutes ?? 0,
    fee: v.fee,
    rating: v.rating,
    verbal: false,
  }));
  views.push({
    start: earlier.length ? earlier[earlier.length - 1].reopenedAt : o.createdAt,
    assignee: o.assignee,
    teamId: o.assignee?.teamId ?? o.teamId,
    arrivedAt: o.arrivedAt ?? o.completion?.arrivedAt,
    completedAt: o.completedAt,
    closedAt: o.closedAt,
    workMinutes: o.completion?.workMinutes ?? 0,
    fee: o.fee,
    rating: o.rating,
    due: o.due,
    verbal: o.handling === 'verbal',
  });
  return views;
}

/** Whether the visit kept a deadline: against the deadline itself, or (earlier visits) no breach recorded within it. */
function kept(v: VisitView, o: StatsOrder, deadline: 'arriveBy' | 'completeBy', at: string): boolean {
  if (v.due) return Date.parse(at) <= Date.parse(v.due[deadline]);
  const from = Date.parse(v.start);
  const to = v.end ? Date.parse(v.end) : Infinity;
  return !(o.breaches ?? []).some((b) => b.deadline === deadline && Date.parse(b.at) >= from && Date.parse(b.at) < to);
}

const RESPONSE_STEPS: ReadonlySet<OrderStep> = new Set(['accept', 'grab', 'handle']);

/** The order's status just before `t` (ms): the last step taken before it. */
export function statusBefore(o: Pick<StatsOrder, 'timeline' | 'status' | 'createdAt'>, t: number): OrderStatus | undefined {
  if (Date.parse(o.createdAt) >= t) return undefined;
  let found: OrderStatus | undefined;
  for (const e of o.timeline) {
    if (Date.parse(e.at) < t) found = e.to;
    else break;
  }
  // a timeline cut to its last entries still says where its first kept step started from
  return found ?? o.timeline[0]?.from ?? o.status;
}

/** Money events: paid on order, paid after service (each visit), given back. */
function moneyOf(o: StatsOrder, visits: VisitView[]): { at: string; fen: number }[] {
  const pays = o.timeline.filter((e) => e.step === 'pay').map((e) => e.at);
  const out: { at: string; fen: number }[] = [];
  if (o.prepay?.paid) out.push({ at: o.prepay.paidAt ?? pays[0] ?? o.createdAt, fen: o.prepay.amount });
  for (const v of visits) {
    const fee = v.fee;
    if (!fee) continue;
    if (fee.paid && fee.paidAmount && v.completedAt) {
      const completed = v.completedAt;
      const end = v.end;
      const paidAt = pays.filter((at) => at >= completed && (!end || at < end)).pop() ?? completed;
      out.push({ at: paidAt, fen: fee.paidAmount });
    }
    if (fee.refunded) out.push({ at: fee.refunded.at, fen: -fee.refunded.amount });
  }
  // a revoke gives back everything paid (payments/refund.ts)
  const revoked = o.status === 'cancelled' && o.cancelledAt && o.timeline.some((e) => e.step === 'revoke');
  if (revoked && o.cancelledAt) {
    const net = out.reduce((s, m) => s + m.fen, 0);
    if (net > 0) out.push({ at: o.cancelledAt, fen: -net });
  }
  return out;
}

/** Revisit calls a visit makes due [S4]: every paid order at completion; a free one rated ≤ 3, or closed unrated. */
function obligationOf(o: StatsOrder, v: VisitView): string | undefined {
  if (o.paid) return v.completedAt;
  if (v.rating) return v.rating.score <= 3 ? v.rating.at : undefined;
  // a verbal matter closes as it is recorded: nobody is owed a call for it
  return v.verbal ? undefined : v.closedAt;
}

const inc = <K extends string>(map: Partial<Record<K, number>>, key: K, by = 1): void => {
  map[key] = (map[key] ?? 0) + by;
};

export function emptyDay(propertyId: string, date: string, timezone: string, computedAt: string): DailyStats {
  return {
    propertyId,
    date,
    timezone,
    computedAt,
    created: { total: 0, byCategory: {}, byTeam: {}, bySource: {}, byUrgency: {} },
    completed: { total: 0, byCategory: {}, byTeam: {}, paid: 0, free: 0 },
    statusFlow: {},
    response: emptyTally(),
    arrival: emptyTally(),
    arrivedOnTime: 0,
    completion: emptyTally(),
    completedOnTime: 0,
    ratings: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    revisits: { due: 0, done: 0 },
    reopened: 0,
    cancelled: 0,
    fees: { collectedFen: 0, byCategory: {} },
    categoryNames: {},
    technicians: {},
  };
}

export interface DayOf {
  propertyId: string;
  date: string;
  timezone: string;
}

/**
 * The facts of `day` from the orders given (those of other properties are ignored). `computedAt`
 * is recorded; events after it cannot exist in the documents, so a live "today" is simply the day
 * computed now.
 */
export function dailyStats(orders: readonly StatsOrder[], day: DayOf, computedAt: Date): DailyStats {
  const { start, end } = dayBounds(day.date, day.timezone);
  const from = Date.parse(start);
  const to = Date.parse(end);
  const inDay = (at: string | undefined): at is string => {
    if (!at) return false;
    const t = Date.parse(at);
    return t >= from && t < to;
  };
  const s = emptyDay(day.propertyId, day.date, day.timezone, computedAt.toISOString());
  const tech = (who: Who | undefined): TechnicianTally | undefined =>
    who ? (s.technicians[who.openid] ??= { name: who.name, completed: 0, workMinutes: 0, onTime: 0, ratingSum: 0, ratingCount: 0 }) : undefined;

  for (const o of orders) {
    if (o.propertyId !== day.propertyId) continue;
    // names are kept for the categories a fact of the day counts
    let touched = false;
    const mark = (): void => {
      touched = true;
    };

    if (inDay(o.createdAt)) {
      mark();
      s.created.total += 1;
      inc(s.created.byCategory, o.categoryId);
      inc(s.created.byTeam, o.teamId);
      inc(s.created.bySource, o.source);
      inc(s.created.byUrgency, o.urgency);
    }

    const before = statusBefore(o, from);
    const after = statusBefore(o, to);
    if (after && before !== after) {
      const flow = (s.statusFlow[localDate(new Date(o.createdAt), day.timezone)] ??= {});
      inc(flow, after);
      if (before) inc(flow, before, -1);
    }

    const responded = o.timeline.find((e) => RESPONSE_STEPS.has(e.step))?.at;
    if (inDay(responded)) {
      mark();
      addMinutes(s.response, minutesBetween(o.createdAt, responded));
    }

    const visits = visitsOf(o);
    for (const v of visits) {
      if (inDay(v.arrivedAt)) {
        mark();
        addMinutes(s.arrival, minutesBetween(v.start, v.arrivedAt));
        if (kept(v, o, 'arriveBy', v.arrivedAt)) s.arrivedOnTime += 1;
      }
      if (inDay(v.completedAt)) {
        mark();
        s.completed.total += 1;
        inc(s.completed.byCategory, o.categoryId);
        inc(s.completed.byTeam, v.teamId);
        if (o.paid) s.completed.paid += 1;
        else s.completed.free += 1;
        addMinutes(s.completion, minutesBetween(v.start, v.completedAt));
        const onTime = kept(v, o, 'completeBy', v.completedAt);
        if (onTime) s.completedOnTime += 1;
        const t = tech(v.assignee);
        if (t) {
          t.completed += 1;
          t.workMinutes += v.workMinutes;
          if (onTime) t.onTime += 1;
        }
      }
      if (v.rating && inDay(v.rating.at)) {
        mark();
        inc(s.ratings, String(v.rating.score) as Score);
        const t = tech(v.assignee);
        if (t) {
          t.ratingSum += v.rating.score;
          t.ratingCount += 1;
        }
      }
      if (inDay(v.end)) {
        mark();
        s.reopened += 1;
      }
      const owed = obligationOf(o, v);
      if (inDay(owed)) {
        mark();
        s.revisits.due += 1;
        const by = Date.parse(owed) + REVISIT_WITHIN_MS;
        if ((o.revisits ?? []).some((r) => Date.parse(r.at) >= Date.parse(owed) && Date.parse(r.at) <= by)) s.revisits.done += 1;
      }
    }

    if (o.status === 'cancelled' && inDay(o.cancelledAt)) {
      mark();
      s.cancelled += 1;
    }

    for (const m of moneyOf(o, visits)) {
      if (!inDay(m.at)) continue;
      mark();
      s.fees.collectedFen += m.fen;
      inc(s.fees.byCategory, o.categoryId, m.fen);
    }

    if (touched) s.categoryNames[o.categoryId] = o.categoryName;
  }
  return s;
}
