/** Local calendar days of a property: their bounds as instants, and walking from one to the next. */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { localDate } from '../time/local-time';

dayjs.extend(utc);
dayjs.extend(timezone);

export { localDate };

/** [start, end) of a local day as ISO instants; a day is not always 24 hours where clocks change. */
export function dayBounds(date: string, tz: string): { start: string; end: string } {
  const start = dayjs.tz(`${date} 00:00:00`, tz);
  const end = dayjs.tz(`${addDays(date, 1)} 00:00:00`, tz);
  return { start: start.toDate().toISOString(), end: end.toDate().toISOString() };
}

/** Calendar arithmetic on YYYY-MM-DD, independent of any zone. */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included (empty when `to` is before `from`). */
export function daysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Days from `from` to `to`, both included. */
export const dayCount = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The first and last day of a month YYYY-MM. */
export function monthDays(month: string): { from: string; to: string } {
  const from = `${month}-01`;
  const next = new Date(`${from}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { from, to: addDays(next.toISOString().slice(0, 10), -1) };
}
