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
