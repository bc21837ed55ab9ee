/** Payload field schemas shared by the people and catalog actions. */
import { z } from 'zod';
import { INVITE_CODE_PATTERN } from '../core/people/invite-code';

/** a document id (property, team, category…): no operators, no spaces, bounded */
export const docId = z.string().min(1, 'required').max(64, 'at most 64 characters').regex(/^[\w.:-]+$/, 'letters, digits, _ - . : only');
/** short human text, trimmed: a name, a building, a room */
export const shortText = (max: number) => z.string().trim().min(1, 'required').max(max, `at most ${max} characters`);
export const personName = shortText(20);
export const mobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, 'a mainland mobile number (11 digits, starting 13–19)')
  .describe('a mainland mobile number');
export const staffRole = z.enum(['technician', 'dispatcher', 'manager']);
/** typed by a person: case and surrounding spaces do not matter */
export const inviteCode = z
  .string()
  .max(32, 'an 8-character invite code')
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(INVITE_CODE_PATTERN, 'an 8-character invite code'))
  .describe('8 characters of A–Z and 2–9 without I and O; case and surrounding spaces are ignored');
/** a calendar day that exists (2026-02-30 is refused) */
export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  // zod 4 runs refinements after a failed regex too, so this must not throw on any text
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
  }, 'a date YYYY-MM-DD that exists')
  .describe('YYYY-MM-DD, a day that exists');

// ——— settings (issue 10) ———

/** "HH:mm" on a 24-hour clock, 00:00–23:59 */
export const clockTime = z
  .string()
  .max(5, 'a time HH:mm')
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:mm (00:00–23:59)')
  .describe('HH:mm, 24-hour');
/** an amount of money in fen: whole, not negative, at most 1,000,000 元 */
export const fen = z.number().int('whole fen').min(0, 'not negative').max(100_000_000, 'at most 100000000 fen').describe('fen (1 元 = 100)');
/** a whole number in a range */
export const wholeNumber = (min: number, max: number) => z.number().int('a whole number').min(min, `at least ${min}`).max(max, `at most ${max}`);

const scheduleDayWindow = z
  .object({ start: clockTime, end: clockTime, capacity: wholeNumber(0, 1000).describe('orders the window takes') })
  .strict()
  .refine((w) => w.start < w.end, { path: ['end'], message: 'after start' });

const scheduleWindow = z
  .object({
    weekdays: z
      .array(wholeNumber(1, 7))
      .min(1, 'at least one weekday')
      .max(7, 'at most 7 weekdays')
      .refine((d) => new Set(d).size === d.length, 'each weekday once')
      .describe('ISO weekdays: 1 = Monday … 7 = Sunday'),
    start: clockTime,
    end: clockTime,
    capacity: wholeNumber(0, 1000).describe('orders the window takes'),
  })
  .strict()
  .refine((w) => w.start < w.end, { path: ['end'], message: 'after start' });

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }): boolean => a.start < b.end && b.start < a.end;

const scheduleException = z
  .object({
    date: calendarDate,
    closed: z.boolean().optional(),
    capacity: wholeNumber(0, 1000).optional().describe("replaces every window's capacity that day"),
    windows: z.array(scheduleDayWindow).max(24, 'at most 24 windows').optional().describe("replaces the day's windows"),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.closed && (e.windows || e.capacity !== undefined)) ctx.addIssue({ code: 'custom', path: ['closed'], message: 'a closed day has no windows or capacity' });
    if (!e.closed && !e.windows && e.capacity === undefined) ctx.addIssue({ code: 'custom', path: ['date'], message: 'say closed, capacity or windows' });
    // two windows of one day that overlap would name the same or clashing slots
    e.windows?.forEach((w, i) => {
      if (e.windows?.some((o, j) => j < i && overlaps(o, w))) ctx.addIssue({ code: 'custom', path: ['windows', i, 'start'], message: 'overlaps another window' });
    });
  });

/**
 * An appointment schedule (SlotSchedule): weekly windows and dated exceptions. Windows sharing a
 * weekday must not overlap (a slot is named by its day and start, so two would collide), and a
 * date has at most one exception.
 */
export const slotSchedule = z
  .object({
    windows: z.array(scheduleWindow).max(50, 'at most 50 windows'),
    exceptions: z.array(scheduleException).max(366, 'at most 366 exceptions').optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    s.windows.forEach((w, i) => {
      const clash = s.windows.some((o, j) => j < i && o.weekdays.some((d) => w.weekdays.includes(d)) && overlaps(o, w));
      if (clash) ctx.addIssue({ code: 'custom', path: ['windows', i, 'start'], message: 'overlaps another window on the same weekday' });
    });
    s.exceptions?.forEach((e, i) => {
      if (s.exceptions?.some((o, j) => j < i && o.date === e.date)) ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'date'], message: 'one exception per date' });
    });
  })
  .describe('weekly windows { weekdays, start, end, capacity } and dated exceptions { date, closed? | capacity? | windows? }');
