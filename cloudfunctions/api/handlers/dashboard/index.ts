import type { AnyAction } from '../../actions';
import { reportMonthly } from './monthly';
import { dashboardSummary } from './summary';
import { dashboardTrend } from './trend';

/** Managers' dashboards and reports (README "Dashboards"). */
export const DASHBOARD_ACTIONS: readonly AnyAction[] = [dashboardSummary, dashboardTrend, reportMonthly];
