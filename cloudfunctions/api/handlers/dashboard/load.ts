/**
 * What every dashboard action reads, in at most three requests whatever the number of orders:
 * the caller with the property and its team names (one aggregate), the period's kept days
 * (`stats_daily`, at most 366 documents), and — only when the period reaches today or a yesterday
 * the scheduler has not kept yet — the orders touched since that day began, from which those days
 * are computed live (a monthly report asks in the same read for the orders open at the month's end).
 */
import type { Property, Team, User } from '../../../../typings/domain';
import type { DailyStats } from '../../../../typings/dashboard';
import { fail } from '../../../core/errors';
import { isDesk } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import { dailyStats, STATS_FIELDS, type StatsOrder } from '../../../core/stats/daily';
import { addDays, dayBounds, localDate } from '../../../core/stats/days';
import { UNFINISHED_STATUSES, type UnfinishedOrder } from '../../../core/stats/unfinished';
import type { Where } from '../../../runtime/db';
import type { HandlerContext } from '../../context';

const SHANGHAI = 'Asia/Shanghai';
/** orders read for live days; a property touching more in a day or two reads the first thousand */
const LIVE_LIMIT = 1000;

/** fields a monthly report's unfinished rows need beyond the stats' */
const ROW_FIELDS: Record<string, boolean> = { ...STATS_FIELDS, orderNo: true, acceptedAt: true };

interface CallerRow extends User {
  property: Pick<Property, 'timezone' | 'name'>[];
  teams: (Pick<Team, 'name'> & { _id: string })[];
}

export interface PeriodData {
  timezone: string;
  now: Date;
  /** today in the property's zone */
  today: string;
  teamNames: Record<string, string>;
  /** kept days and live ones, each date once */
  days: DailyStats[];
  liveDays: string[];
  /** the instant `open` describes (when asked) */
  openAt?: string;
  /** orders that may have been open at `openAt`: reported by then, and still open or changed since */
  open: UnfinishedOrder[];
}

export async function loadPeriod(ctx: HandlerContext, propertyId: string, from: string, to: string, openAt?: (timezone: string, now: Date) => string): Promise<PeriodData> {
  const { db } = ctx;
  const _ = db.command;
  const [callerRows, kept] = await Promise.all([
    db.aggregate<CallerRow>('users', [
      ['match', { _id: ctx.openid }],
      ['lookup', { from: 'properties', pipeline: db.pipeline([['match', { _id: propertyId }], ['project', { timezone: true, name: true }]]), as: 'property' }],
      ['lookup', { from: 'teams', pipeline: db.pipeline([['match', { propertyId }], ['project', { name: true }], ['limit', 500]]), as: 'teams' }],
      ['limit', 1],
    ]),
    // read alongside the caller (one round trip less); nothing of it is answered before the check
    db.list<DailyStats>('stats_daily', { propertyId, date: _.gte(from).and(_.lte(to)) }, { orderBy: [['date', 'asc']], limit: 400 }),
  ]);
  const caller = callerRows[0];
  if (!isDesk(actorIn(caller ? { ...caller, openid: ctx.openid } : undefined, propertyId))) return fail('FORBIDDEN', '只有经理和客服中心可以查看统计');

  const timezone = caller.property[0]?.timezone ?? SHANGHAI;
  const now = ctx.clock.now();
  const today = localDate(now, timezone);
  const keptDates = new Set(kept.map((d) => d.date));
  // the scheduler keeps a day in the minute it ends; until then today and yesterday are the orders'
  const liveDays = [addDays(today, -1), today].filter((d) => d >= from && d <= to && !keptDates.has(d));
  const openUntil = openAt?.(timezone, now);

  const branches: Where[] = [];
  if (liveDays.length) {
    branches.push({ propertyId, updatedAt: _.gte(dayBounds(liveDays[0], timezone).start), createdAt: _.lt(dayBounds(liveDays[liveDays.length - 1], timezone).end) });
  }
  if (openUntil) {
    // open at that instant: still open, or changed since (the timeline says how it stood); few
    // orders reported before a month's end are touched after it, beyond the ones still open
    branches.push({ propertyId, status: _.in([...UNFINISHED_STATUSES]), createdAt: _.lte(openUntil) });
    branches.push({ propertyId, createdAt: _.lte(openUntil), updatedAt: _.gt(openUntil) });
  }
  const orders = branches.length
    ? await db.list<StatsOrder & UnfinishedOrder>('orders', branches.length === 1 ? branches[0] : db.anyOf(branches), {
        orderBy: [['createdAt', 'asc']],
        limit: LIVE_LIMIT,
        fields: openUntil ? ROW_FIELDS : STATS_FIELDS,
      })
    : [];

  const live = liveDays.map((date) => dailyStats(orders, { propertyId, date, timezone }, now));
  return {
    timezone,
    now,
    today,
    teamNames: Object.fromEntries(caller.teams.map((t) => [t._id, t.name])),
    days: [...kept.filter((d) => !liveDays.includes(d.date)), ...live],
    liveDays,
    ...(openUntil ? { openAt: openUntil } : {}),
    open: openUntil ? orders : [],
  };
}
