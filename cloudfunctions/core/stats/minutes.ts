/**
 * Durations kept so a period's average and median come from summing days: the count, the sum and
 * a histogram of whole minutes. Buckets grow with the duration, so a day's histogram stays a few
 * hundred keys at most whatever the number of orders, and a median is exact under four hours and
 * within 5 minutes under a day (a manager reads "2.5 hours", not "151 minutes").
 */
import type { MinuteFigures, MinuteTally } from '../../../typings/dashboard';

const HOUR = 60;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** [below, width]: durations under `below` minutes fall in buckets `width` minutes wide. */
const WIDTHS: readonly [number, number][] = [
  [4 * HOUR, 1],
  [DAY, 10],
  [WEEK, HOUR],
  [Infinity, DAY],
];

function widthAt(minutes: number): number {
  for (const [below, width] of WIDTHS) if (minutes < below) return width;
  return DAY;
}

/** The lower bound of the bucket `minutes` falls in. */
export function bucketOf(minutes: number): number {
  const width = widthAt(minutes);
  return Math.floor(minutes / width) * width;
}

export const emptyTally = (): MinuteTally => ({ count: 0, sum: 0, hist: {} });

/** Whole minutes from one instant to another; never negative (clock skew between steps). */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
}

export function addMinutes(t: MinuteTally, minutes: number): void {
  t.count += 1;
  t.sum += minutes;
  const key = String(bucketOf(minutes));
  t.hist[key] = (t.hist[key] ?? 0) + 1;
}

export function mergeTally(into: MinuteTally, t: MinuteTally): void {
  into.count += t.count;
  into.sum += t.sum;
  for (const [k, n] of Object.entries(t.hist)) into.hist[k] = (into.hist[k] ?? 0) + n;
}

/** A bucket stands for its middle (its minute, for the 1-minute buckets). */
function valueOf(lower: number): number {
  const width = widthAt(lower);
  return width === 1 ? lower : lower + width / 2;
}

/** The median from the histogram: the middle value, or the mean of the two middle ones. */
export function medianOf(t: MinuteTally): number | null {
  if (t.count === 0) return null;
  const buckets = Object.entries(t.hist)
    .map(([k, n]) => [Number(k), n] as const)
    .sort((a, b) => a[0] - b[0]);
  const nth = (rank: number): number => {
    let seen = 0;
    for (const [lower, n] of buckets) {
      seen += n;
      if (rank < seen) return valueOf(lower);
    }
    return valueOf(buckets[buckets.length - 1]?.[0] ?? 0);
  };
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  const mid = Math.floor(total / 2);
  return total % 2 === 1 ? nth(mid) : (nth(mid - 1) + nth(mid)) / 2;
}

export const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function figuresOf(t: MinuteTally): MinuteFigures {
  return { count: t.count, avg: t.count ? round(t.sum / t.count, 1) : null, median: medianOf(t) };
}
