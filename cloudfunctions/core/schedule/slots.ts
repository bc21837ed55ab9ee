/**
 * Appointment slots computed from a schedule: a category's (or its team's) weekly windows with
 * dated exceptions, for any date, at a given clock. No slot rows are stored ahead of time; the
 * places taken in a window live in a booking document created by its first booking.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import type { Category, SlotSchedule, Team } from '../../../typings/domain';
import type { SlotStatus } from '../../../typings/people-actions';
import { localDate } from '../time/local-time';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_BOOKING_HORIZON_DAYS = 14;

/** One window of one day, with the capacity the schedule gives it that day. */
export interface DaySlot {
  id: string;
  categoryId: string;
  date: string;
  /** ISO instants */
  start: string;
  end: string;
  capacity: number;
}

const SLOT_ID = /^(.+)-(\d{4}-\d{2}-\d{2})-(\d{2})(\d{2})$/;

/** `<categoryId>-<YYYY-MM-DD>-<HHmm>`: stable, readable, and the booking document's id. */
export function slotIdOf(categoryId: string, date: string, start: string): string {
  return `${categoryId}-${date}-${start.replace(':', '')}`;
}

export function parseSlotId(id: string): { categoryId: string; date: string; start: string } | undefined {
  const m = SLOT_ID.exec(id);
  // 2026-02-30 would roll over to March 2 in a Date: a day that does not exist names no slot
  const day = m ? new Date(`${m[2]}T00:00:00Z`) : undefined;
  if (!m || !day || Number.isNaN(day.getTime()) || !day.toISOString().startsWith(m[2])) return undefined;
  return { categoryId: m[1], date: m[2], start: `${m[3]}:${m[4]}` };
}

/** The category's own schedule wins; otherwise its team's; otherwise it takes no appointments. */
export function scheduleOf(category: Pick<Category, 'schedule'>, team: Pick<Team, 'schedule'> | undefined): SlotSchedule | undefined {
  return category.schedule ?? team?.schedule;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a calendar date; a date's weekday needs no time zone. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The windows open on a date, in time order, after that date's exception. */
export function windowsOn(schedule: SlotSchedule | undefined, date: string): { start: string; end: string; capacity: number }[] {
  if (!schedule) return [];
  const exception = schedule.exceptions?.find((e) => e.date === date);
  if (exception?.closed) return [];
  const weekday = isoWeekday(date);
  const base = exception?.windows ?? schedule.windows.filter((w) => w.weekdays.includes(weekday));
  return base
    .map((w) => ({ start: w.start, end: w.end, capacity: exception?.capacity ?? w.capacity }))
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** A date's slots with their instants in the property's time zone. */
export function daySlots(input: { categoryId: string; schedule: SlotSchedule | undefined; date: string; timezone: string }): DaySlot[] {
  const { categoryId, schedule, date, timezone: tz } = input;
  return windowsOn(schedule, date).map((w) => ({
    id: slotIdOf(categoryId, date, w.start),
    categoryId,
    date,
    start: dayjs.tz(`${date} ${w.start}`, tz).toISOString(),
    end: dayjs.tz(`${date} ${w.end}`, tz).toISOString(),
    capacity: w.capacity,
  }));
}

/** The last local date a booking may be for: today + the horizon. */
export function lastBookableDate(now: Date, tz: string, horizonDays: number = DEFAULT_BOOKING_HORIZON_DAYS): string {
  return dayjs(localDate(now, tz)).add(horizonDays, 'day').format('YYYY-MM-DD');
}

export function slotStatus(slot: Pick<DaySlot, 'start' | 'capacity'>, booked: number, now: Date): SlotStatus {
  if (Date.parse(slot.start) <= now.getTime()) return 'past';
  return booked >= slot.capacity ? 'full' : 'open';
}

export type SlotRefusal = 'not_found' | 'past' | 'beyond_horizon';

/**
 * Whether an order of `categoryId` may book `slotId` now: the id must name a window the schedule
 * opens that day, not yet started and within the booking horizon. Whether a place is left is the
 * booking write's to decide.
 */
export function bookableSlot(input: {
  slotId: string;
  categoryId: string;
  schedule: SlotSchedule | undefined;
  timezone: string;
  now: Date;
  horizonDays?: number;
}): { slot: DaySlot } | { refusal: SlotRefusal } {
  const parsed = parseSlotId(input.slotId);
  if (!parsed || parsed.categoryId !== input.categoryId) return { refusal: 'not_found' };
  const slot = daySlots({ categoryId: input.categoryId, schedule: input.schedule, date: parsed.date, timezone: input.timezone }).find(
    (s) => s.id === input.slotId,
  );
  if (!slot) return { refusal: 'not_found' };
  if (Date.parse(slot.start) <= input.now.getTime()) return { refusal: 'past' };
  if (slot.date > lastBookableDate(input.now, input.timezone, input.horizonDays)) return { refusal: 'beyond_horizon' };
  return { slot };
}
