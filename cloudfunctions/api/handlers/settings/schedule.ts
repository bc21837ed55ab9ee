import type { SlotSchedule } from '../../../../typings/domain';
import { localDate } from '../../../core/time/local-time';

/**
 * The schedule as stored: exceptions for days already gone can never apply again, so they are
 * dropped instead of refused (the settings form posts back what it read, old exceptions included).
 */
export function withoutPastExceptions(schedule: SlotSchedule, now: Date, timezone: string): SlotSchedule {
  if (!schedule.exceptions) return schedule;
  const today = localDate(now, timezone);
  const exceptions = schedule.exceptions.filter((e) => e.date >= today).sort((a, b) => a.date.localeCompare(b.date));
  return exceptions.length ? { windows: schedule.windows, exceptions } : { windows: schedule.windows };
}
