/**
 * The 报修台账 (repair ledger) of a period, pure: orders in, one row per order out, with the columns
 * a property company keeps in such a ledger (seed 000: 单号, 报修日期, 报修人, 联系电话, 报修地址,
 * 反映问题, 到场时间, 完工时间, 收费总额, 人工费, 材料费, 上门费, 服务评价 …). Times are local to the
 * property; statuses, sources and deadlines are in Chinese; money stays in fen here and is written
 * in 元 with 2 decimals by the encoders (csv.ts, xlsx.ts).
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { Deadline, Order, OrderSource, RevisitResult, Urgency } from '../../../typings/domain';
import type { Ledger, LedgerCell, LedgerColumn } from '../../../typings/report';
import { STATUS_LABELS } from '../order/labels';
import { UNFINISHED_STATUSES } from '../stats/unfinished';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Most orders one file holds: a property's busiest year fits, and a file builds within the function's time. */
export const MAX_EXPORT_ROWS = 5000;

/** The part of an order document the ledger reads (LEDGER_FIELDS projects it: no timeline, photos or outbox). */
export type LedgerOrder = Pick<
  Order,
  | 'id'
  | 'orderNo'
  | 'createdAt'
  | 'source'
  | 'reporter'
  | 'location'
  | 'categoryName'
  | 'urgency'
  | 'description'
  | 'teamId'
  | 'status'
  | 'due'
  | 'reopenCount'
> &
  Partial<Pick<Order, 'assignee' | 'assistants' | 'acceptedAt' | 'arrivedAt' | 'completedAt' | 'closedAt' | 'cancelledAt' | 'fee' | 'rating' | 'revisit'>> & {
    completion?: Partial<Pick<NonNullable<Order['completion']>, 'summary' | 'workMinutes' | 'arrivedAt'>>;
    breaches?: Pick<NonNullable<Order['breaches']>[number], 'deadline'>[];
  };

export const LEDGER_FIELDS: Record<string, boolean> = Object.fromEntries(
  [
    '_id', 'id', 'orderNo', 'createdAt', 'source', 'reporter', 'location', 'categoryName', 'urgency', 'description', 'teamId',
    'status', 'due', 'reopenCount', 'assignee', 'assistants', 'acceptedAt', 'arrivedAt', 'completedAt', 'closedAt', 'cancelledAt',
    'fee.labor', 'fee.materials', 'fee.visit', 'fee.items', 'fee.total', 'fee.payer', 'fee.paid', 'rating', 'revisit.result',
    'completion.summary', 'completion.workMinutes', 'completion.arrivedAt', 'breaches.deadline',
  ].map((f) => [f, true]),
);

export interface LedgerContext {
  /** the property's time zone (IANA) */
  timezone: string;
  /** when the ledger is made: an open order past a deadline has missed it by now */
  now: Date;
  /** team id → name */
  teamNames: Record<string, string>;
}

export const SOURCE_LABELS: Record<OrderSource, string> = { resident: '业主报修', phone: '电话', visit: '来访', self_inspection: '自检' };
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '普通', urgent: '紧急' };
export const REVISIT_LABELS: Record<RevisitResult, string> = { satisfied: '满意', unsatisfied: '不满意', unreachable: '未接通' };
export const MISSED_LABELS: Record<Deadline, string> = { acceptBy: '接单超时', arriveBy: '到场超时', completeBy: '完工超时' };

/** An instant as the property's clock showed it: "2026-11-24 10:05". */
export function localDateTime(iso: string | undefined, tz: string): string | null {
  if (!iso) return null;
  const t = dayjs(iso);
  return t.isValid() ? t.tz(tz).format('YYYY-MM-DD HH:mm') : null;
}

const OPEN: ReadonlySet<string> = new Set(UNFINISHED_STATUSES);
const DEADLINES: Deadline[] = ['acceptBy', 'arriveBy', 'completeBy'];

const arrivedAt = (o: LedgerOrder): string | undefined => o.arrivedAt ?? o.completion?.arrivedAt;

/**
 * The deadlines the order missed: met late, recorded as breached by the scheduler (an earlier
 * visit's too), or still open past them at `now`.
 */
export function missedDeadlines(o: LedgerOrder, now: Date): Deadline[] {
  const done: Record<Deadline, string | undefined> = { acceptBy: o.acceptedAt, arriveBy: arrivedAt(o), completeBy: o.completedAt };
  const breached = new Set((o.breaches ?? []).map((b) => b.deadline));
  return DEADLINES.filter((d) => {
    if (breached.has(d)) return true;
    const due = Date.parse(o.due?.[d] ?? '');
    if (Number.isNaN(due)) return false;
    const at = done[d];
    if (at) return Date.parse(at) > due;
    return OPEN.has(o.status) && now.getTime() > due;
  });
}

function roomOf(o: LedgerOrder): string {
  if (o.location.kind === 'public') return '公共区域';
  const { building, room } = o.location;
  // "2栋" + "302" reads 2栋302; "1" + "101" reads 1-101
  if (building && room) return `${building}${/\d$/.test(building) ? '-' : ''}${room}`;
  return building ?? room ?? '';
}

function payment(o: LedgerOrder): string | null {
  const fee = o.fee;
  if (!fee || !fee.total) return null;
  if (fee.paid) return '已支付';
  return fee.payer === 'company' ? '公司承担' : '未支付';
}

interface ColumnDef extends LedgerColumn {
  cell: (o: LedgerOrder, ctx: LedgerContext) => LedgerCell;
}

const time = (header: string, pick: (o: LedgerOrder) => string | undefined): ColumnDef => ({
  header,
  kind: 'time',
  width: 17,
  cell: (o, ctx) => localDateTime(pick(o), ctx.timezone),
});
const money = (header: string, pick: (fee: NonNullable<LedgerOrder['fee']>) => number | undefined): ColumnDef => ({
  header,
  kind: 'fen',
  width: 11,
  cell: (o) => (o.fee ? (pick(o.fee) ?? 0) : null),
});
const text = (header: string, width: number, pick: (o: LedgerOrder, ctx: LedgerContext) => string | undefined | null): ColumnDef => ({
  header,
  kind: 'text',
  width,
  cell: (o, ctx) => pick(o, ctx) || null,
});

/** The ledger's columns, in order. */
const COLUMNS: ColumnDef[] = [
  text('单号', 15, (o) => o.orderNo),
  time('报修时间', (o) => o.createdAt),
  text('来源', 8, (o) => SOURCE_LABELS[o.source] ?? o.source),
  text('报修人', 10, (o) => o.reporter?.name),
  text('联系电话', 13, (o) => o.reporter?.phone),
  text('房号', 10, roomOf),
  text('位置', 18, (o) => o.location.text),
  text('类别', 12, (o) => o.categoryName),
  text('紧急程度', 8, (o) => URGENCY_LABELS[o.urgency] ?? o.urgency),
  text('内容', 30, (o) => o.description),
  text('处理班组', 10, (o, ctx) => {
    const teamId = o.assignee?.teamId ?? o.teamId;
    return ctx.teamNames[teamId] ?? teamId;
  }),
  text('处理人', 10, (o) => o.assignee?.name),
  text('协助人', 12, (o) => (o.assistants ?? []).map((a) => a.name).join('、')),
  text('状态', 8, (o) => STATUS_LABELS[o.status] ?? o.status),
  time('接单时间', (o) => o.acceptedAt),
  time('到场时间', arrivedAt),
  time('完工时间', (o) => o.completedAt),
  time('结单时间', (o) => o.closedAt ?? o.cancelledAt),
  text('超时环节', 14, (o, ctx) => missedDeadlines(o, ctx.now).map((d) => MISSED_LABELS[d]).join('、')),
  { header: '工时(分钟)', kind: 'number', width: 10, cell: (o) => o.completion?.workMinutes ?? null },
  text('完工说明', 24, (o) => o.completion?.summary),
  money('人工费(元)', (f) => f.labor),
  money('材料费(元)', (f) => f.materials),
  money('上门费(元)', (f) => f.visit),
  money('服务项目费(元)', (f) => f.items),
  money('费用合计(元)', (f) => f.total),
  text('付费方', 8, (o) => (o.fee && o.fee.total ? (o.fee.payer === 'company' ? '公司' : '业主') : null)),
  text('支付状态', 9, payment),
  { header: '评价(星)', kind: 'number', width: 9, cell: (o) => o.rating?.score ?? null },
  text('评价内容', 20, (o) => o.rating?.comment),
  text('回访', 8, (o) => (o.revisit ? REVISIT_LABELS[o.revisit.result] : null)),
  { header: '返修次数', kind: 'number', width: 9, cell: (o) => o.reopenCount ?? 0 },
];

export const LEDGER_COLUMNS: readonly LedgerColumn[] = COLUMNS.map(({ header, kind, width }) => ({ header, kind, width }));

/** The ledger of `orders`: oldest report first, each order once. */
export function ledgerOf(orders: readonly LedgerOrder[], ctx: LedgerContext, title = '报修台账'): Ledger {
  const seen = new Set<string>();
  const rows = orders
    .filter((o) => {
      if (seen.has(o.id)) return false;
      seen.add(o.id);
      return true;
    })
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orderNo.localeCompare(b.orderNo))
    .map((o) => COLUMNS.map((c) => c.cell(o, ctx)));
  return { title, columns: [...LEDGER_COLUMNS], rows };
}
