/**
 * Working time: durations that only run inside a property's business hours on its working days,
 * as the seeds count them ("0.5个工作日内预约客户上门查看", seed 004). Pure: instants in, instants out.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { BusinessHours, Property } from '../../../typings/domain';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface WorkingTime {
  timezone: string;
  /** "HH:mm" local; a start after the end spans midnight (22:00–06:00), start = end is round the clock */
  businessHours: BusinessHours;
  /**
   * ISO weekdays (1 Monday … 7 Sunday) that are working days; every day when absent, since the
   * property settings have only a day window and a service center is staffed every day. A window
   * spanning midnight belongs to the day it opens on.
   */
  workingDays?: readonly number[];
}

/** The demo's and the spec's default hours (product.md: 09:00–17:30), for a property without settings. */
export const DEFAULT_WORKING_TIME: WorkingTime = { timezone: 'Asia/Shanghai', businessHours: { start: '09:00', end: '17:30' } };

export function workingTimeOf(property: Partial<Pick<Property, 'timezone' | 'businessHours'>> | undefined): WorkingTime {
  return {
    timezone: property?.timezone ?? DEFAULT_WORKING_TIME.timezone,
    businessHours: property?.businessHours ?? DEFAULT_WORKING_TIME.businessHours,
  };
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** How long one working day is: the window's length (a night window 22:00–06:00 is 8 hours). */
export function workingDayMinutes(hours: BusinessHours): number {
  const length = (minutesOf(hours.end) - minutesOf(hours.start) + DAY_MINUTES) % DAY_MINUTES;
  return length === 0 ? DAY_MINUTES : length;
}

/**
 * The instant `minutes` of working time after `from`: time outside the windows (nights, days off)
 * does not count; a start outside them counts from the next opening. Windows are the local wall
 * times of each day, so a daylight-saving change makes that day's window an hour shorter or longer.
 */
export function addWorkingMinutes(from: Date, minutes: number, wt: WorkingTime): Date {
  const days = wt.workingDays?.length ? new Set(wt.workingDays) : undefined;
  const { start, end } = wt.businessHours;
  const roundTheClock = start === end;
  const spansMidnight = minutesOf(end) < minutesOf(start);
  const at = (date: dayjs.Dayjs, hhmm: string): number => dayjs.tz(`${date.format('YYYY-MM-DD')} ${hhmm}`, 'YYYY-MM-DD HH:mm', wt.timezone).valueOf();
  let left = minutes * MINUTE;
  let cursor = from.getTime();
  // local dates as plain calendar days; from the day before, whose night window may still be open
  const first = dayjs.utc(dayjs(from).tz(wt.timezone).format('YYYY-MM-DD')).subtract(1, 'day');
  // a year without a window is a misconfiguration, not a deadline
  for (let i = 0; i < 400; i++) {
    const day = first.add(i, 'day');
    if (days && !days.has(day.day() || 7)) continue;
    const opens = at(day, start);
    const closes = roundTheClock ? at(day.add(1, 'day'), start) : at(spansMidnight ? day.add(1, 'day') : day, end);
    if (closes <= cursor) continue;
    const begin = Math.max(cursor, opens);
    if (begin + left <= closes) return new Date(begin + left);
    left -= closes - begin;
    cursor = closes;
  }
  throw new Error('no working time within a year: check the business hours and working days');
}

/** 半个工作日: half the length of the property's working day, counted in working time from `from`. */
export function halfWorkingDayAfter(from: Date, wt: WorkingTime): Date {
  return addWorkingMinutes(from, workingDayMinutes(wt.businessHours) / 2, wt);
}
