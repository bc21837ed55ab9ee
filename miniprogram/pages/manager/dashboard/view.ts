/**
 * What the dashboard shows for a `dashboard.summary` and a `dashboard.trend`: plain strings and
 * numbers computed once on the logic side (no formatting in WXML), only the top rows of each
 * breakdown, so the first setData stays small whatever the property's size.
 */
import type { Me, MeRole } from '../../../../typings/api';
import type { DashboardSummary, MinuteFigures, TrendPoint } from '../../../../typings/dashboard';
import type { OrderStatus } from '../../../../typings/domain';
import { storedPropertyId } from '../../../utils/current-property';
import { formatYuan } from '../../../utils/format';
import { STATUS_LABELS, STATUS_TAGS } from '../../../utils/labels';

/** Rows shown of each breakdown. */
export const TOP_CATEGORIES = 5;
export const TOP_TEAMS = 5;
export const TOP_TECHNICIANS = 10;

/** What a rate or average shows when there is nothing to divide by. */
export const NONE = '—';

/**
 * The property whose dashboard this person may read, as a manager or the service center: the one
 * picked on the home page (or named in the page's query) if they hold such a role there, else the first.
 */
export function deskRole(me: Me, preferred: string = storedPropertyId()): MeRole | undefined {
  const grants = me.roles.filter((r) => r.role === 'manager' || r.role === 'dispatcher');
  return grants.find((r) => r.propertyId === preferred) ?? grants[0];
}

/** One decimal, without a trailing .0: 66.7, 75 */
function oneDecimal(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** 0.6667 → 66.7%; null → — */
export function formatRate(rate: number | null): string {
  return rate === null ? NONE : `${oneDecimal(rate * 100)}%`;
}

/** Minutes as fits: 23 分钟 · 4.7 小时 · 2.5 天; null → — */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return NONE;
  if (minutes < 60) return `${Math.round(minutes)} 分钟`;
  const hours = minutes / 60;
  if (hours < 48) return `${oneDecimal(hours)} 小时`;
  return `${oneDecimal(hours / 24)} 天`;
}

/** Recorded work: 40 分钟 · 1.5 小时 */
export function formatWork(minutes: number): string {
  return minutes < 60 ? `${minutes} 分钟` : `${oneDecimal(minutes / 60)} 小时`;
}

export interface CountView {
  key: string;
  label: string;
  value: string;
}

export interface StatusChip {
  key: OrderStatus;
  label: string;
  count: number;
  type: string;
  plain: boolean;
}

export interface RateCard {
  key: string;
  label: string;
  value: string;
  /** what it is counted from: 3/4 单 */
  note: string;
  /** 'none' (「—」, grey), 'warn' (returns to fix), 'normal' */
  tone: 'normal' | 'warn' | 'none';
}

export interface TimeRow {
  key: string;
  label: string;
  hint: string;
  avg: string;
  median: string;
  count: string;
}

export interface BreakdownRow {
  id: string;
  name: string;
  created: number;
  completed: number;
  /** '' without fees */
  revenue: string;
  /** bar width, % of the top row's new orders */
  width: number;
}

export interface TechnicianView {
  id: string;
  rank: number;
  name: string;
  orders: number;
  work: string;
  onTime: string;
  rating: string;
}

export interface MoneyView {
  revenue: string;
  paid: number;
  free: number;
  byCategory: { id: string; name: string; revenue: string }[];
}

export interface DashboardView {
  counts: CountView[];
  statuses: StatusChip[];
  rates: RateCard[];
  times: TimeRow[];
  categories: BreakdownRow[];
  teams: BreakdownRow[];
  technicians: TechnicianView[];
  money: MoneyView;
  /** '' or a note that today's figures are live */
  liveNote: string;
}

const STATUS_ORDER: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'];

/** Nothing reported or done in the period: the page shows its empty state. */
export function isEmptySummary(s: DashboardSummary): boolean {
  return s.created === 0 && s.completed === 0 && s.revenueFen === 0;
}

function timeRow(key: string, label: string, hint: string, m: MinuteFigures): TimeRow {
  return { key, label, hint, avg: formatMinutes(m.avg), median: formatMinutes(m.median), count: m.count > 0 ? `${m.count} 次` : NONE };
}

function rateCard(key: string, label: string, value: string, note: string, warn = false): RateCard {
  return { key, label, value, note, tone: value === NONE ? 'none' : warn ? 'warn' : 'normal' };
}

function breakdown<T extends { id: string; name: string; created: number; completed: number; revenueFen?: number }>(rows: T[], top: number): BreakdownRow[] {
  const sorted = [...rows].sort((a, b) => b.created - a.created || b.completed - a.completed).slice(0, top);
  const max = Math.max(1, ...sorted.map((r) => Math.max(r.created, r.completed)));
  return sorted.map((r) => ({
    id: r.id,
    name: r.name || '未命名',
    created: r.created,
    completed: r.completed,
    revenue: r.revenueFen ? formatYuan(r.revenueFen) : '',
    width: Math.max(2, Math.round((Math.max(r.created, r.completed) / max) * 100)),
  }));
}

export function toDashboardView(s: DashboardSummary): DashboardView {
  const done = s.byStatus.completed + s.byStatus.closed;
  const open = s.created - s.byStatus.cancelled;
  return {
    counts: [
      { key: 'created', label: '新报修', value: String(s.created) },
      { key: 'completed', label: '已完成', value: String(s.completed) },
      { key: 'open', label: '未完结', value: String(s.byStatus.pending + s.byStatus.assigned + s.byStatus.accepted + s.byStatus.in_progress + s.byStatus.on_hold) },
      { key: 'cancelled', label: '已取消', value: String(s.cancelled) },
    ],
    statuses: STATUS_ORDER.filter((k) => (s.byStatus[k] ?? 0) > 0).map((k) => ({
      key: k,
      label: STATUS_LABELS[k],
      count: s.byStatus[k],
      type: STATUS_TAGS[k].type,
      plain: STATUS_TAGS[k].plain,
    })),
    rates: [
      rateCard('completion', '完成率', formatRate(s.completionRate), open > 0 ? `${done}/${open} 单已完成` : '暂无报修'),
      rateCard('arrival', '及时到场率', formatRate(s.timelyArrivalRate), s.arrivalMinutes.count > 0 ? `共 ${s.arrivalMinutes.count} 次到场` : '暂无到场'),
      rateCard('onTime', '按时完工率', formatRate(s.onTimeCompletionRate), s.completed > 0 ? `共 ${s.completed} 次完工` : '暂无完工'),
      rateCard('satisfaction', '满意度', s.satisfaction.avg === null ? NONE : `${s.satisfaction.avg.toFixed(1)} 分`, s.satisfaction.count > 0 ? `${s.satisfaction.count} 条评价` : '暂无评价'),
      rateCard('revisit', '回访覆盖率', formatRate(s.revisitCoverage), s.revisits.due > 0 ? `已回访 ${s.revisits.done}/${s.revisits.due}` : '暂无需回访'),
      rateCard('reopen', '返修率', formatRate(s.reopenRate), `返修 ${s.reopened} 次`, s.reopened > 0),
    ],
    times: [
      timeRow('response', '响应', '报修到接单', s.responseMinutes),
      timeRow('arrival', '到场', '报修到签到', s.arrivalMinutes),
      timeRow('completion', '完工', '报修到完工', s.completionMinutes),
    ],
    categories: breakdown(s.byCategory, TOP_CATEGORIES),
    teams: breakdown(s.byTeam, TOP_TEAMS),
    technicians: s.technicians.slice(0, TOP_TECHNICIANS).map((t, i) => ({
      id: t.id,
      rank: i + 1,
      name: t.name || '师傅',
      orders: t.orders,
      work: formatWork(t.workMinutes),
      onTime: formatRate(t.onTimeRate),
      rating: t.rating === null ? NONE : t.rating.toFixed(1),
    })),
    money: {
      revenue: formatYuan(s.revenueFen),
      paid: s.paidOrders,
      free: s.freeOrders,
      byCategory: s.byCategory
        .filter((c) => c.revenueFen > 0)
        .sort((a, b) => b.revenueFen - a.revenueFen)
        .slice(0, TOP_CATEGORIES)
        .map((c) => ({ id: c.id, name: c.name, revenue: formatYuan(c.revenueFen) })),
    },
    liveNote: s.liveDays.length > 0 ? '今天的数据为实时统计，次日凌晨定稿' : '',
  };
}

export interface ChartPoint {
  key: string;
  /** under the bar ('' to leave it unlabelled) */
  label: string;
  /** read aloud and in tests: 12月7日 */
  title: string;
  created: number;
  completed: number;
}

/** The trend's points for the chart: days as 7 (12月7日), months as 12月 (2026年12月). */
export function toChartPoints(points: TrendPoint[], bucket: 'day' | 'month'): ChartPoint[] {
  return points.map((p) => {
    const [y, m, d] = p.date.split('-');
    if (bucket === 'month') return { key: p.date, label: `${Number(m)}月`, title: `${y}年${Number(m)}月`, created: p.created, completed: p.completed };
    return { key: p.date, label: Number(d) === 1 ? `${Number(m)}/1` : String(Number(d)), title: `${Number(m)}月${Number(d)}日`, created: p.created, completed: p.completed };
  });
}
