import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { BusinessHours } from '../../../typings/domain';

dayjs.extend(utc);
dayjs.extend(timezone);

/** "YYYY-MM-DD" of an instant in a time zone (order numbers and daily stats use the local date). */
export function localDate(at: Date, tz: string): string {
  return dayjs(at).tz(tz).format('YYYY-MM-DD');
}

/** Minutes since local midnight. */
function localMinutes(at: Date, tz: string): number {
  const t = dayjs(at).tz(tz);
  return t.hour() * 60 + t.minute();
}

function parseHHmm(text: string): number {
  const [h, m] = text.split(':').map(Number);
  return h * 60 + m;
}

/** Inside [start, end) local time; hours that span midnight (22:00–06:00) work too. */
export function withinBusinessHours(at: Date, tz: string, hours: BusinessHours): boolean {
  const now = localMinutes(at, tz);
  const start = parseHHmm(hours.start);
  const end = parseHHmm(hours.end);
  return start <= end ? now >= start && now < end : now >= start || now < end;
}
