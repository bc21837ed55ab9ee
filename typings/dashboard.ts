/**
 * Managers' dashboards and reports: the daily facts the scheduler keeps (collection `stats_daily`)
 * and what the dashboard actions answer from them. Days are the property's local days
 * (YYYY-MM-DD); money is in fen; rates are 0..1, or null when there is nothing to divide by.
 */
import type { OrderSource, OrderStatus, Urgency } from './domain';
import type { UnfinishedRow } from './notify';
import type { ReportActions } from './report';

export type Score = '1' | '2' | '3' | '4' | '5';

/**
 * Durations in whole minutes: how many, their sum (for the average) and a histogram (for the
 * median, which sums cannot give). The histogram maps a bucket's lower bound in minutes to a
 * count; buckets are 1 minute wide below 4 hours, 10 below a day, an hour below a week and a day
 * beyond (cloudfunctions/core/stats/minutes.ts), so a median is exact under 4 hours and within
 * half a bucket above.
 */
export interface MinuteTally {
  count: number;
  sum: number;
  hist: Record<string, number>;
}

/** One technician's day: visits they completed, their recorded work, deadlines kept, ratings received. */
export interface TechnicianTally {
  name: string;
  completed: number;
  workMinutes: number;
  onTime: number;
  ratingSum: number;
  ratingCount: number;
}

/**
 * What happened in one property on one local day, each fact on the day of its own event: an order
 * created on Monday, finished on Tuesday and rated on Wednesday counts once on each of those days.
 * Stored in `stats_daily` with id `<propertyId>:<date>`; a period's figures are the sum of its days.
 */
export interface DailyStats {
  propertyId: string;
  /** YYYY-MM-DD, local to `timezone` */
  date: string;
  timezone: string;
  /** when it was computed: a day is final once computed after the following day ended */
  computedAt: string;
  created: {
    total: number;
    byCategory: Record<string, number>;
    byTeam: Record<string, number>;
    bySource: Partial<Record<OrderSource, number>>;
    byUrgency: Partial<Record<Urgency, number>>;
  };
  /** completed visits (a reopened order's visits each count); `paid`/`free` by the category's charging */
  completed: { total: number; byCategory: Record<string, number>; byTeam: Record<string, number>; paid: number; free: number };
  /**
   * Status changes of the day, by the local day the order was created: +1 into the status it ended
   * the day in, −1 out of the one it started the day in (creation is +1 alone). Summing the flows of
   * a period's days for the orders created in that period gives their statuses at the period's end.
   */
  statusFlow: Record<string, Partial<Record<OrderStatus, number>>>;
  /** report → first acceptance (accept, grab, or the desk taking a matter) */
  response: MinuteTally;
  /** start of the visit (report, or reopen) → the technician's check-in */
  arrival: MinuteTally;
  /** arrivals within the visit's arrive-by deadline (15 minutes for urgent repairs) */
  arrivedOnTime: number;
  /** start of the visit → completion */
  completion: MinuteTally;
  /** completions within the visit's complete-by deadline */
  completedOnTime: number;
  ratings: Record<Score, number>;
  /**
   * Revisit calls owed from this day (a paid order completed, a free one rated ≤ 3 or closed
   * unrated) and how many of those were made within their 24 hours.
   */
  revisits: { due: number; done: number };
  reopened: number;
  cancelled: number;
  /** money collected that day net of refunds (paid on order, paid after service) */
  fees: { collectedFen: number; byCategory: Record<string, number> };
  /** names of the categories seen that day, by id (a category removed later keeps its name here) */
  categoryNames: Record<string, string>;
  /** by the technician's openid */
  technicians: Record<string, TechnicianTally>;
}

export interface MinuteFigures {
  count: number;
  /** minutes, one decimal */
  avg: number | null;
  median: number | null;
}

export interface CategoryRow {
  id: string;
  name: string;
  created: number;
  completed: number;
  revenueFen: number;
}

export interface TeamRow {
  id: string;
  name: string;
  created: number;
  completed: number;
}

export interface TechnicianRow {
  /** the technician's openid */
  id: string;
  name: string;
  /** visits completed */
  orders: number;
  workMinutes: number;
  onTimeRate: number | null;
  /** average score received, two decimals */
  rating: number | null;
  ratings: number;
}

export interface DashboardSummary {
  propertyId: string;
  from: string;
  to: string;
  /** days in the period read from the orders themselves (today, or a yesterday not yet kept) */
  liveDays: string[];
  created: number;
  /** completed visits in the period */
  completed: number;
  /** the orders created in the period, by their status at its end (now, for a period up to today) */
  byStatus: Record<OrderStatus, number>;
  byCategory: CategoryRow[];
  byTeam: TeamRow[];
  bySource: Record<OrderSource, number>;
  byUrgency: Record<Urgency, number>;
  /** of the orders created in the period and not cancelled, the share completed or closed at its end */
  completionRate: number | null;
  timelyArrivalRate: number | null;
  onTimeCompletionRate: number | null;
  responseMinutes: MinuteFigures;
  arrivalMinutes: MinuteFigures;
  completionMinutes: MinuteFigures;
  satisfaction: { avg: number | null; count: number; distribution: Record<Score, number> };
  revisitCoverage: number | null;
  revisits: { due: number; done: number };
  reopened: number;
  /** reopens per completed visit */
  reopenRate: number | null;
  cancelled: number;
  /** fen collected net of refunds */
  revenueFen: number;
  /** completed visits of paid and of free categories */
  paidOrders: number;
  freeOrders: number;
  /** most completed first */
  technicians: TechnicianRow[];
}

export interface TrendPoint {
  /** YYYY-MM-DD for days, YYYY-MM for months */
  date: string;
  created: number;
  completed: number;
}

export interface MonthlyReport {
  month: string;
  summary: DashboardSummary;
  /** the instant `unfinished` describes: the month's end, or now for the current month */
  unfinishedAt: string;
  /** orders open then (whatever became of them since), oldest first, with their status then (at most 200) */
  unfinished: UnfinishedRow[];
}

export interface DashboardPeriod {
  propertyId: string;
  from: string;
  to: string;
}

export interface DashboardActions extends ReportActions {
  'dashboard.summary': [DashboardPeriod, DashboardSummary];
  'dashboard.trend': [DashboardPeriod & { bucket: 'day' | 'month' }, TrendPoint[]];
  'report.monthly': [{ propertyId: string; month: string }, MonthlyReport];
}
