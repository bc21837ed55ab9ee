/**
 * Dates as people here read them (ux.md): 12月7日 10:00, relative within a day (10分钟前).
 * Every property is in China (UTC+8, no daylight saving), so times are shown in UTC+8 whatever
 * the phone's or the test machine's time zone is.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hh: string;
  mm: string;
}

function parts(ms: number): Parts {
  const d = new Date(ms + CHINA_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hh: String(d.getUTCHours()).padStart(2, '0'),
    mm: String(d.getUTCMinutes()).padStart(2, '0'),
  };
}

function toMs(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

/** 14:00 */
export function formatClock(value: string | number): string {
  const p = parts(toMs(value));
  return `${p.hh}:${p.mm}`;
}

/** 12月7日 */
export function formatDay(value: string | number): string {
  const p = parts(toMs(value));
  return `${p.month}月${p.day}日`;
}

/** 12月7日 10:00 */
export function formatDateTime(value: string | number): string {
  return `${formatDay(value)} ${formatClock(value)}`;
}

/** The local (UTC+8) calendar day, YYYY-MM-DD: what slots.list takes. */
export function localDate(value: string | number): string {
  const p = parts(toMs(value));
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** Whole local days from `now`'s day to `value`'s day (0 today, 1 tomorrow, −1 yesterday). */
function dayDistance(value: number, now: number): number {
  const start = (ms: number): number => Math.floor((ms + CHINA_OFFSET_MS) / DAY);
  return start(value) - start(now);
}

/** 刚刚 · 10分钟前 · 3小时前 · 昨天 18:20 · 12月3日 09:15 */
export function formatRelative(value: string, now: number): string {
  const ms = toMs(value);
  const ago = now - ms;
  if (ago >= 0 && ago < MINUTE) return '刚刚';
  if (ago >= 0 && ago < HOUR) return `${Math.floor(ago / MINUTE)}分钟前`;
  const days = dayDistance(ms, now);
  if (ago >= 0 && days === 0) return `${Math.floor(ago / HOUR)}小时前`;
  if (days === -1) return `昨天 ${formatClock(ms)}`;
  return formatDateTime(ms);
}

/** A time ahead, by day: 今天 17:30 · 明天 09:00 · 12月9日 14:00 */
export function formatAhead(value: string, now: number): string {
  const ms = toMs(value);
  const days = dayDistance(ms, now);
  if (days === 0) return `今天 ${formatClock(ms)}`;
  if (days === 1) return `明天 ${formatClock(ms)}`;
  return formatDateTime(ms);
}

/** A day picker's label: 今天 · 明天 · 周三 */
export function dayLabel(value: number, now: number): string {
  const days = dayDistance(value, now);
  if (days === 0) return '今天';
  if (days === 1) return '明天';
  if (days === 2) return '后天';
  return WEEKDAYS[parts(value).weekday];
}

/** The next `count` local days from `now`, each as { date: YYYY-MM-DD, label, day: 12月7日 }. */
export function nextDays(now: number, count: number): { date: string; label: string; day: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const ms = now + i * DAY;
    return { date: localDate(ms), label: dayLabel(ms, now), day: formatDay(ms) };
  });
}

/** A slot as people say it: 12月7日 14:00–16:00 */
export function formatSlot(start: string, end: string): string {
  return `${formatDay(start)} ${formatClock(start)}–${formatClock(end)}`;
}

/** An instant as the API takes it, in China time: 2026-12-08T14:00:00+08:00 (seconds dropped). */
export function toChinaIso(value: number): string {
  const p = parts(value);
  return `${localDate(value)}T${p.hh}:${p.mm}:00+08:00`;
}
