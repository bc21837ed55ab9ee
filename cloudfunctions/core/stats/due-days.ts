/**
 * When the scheduler (re)computes a property's finished days (pure: what is kept and the clock in,
 * the days to compute out). A day is computed once it is over, and once more after the following
 * day is over, so what lands late (a rating, a revisit within its 24 hours, a payment callback) is
 * in it; after that it is final and never read from orders again. Days the scheduler missed
 * (it was down, the day went unnoticed) are caught up within a week.
 */
import { addDays, dayBounds, localDate } from './days';

/** How far back missing days are caught up. */
export const STATS_LOOKBACK_DAYS = 7;

/**
 * Whether this run looks for days to compute: the run at the top of each hour. Local midnight is
 * the top of an hour in whole-hour zones (every property so far), so a day is computed within the
 * minute it ends; the other hours catch what a failed run left. The other 59 runs read nothing.
 */
export const statsCheckDue = (now: Date): boolean => now.getUTCMinutes() === 0;

/** The oldest date any zone could ask about in this run (dates compare as text). */
export const statsLookbackDate = (now: Date): string => addDays(now.toISOString().slice(0, 10), -(STATS_LOOKBACK_DAYS + 1));

export interface KeptDay {
  date: string;
  computedAt: string;
}

export interface PropertyStatsState {
  propertyId: string;
  timezone: string;
  /** days before the property existed have nothing to compute */
  createdAt?: string;
  kept: readonly KeptDay[];
}

export interface DayToCompute {
  propertyId: string;
  timezone: string;
  date: string;
  /** a document exists already (it is replaced) */
  exists: boolean;
}

export function daysToCompute(p: PropertyStatsState, now: Date): DayToCompute[] {
  const t = now.getTime();
  const today = localDate(now, p.timezone);
  const created = p.createdAt ? Date.parse(p.createdAt) : -Infinity;
  const out: DayToCompute[] = [];
  for (let back = STATS_LOOKBACK_DAYS; back >= 1; back--) {
    const date = addDays(today, -back);
    if (Date.parse(dayBounds(date, p.timezone).end) <= created) continue;
    const doc = p.kept.find((k) => k.date === date);
    if (!doc) {
      out.push({ propertyId: p.propertyId, timezone: p.timezone, date, exists: false });
      continue;
    }
    const settled = Date.parse(dayBounds(addDays(date, 1), p.timezone).end);
    if (t >= settled && Date.parse(doc.computedAt) < settled) out.push({ propertyId: p.propertyId, timezone: p.timezone, date, exists: true });
  }
  return out;
}

/** The id of a property's day in stats_daily: recomputing overwrites it. */
export const statsDayId = (propertyId: string, date: string): string => `${propertyId}:${date}`;
