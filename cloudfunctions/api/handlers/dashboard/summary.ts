import type { DashboardSummary } from '../../../../typings/dashboard';
import { summarize } from '../../../core/stats/summary';
import { defineAction } from '../../actions';
import { loadPeriod } from './load';
import { periodSchema } from './schemas';

export const dashboardSummary = defineAction({
  name: 'dashboard.summary',
  summary:
    'A period of the property at a glance (`from`–`to`, local days, at most 366): orders created and completed, by status at the ' +
    "period's end, category, team, source and urgency; completion, timely arrival (arrive-by deadline, 15 minutes for urgent " +
    'repairs), on-time completion, revisit coverage and reopen rates (0..1, null with nothing to divide by); average and median ' +
    'response, arrival and completion minutes; satisfaction average and distribution; fees collected; each technician’s completed ' +
    'visits, work minutes, on-time rate and rating. Read from the days the scheduler keeps (stats_daily) and, for today, from the ' +
    "day's orders: at most 3 database requests whatever the number of orders.",
  who: 'managers and the service center of the property',
  schema: periodSchema,
  returns: 'DashboardSummary',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', from: '2026-12-01', to: '2026-12-31' } },
  async handle(ctx, p): Promise<DashboardSummary> {
    const data = await loadPeriod(ctx, p.propertyId, p.from, p.to);
    return summarize({ propertyId: p.propertyId, from: p.from, to: p.to, timezone: data.timezone, days: data.days, teamNames: data.teamNames, liveDays: data.liveDays });
  },
});
