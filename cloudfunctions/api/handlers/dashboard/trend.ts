import type { TrendPoint } from '../../../../typings/dashboard';
import { daysFrom } from '../../../core/stats/days';
import { trendOf } from '../../../core/stats/summary';
import { defineAction } from '../../actions';
import { loadPeriod } from './load';
import { trendSchema } from './schemas';

export const dashboardTrend = defineAction({
  name: 'dashboard.trend',
  summary:
    'Orders created and completed (visits) per day or per month of the period (`from`–`to`, at most 366 days), for the trend ' +
    'chart: every day (or month) of the period is present, zeros included. At most 3 database requests.',
  who: 'managers and the service center of the property',
  schema: trendSchema,
  returns: 'TrendPoint[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', from: '2026-12-01', to: '2026-12-14', bucket: 'day' } },
  async handle(ctx, p): Promise<TrendPoint[]> {
    const data = await loadPeriod(ctx, p.propertyId, p.from, p.to);
    return trendOf(data.days, p.from, p.to, p.bucket, daysFrom(p.from, p.to));
  },
});
