/**
 * The dashboard's periods in the property's local days (YYYY-MM-DD, China time: utils/time.ts):
 * 本周 (Monday to today), 本月 (the 1st to today), 上月 (the whole last month) and 自定义 (a
 * range picked in van-calendar, at most 366 days as the API allows). Pure date arithmetic on
 * calendar days, so it reads the same in any device time zone.
 */
import { localDate } from '../../../utils/time';

export type PeriodKey = 'week' | 'month' | 'lastMonth' | 'custom';

export interface PeriodTab {
  key: PeriodKey;
  title: string;
}

export const PERIOD_TABS: PeriodTab[] = [
  { key: 'week', title: '本周' },
  { key: 'month', title: '本月' },
  { key: 'lastMonth', title: '上月' },
  { key: 'custom', title: '自定义' },
];

export interface Period {
  key: PeriodKey;
  /** YYYY-MM-DD, both included */
  from: string;
  to: string;
}

/** The API's longest period, both ends included. */
export const MAX_DAYS = 366;
/** Up to a month of days the trend shows a bar a day; longer, a bar a month. */
export const DAY_BUCKET_MAX_DAYS = 31;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A calendar day as the UTC midnight of that date: arithmetic without time zones. */
function dayMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayMs(date) + days * DAY_MS);
}

/** Days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
}

/** The period a tab stands for, on the local day of `nowMs`; `custom` needs its own range. */
export function periodOf(key: Exclude<PeriodKey, 'custom'>, nowMs: number): Period {
  const today = localDate(nowMs);
  if (key === 'week') {
    // Monday starts the week, as a Chinese calendar shows it
    const weekday = new Date(dayMs(today)).getUTCDay();
    return { key, from: addDays(today, -((weekday + 6) % 7)), to: today };
  }
  if (key === 'month') return { key, from: `${today.slice(0, 8)}01`, to: today };
  const firstOfThis = `${today.slice(0, 8)}01`;
  const lastOfPrevious = addDays(firstOfThis, -1);
  return { key, from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
}

export function bucketOf(period: { from: string; to: string }): 'day' | 'month' {
  return dayCount(period.from, period.to) <= DAY_BUCKET_MAX_DAYS ? 'day' : 'month';
}

/** 12月7日, with the year when it is not this year's: 2025年12月7日 */
export function dayText(date: string, thisYear: string): string {
  const [y, m, d] = date.split('-');
  return `${y === thisYear ? '' : `${y}年`}${Number(m)}月${Number(d)}日`;
}

/** 12月1日 – 12月7日 · 7 天 (one day: 12月7日 · 1 天) */
export function periodText(period: { from: string; to: string }, nowMs: number): string {
  const year = localDate(nowMs).slice(0, 4);
  const days = dayCount(period.from, period.to);
  const range = period.from === period.to ? dayText(period.from, year) : `${dayText(period.from, year)} – ${dayText(period.to, year)}`;
  return `${range} · ${days} 天`;
}

/**
 * A local date as van-calendar holds it: the device's midnight of that day (van-calendar builds
 * its days with `new Date(y, m, d)`), and back.
 */
export function calendarMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

export function dateOfCalendar(value: number | Date): string {
  const d = typeof value === 'number' ? new Date(value) : value;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The range van-calendar offers: the last 366 days up to today. */
export function calendarBounds(nowMs: number): { minDate: number; maxDate: number } {
  const today = localDate(nowMs);
  return { minDate: calendarMs(addDays(today, -(MAX_DAYS - 1))), maxDate: calendarMs(today) };
}
