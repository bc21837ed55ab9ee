/**
 * A period's figures from its days' facts (pure): counts and tallies add up, rates and averages
 * are taken once at the end, so a month reads the same whether its days were kept by the
 * scheduler or computed live.
 */
import type { OrderSource, OrderStatus, Urgency } from '../../../typings/domain';
import type { DailyStats, DashboardSummary, MinuteTally, Score, TechnicianRow, TechnicianTally, TrendPoint } from '../../../typings/dashboard';
import { emptyDay } from './daily';
import { figuresOf, mergeTally, round } from './minutes';

const STATUSES: readonly OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'];
const SOURCES: readonly OrderSource[] = ['resident', 'phone', 'visit', 'self_inspection'];
const URGENCIES: readonly Urgency[] = ['normal', 'urgent'];
const SCORES: readonly Score[] = ['1', '2', '3', '4', '5'];

/** a share 0..1 (four decimals), or null when there is nothing to divide by */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? round(part / whole, 4) : null);

const addInto = (into: Record<string, number>, from: Partial<Record<string, number>>): void => {
  for (const [k, n] of Object.entries(from)) if (n) into[k] = (into[k] ?? 0) + n;
};

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The days added up into one (names: the latest day's wins). */
export function sumDays(days: readonly DailyStats[], propertyId: string, timezone: string): DailyStats {
  const total = emptyDay(propertyId, '', timezone, '');
  const tally = (into: MinuteTally, t: MinuteTally) => mergeTally(into, t);
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    total.created.total += d.created.total;
    addInto(total.created.byCategory, d.created.byCategory);
    addInto(total.created.byTeam, d.created.byTeam);
    addInto(total.created.bySource, d.created.bySource);
    addInto(total.created.byUrgency, d.created.byUrgency);
    total.completed.total += d.completed.total;
    addInto(total.completed.byCategory, d.completed.byCategory);
    addInto(total.completed.byTeam, d.completed.byTeam);
    total.completed.paid += d.completed.paid;
    total.completed.free += d.completed.free;
    for (const [created, flow] of Object.entries(d.statusFlow)) addInto((total.statusFlow[created] ??= {}), flow);
    tally(total.response, d.response);
    tally(total.arrival, d.arrival);
    total.arrivedOnTime += d.arrivedOnTime;
    tally(total.completion, d.completion);
    total.completedOnTime += d.completedOnTime;
    addInto(total.ratings, d.ratings);
    total.revisits.due += d.revisits.due;
    total.revisits.done += d.revisits.done;
    total.reopened += d.reopened;
    total.cancelled += d.cancelled;
    total.fees.collectedFen += d.fees.collectedFen;
    addInto(total.fees.byCategory, d.fees.byCategory);
    Object.assign(total.categoryNames, d.categoryNames);
    for (const [id, t] of Object.entries(d.technicians)) {
      const into: TechnicianTally = (total.technicians[id] ??= { name: t.name, completed: 0, workMinutes: 0, onTime: 0, ratingSum: 0, ratingCount: 0 });
      into.name = t.name;
      into.completed += t.completed;
      into.workMinutes += t.workMinutes;
      into.onTime += t.onTime;
      into.ratingSum += t.ratingSum;
      into.ratingCount += t.ratingCount;
    }
  }
  return total;
}

export interface SummaryInput {
  propertyId: string;
  from: string;
  to: string;
  timezone: string;
  days: readonly DailyStats[];
  /** team names by id */
  teamNames: Record<string, string>;
  liveDays: string[];
}

export function summarize(input: SummaryInput): DashboardSummary {
  const { from, to } = input;
  const inPeriod = input.days.filter((d) => d.date >= from && d.date <= to);
  const t = sumDays(inPeriod, input.propertyId, input.timezone);

  const byStatus = zeros(STATUSES);
  for (const [created, flow] of Object.entries(t.statusFlow)) {
    if (created < from || created > to) continue;
    for (const s of STATUSES) byStatus[s] += flow[s] ?? 0;
  }
  const finished = byStatus.completed + byStatus.closed;

  const categoryIds = new Set([...Object.keys(t.created.byCategory), ...Object.keys(t.completed.byCategory), ...Object.keys(t.fees.byCategory)]);
  const byCategory = [...categoryIds]
    .map((id) => ({
      id,
      name: t.categoryNames[id] ?? id,
      created: t.created.byCategory[id] ?? 0,
      completed: t.completed.byCategory[id] ?? 0,
      revenueFen: t.fees.byCategory[id] ?? 0,
    }))
    .sort((a, b) => b.created - a.created || b.completed - a.completed || a.id.localeCompare(b.id));

  const teamIds = new Set([...Object.keys(t.created.byTeam), ...Object.keys(t.completed.byTeam)]);
  const byTeam = [...teamIds]
    .map((id) => ({ id, name: input.teamNames[id] ?? id, created: t.created.byTeam[id] ?? 0, completed: t.completed.byTeam[id] ?? 0 }))
    .sort((a, b) => b.created - a.created || b.completed - a.completed || a.id.localeCompare(b.id));

  const technicians: TechnicianRow[] = Object.entries(t.technicians)
    .map(([id, x]) => ({
      id,
      name: x.name,
      orders: x.completed,
      workMinutes: x.workMinutes,
      onTimeRate: rate(x.onTime, x.completed),
      rating: x.ratingCount ? round(x.ratingSum / x.ratingCount, 2) : null,
      ratings: x.ratingCount,
    }))
    .sort((a, b) => b.orders - a.orders || a.name.localeCompare(b.name, 'zh') || a.id.localeCompare(b.id));

  const distribution = zeros(SCORES);
  let rated = 0;
  let scoreSum = 0;
  for (const s of SCORES) {
    const n = t.ratings[s] ?? 0;
    distribution[s] = n;
    rated += n;
    scoreSum += n * Number(s);
  }

  return {
    propertyId: input.propertyId,
    from,
    to,
    liveDays: input.liveDays.filter((d) => d >= from && d <= to),
    created: t.created.total,
    completed: t.completed.total,
    byStatus,
    byCategory,
    byTeam,
    bySource: { ...zeros(SOURCES), ...t.created.bySource },
    byUrgency: { ...zeros(URGENCIES), ...t.created.byUrgency },
    completionRate: rate(finished, t.created.total - byStatus.cancelled),
    timelyArrivalRate: rate(t.arrivedOnTime, t.arrival.count),
    onTimeCompletionRate: rate(t.completedOnTime, t.completion.count),
    responseMinutes: figuresOf(t.response),
    arrivalMinutes: figuresOf(t.arrival),
    completionMinutes: figuresOf(t.completion),
    satisfaction: { avg: rated ? round(scoreSum / rated, 2) : null, count: rated, distribution },
    revisitCoverage: rate(t.revisits.done, t.revisits.due),
    revisits: { ...t.revisits },
    reopened: t.reopened,
    reopenRate: rate(t.reopened, t.completed.total),
    cancelled: t.cancelled,
    revenueFen: t.fees.collectedFen,
    paidOrders: t.completed.paid,
    freeOrders: t.completed.free,
    technicians,
  };
}

/** Created and completed per day or per month of the period; days without a document count zero. */
export function trendOf(days: readonly DailyStats[], from: string, to: string, bucket: 'day' | 'month', allDays: readonly string[]): TrendPoint[] {
  const key = (date: string): string => (bucket === 'day' ? date : date.slice(0, 7));
  const points = new Map<string, TrendPoint>();
  for (const date of allDays) if (date >= from && date <= to && !points.has(key(date))) points.set(key(date), { date: key(date), created: 0, completed: 0 });
  for (const d of days) {
    const p = points.get(key(d.date));
    if (!p || d.date < from || d.date > to) continue;
    p.created += d.created.total;
    p.completed += d.completed.total;
  }
  return [...points.values()];
}
