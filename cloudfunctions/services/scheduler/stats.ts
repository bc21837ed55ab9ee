/**
 * The scheduler's part in the dashboards: finished days become `stats_daily` documents, so a
 * dashboard reads one document per day instead of the orders. The order steps write nothing for
 * it (their budgets stay as they are): a day's facts are read back from the orders touched since
 * it began (every step stamps `updatedAt`), once the day is over and again a day later.
 *
 * At the top of each hour one aggregate reads every property with its recent days' documents
 * (cloudfunctions/core/stats/due-days.ts decides what is due); the other runs read nothing. When a
 * day is due: one read of the property's orders touched since (by pages of 1,000), one insert of
 * the new documents, one write per document recomputed. Ids are `<propertyId>:<date>`, so a run
 * repeated or racing another writes the same documents.
 */
import type { Property } from '../../../typings/domain';
import type { DailyStats } from '../../../typings/dashboard';
import { dailyStats, STATS_FIELDS, type StatsOrder } from '../../core/stats/daily';
import { dayBounds } from '../../core/stats/days';
import { daysToCompute, statsCheckDue, statsDayId, statsLookbackDate, type DayToCompute, type KeptDay } from '../../core/stats/due-days';
import type { HandlerContext } from '../../api/context';
import type { Store } from '../../runtime/db';

const PAGE = 1000;
const SHANGHAI = 'Asia/Shanghai';

interface PropertyRow extends Pick<Property, 'timezone'> {
  _id: string;
  createdAt?: string;
  kept: KeptDay[];
}

/** Computes what is due; answers the ids of the documents written. */
export async function keepDailyStats(ctx: HandlerContext): Promise<string[]> {
  const now = ctx.clock.now();
  if (!statsCheckDue(now)) return [];
  const { db } = ctx;
  const rows = await db.aggregate<PropertyRow>('properties', [
    ['project', { timezone: true, createdAt: true }],
    [
      'lookup',
      {
        from: 'stats_daily',
        let: { p: '$_id' },
        pipeline: db.pipeline([
          ['match', { $expr: { $and: [{ $eq: ['$propertyId', '$$p'] }, { $gte: ['$date', statsLookbackDate(now)] }] } }],
          ['project', { date: true, computedAt: true }],
        ]),
        as: 'kept',
      },
    ],
    ['limit', 1000],
  ]);
  const written: string[] = [];
  for (const row of rows) {
    const due = daysToCompute({ propertyId: row._id, timezone: row.timezone ?? SHANGHAI, createdAt: row.createdAt, kept: row.kept ?? [] }, now);
    if (!due.length) continue;
    try {
      written.push(...(await computeDays(db, due, now)));
    } catch (err) {
      ctx.log(`[scheduler] stats of ${row._id} left for the next hour`, err);
    }
  }
  return written;
}

/** One property's due days from one read of its orders touched since the first of them began. */
async function computeDays(db: Store, due: DayToCompute[], now: Date): Promise<string[]> {
  const { propertyId, timezone } = due[0];
  const dates = due.map((d) => d.date).sort();
  const since = dayBounds(dates[0], timezone).start;
  const until = dayBounds(dates[dates.length - 1], timezone).end;
  const _ = db.command;
  // an order stepped while the pages are read moves to the end and may come twice: once each
  const orders = new Map<string, StatsOrder>();
  for (let skip = 0; ; skip += PAGE) {
    const page = await db.list<StatsOrder>('orders', { propertyId, updatedAt: _.gte(since), createdAt: _.lt(until) }, {
      orderBy: [['updatedAt', 'asc'], ['_id', 'asc']],
      skip,
      limit: PAGE,
      fields: STATS_FIELDS,
    });
    for (const o of page) orders.set(o.id, o);
    if (page.length < PAGE) break;
  }
  const docs = due.map((d) => ({ d, stats: dailyStats([...orders.values()], { propertyId, date: d.date, timezone }, now) }));
  const fresh = docs.filter((x) => !x.d.exists);
  if (fresh.length) await db.insertMany('stats_daily', fresh.map((x) => ({ _id: statsDayId(propertyId, x.d.date), ...x.stats })));
  for (const { d, stats } of docs) if (d.exists) await db.updateWhere('stats_daily', { _id: statsDayId(propertyId, d.date) }, replacing(db, stats));
  return docs.map((x) => statsDayId(propertyId, x.d.date));
}

/** Every field set whole: the SDK would merge nested objects key by key and keep stale keys. */
function replacing(db: Store, stats: DailyStats): Record<string, unknown> {
  const _ = db.command;
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, typeof v === 'object' && v !== null ? _.set(v) : v]));
}
