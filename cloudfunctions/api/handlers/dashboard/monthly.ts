import type { MonthlyReport } from '../../../../typings/dashboard';
import { fail } from '../../../core/errors';
import { dayBounds, localDate, monthDays } from '../../../core/stats/days';
import { summarize } from '../../../core/stats/summary';
import { unfinishedAt } from '../../../core/stats/unfinished';
import { defineAction } from '../../actions';
import { loadPeriod } from './load';
import { monthlySchema } from './schemas';

export const reportMonthly = defineAction({
  name: 'report.monthly',
  summary:
    "The month's report (月报): the dashboard summary of the month, and the unfinished-order analysis — every order open at the " +
    "month's end (now, for the current month), oldest first, with its status then, its age, who has it and which deadlines it " +
    'missed (at most 200 rows); an order finished since still counts. A month after the current one is refused. At most 3 ' +
    'database requests.',
  who: 'managers and the service center of the property',
  schema: monthlySchema,
  returns: 'MonthlyReport',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', month: '2026-12' } },
  async handle(ctx, p): Promise<MonthlyReport> {
    const { from, to } = monthDays(p.month);
    // the month's last instant, or now while it lasts
    const data = await loadPeriod(ctx, p.propertyId, from, to, (timezone, now) => new Date(Math.min(Date.parse(dayBounds(to, timezone).end) - 1, now.getTime())).toISOString());
    const at = data.openAt ?? data.now.toISOString();
    if (from > localDate(data.now, data.timezone)) return fail('INVALID_ARGUMENT', '还没有到这个月', { 'payload.month': 'not after the current month' });
    return {
      month: p.month,
      summary: summarize({ propertyId: p.propertyId, from, to, timezone: data.timezone, days: data.days, teamNames: data.teamNames, liveDays: data.liveDays }),
      unfinishedAt: at,
      unfinished: unfinishedAt(data.open, Date.parse(at)),
    };
  },
});
