import { z } from 'zod';
import { dayCount } from '../../../core/stats/days';
import { calendarDate, docId } from '../../fields';

/** A dashboard reads at most a year of days (a leap year's 366). */
export const MAX_PERIOD_DAYS = 366;

const period = { propertyId: docId, from: calendarDate, to: calendarDate };

type Period = { from: string; to: string };

/** `to` on or after `from`, at most a year after; a malformed date has its own message already. */
export const checkPeriod = (p: Period, ctx: z.core.$RefinementCtx<Period>): void => {
  if (!calendarDate.safeParse(p.from).success || !calendarDate.safeParse(p.to).success) return;
  if (p.to < p.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'on or after from' });
  else if (dayCount(p.from, p.to) > MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_PERIOD_DAYS} days after from, both included` });
};

export const periodSchema = z.object(period).strict().superRefine(checkPeriod);

export const trendSchema = z
  .object({ ...period, bucket: z.enum(['day', 'month']).describe("'day' or 'month'") })
  .strict()
  .superRefine(checkPeriod);

export const monthlySchema = z
  .object({
    propertyId: docId,
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
      .describe('YYYY-MM'),
  })
  .strict();
