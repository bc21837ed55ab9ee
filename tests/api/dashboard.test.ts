/**
 * Managers' dashboards (dashboard.summary, dashboard.trend, report.monthly) over a realistic week
 * driven through the API with the clock moved day by day and the scheduler run at each local
 * midnight, as it keeps the finished days (stats_daily). The figures are asserted as a manager
 * reads them; each action costs at most 3 database requests whatever the number of orders.
 */
import type { ActionData, ActionName, ActionPayload, ApiResponse } from '../../typings/api';
import type { DashboardSummary } from '../../typings/dashboard';
import type { OrderWithTimeline } from '../../typings/domain';
import { sdkDatabase, type Db } from '../local-cloud/database-sdk';
import { callFunction, localGet } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, LEADER, MANAGER, OTHER_RESIDENT, REPORTER, createOrder, err, ok, resetDemo, setTime, useDemoCloud } from '../support/orders';

let url = '';
let db: Db;
useDemoCloud((u) => {
  url = u;
  db = sdkDatabase(u);
});

/** Mon 7 – Fri 11 December 2026, Shanghai */
const D1 = '2026-12-07';
const D2 = '2026-12-08';
const D3 = '2026-12-09';
const D4 = '2026-12-10';
const D5 = '2026-12-11';
const local = (date: string, hhmm: string, ss = '00'): string => `${date}T${hhmm}:${ss}+08:00`;
const at = (date: string, hhmm: string, ss?: string): Promise<void> => setTime(url, local(date, hhmm, ss));

interface Counted<T> {
  data: T;
  dbRequests: number;
}

async function counted<A extends ActionName>(openid: string, action: A, payload: ActionPayload<A>): Promise<Counted<ActionData<A>>> {
  const res = await callFunction<ApiResponse<ActionData<A>>>(url, 'api', openid, { action, payload });
  if (res.status !== 200 || !res.body.ok) throw new Error(`${action} as ${openid}: ${res.status} ${JSON.stringify(res.body)}`);
  return { data: res.body.data, dbRequests: res.dbRequests };
}

async function runScheduler(): Promise<{ stats: string[]; dbRequests: number }> {
  const res = await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
  const body = (await res.json()) as { stats: string[] };
  const inv = await localGet<{ invocations: { functionName: string; dbRequests: number }[] }>(url, 'stats');
  return { stats: [...body.stats].sort(), dbRequests: inv.invocations.filter((i) => i.functionName === 'scheduler').pop()?.dbRequests ?? -1 };
}

/** The local midnight that ends `date` has passed by 30 seconds: the scheduler's run at the top of the hour. */
async function midnightAfter(date: string): Promise<string[]> {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  await at(next.toISOString().slice(0, 10), '00:00', '30');
  return (await runScheduler()).stats;
}

const keptDays = async (): Promise<Record<string, unknown>[]> =>
  (await db.collection('stats_daily').where({ propertyId: 'demo' }).limit(100).get()).data.sort((a, b) => String(a._id).localeCompare(String(b._id)));

const leak = { categoryId: 'demo-water-leak' };
const AC = { categoryId: 'demo-appliance-ac', description: '空调不制冷' };

describe('a week of orders as the manager reads it', () => {
  const ids: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string> = { A: '', B: '', C: '', D: '', E: '', F: '' };
  let liveD1: DashboardSummary;
  let keptD1: DashboardSummary;

  beforeAll(async () => {
    await resetDemo(url, local(D1, '09:00'));

    // ——— Monday ———
    // A: a leak, on site in time, finished after its complete-by (17:35), rated 5 on Tuesday
    await at(D1, '09:30');
    ids.A = (await createOrder(url)).id;
    await at(D1, '09:35');
    await ok(url, DISPATCHER, 'order.assign', { orderId: ids.A, technicianId: ASSIGNEE });
    await at(D1, '09:40');
    await ok(url, ASSIGNEE, 'order.accept', { orderId: ids.A });
    await at(D1, '10:00');
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: ids.A });

    // B: an air conditioner (paid) for the team leader, on site late (arrive-by 12:05), paid, revisited on Tuesday
    ids.B = (await createOrder(url, { ...AC, as: OTHER_RESIDENT })).id;
    await at(D1, '10:05');
    await ok(url, DISPATCHER, 'order.assign', { orderId: ids.B, technicianId: LEADER });
    await at(D1, '10:10');
    await ok(url, LEADER, 'order.accept', { orderId: ids.B });

    // C: reported and cancelled by the resident
    await at(D1, '11:00');
    ids.C = (await createOrder(url)).id;
    await at(D1, '11:30');
    await ok(url, REPORTER, 'order.cancel', { orderId: ids.C, reason: '已自行修好' });

    await at(D1, '12:30');
    await ok(url, LEADER, 'order.checkIn', { orderId: ids.B });
    await at(D1, '13:00');
    await ok(url, LEADER, 'order.complete', { orderId: ids.B, summary: '清洗滤网并补充冷媒', workMinutes: 40 });
    await at(D1, '13:05');
    const { outTradeNo } = await ok(url, OTHER_RESIDENT, 'order.pay', { orderId: ids.B });
    await at(D1, '13:10');
    const paid = await fetch(`${url}/_local/pay/${outTradeNo}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'SUCCESS' }) });
    expect(paid.status).toBe(200);

    // D: urgent (on site within 15 minutes), rated 2 and reopened on Tuesday, done again then
    await at(D1, '14:00');
    ids.D = (await createOrder(url, { urgency: 'urgent', as: OTHER_RESIDENT, description: '卫生间水管爆裂' })).id;
    await at(D1, '14:05');
    await ok(url, DISPATCHER, 'order.assign', { orderId: ids.D, technicianId: ASSIGNEE });
    await at(D1, '14:10');
    await ok(url, ASSIGNEE, 'order.accept', { orderId: ids.D });
    await at(D1, '14:15');
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: ids.D });
    await at(D1, '15:00');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: ids.D, summary: '关阀更换爆裂管段', workMinutes: 30 });

    await at(D1, '18:00');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: ids.A, summary: '更换水管接头并试压', workMinutes: 40 });

    await at(D1, '23:59');
    liveD1 = (await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D1 })).data;
    expect(await midnightAfter(D1)).toEqual([`demo-2:${D1}`, `demo:${D1}`]);
    keptD1 = (await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D1 })).data;

    // ——— Tuesday ———
    await at(D2, '09:00');
    await ok(url, REPORTER, 'order.rate', { orderId: ids.A, score: 5, comment: '师傅很专业' });
    await at(D2, '10:00');
    await ok(url, DISPATCHER, 'order.revisit', { orderId: ids.B, result: 'satisfied' });
    await at(D2, '10:30');
    await ok(url, OTHER_RESIDENT, 'order.rate', { orderId: ids.D, score: 2, comment: '还是在渗水' });
    await at(D2, '11:00');
    await ok(url, OTHER_RESIDENT, 'order.reopen', { orderId: ids.D, reason: '接口还在渗水' });
    await at(D2, '11:05');
    await ok(url, ASSIGNEE, 'order.accept', { orderId: ids.D });
    await at(D2, '11:10');
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: ids.D });
    await at(D2, '11:40');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: ids.D, summary: '重新缠生料带紧固', workMinutes: 20 });
    // E: a phone call taken by the service center, waiting overnight
    await at(D2, '15:00');
    const phoned: OrderWithTimeline = await createOrder(url, { as: DISPATCHER, source: 'phone', onBehalfOf: { name: '王先生', phone: '13811112222' }, location: { kind: 'unit', text: '阳台', building: '3栋', room: '201' }, description: '阳台地漏返水' });
    ids.E = phoned.id;
    expect(await midnightAfter(D2)).toEqual([`demo-2:${D1}`, `demo-2:${D2}`, `demo:${D1}`, `demo:${D2}`]);

    // ——— Wednesday: E is taken the next morning ———
    await at(D3, '09:00');
    await ok(url, DISPATCHER, 'order.assign', { orderId: ids.E, technicianId: LEADER });
    await at(D3, '09:10');
    await ok(url, LEADER, 'order.accept', { orderId: ids.E });
    expect(await midnightAfter(D3)).toEqual([`demo-2:${D2}`, `demo-2:${D3}`, `demo:${D2}`, `demo:${D3}`]);

    // ——— Thursday: nothing happens ———
    expect(await midnightAfter(D4)).toEqual([`demo-2:${D3}`, `demo-2:${D4}`, `demo:${D3}`, `demo:${D4}`]);

    // ——— Friday ———
    await at(D5, '09:00');
    ids.F = (await createOrder(url)).id;
    await at(D5, '10:00');
  });

  it('Monday to Wednesday: counts, rates, times, satisfaction, revisits, money and technicians', async () => {
    const { data: s, dbRequests } = await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D3 });
    // all three days are kept: the user (with the property and its teams) and the days
    expect(dbRequests).toBe(2);
    expect(s).toMatchObject({
      propertyId: 'demo',
      from: D1,
      to: D3,
      liveDays: [],
      created: 5,
      // A, B and D on Monday, D again on Tuesday
      completed: 4,
      // the five orders as Wednesday ended
      byStatus: { pending: 0, assigned: 0, accepted: 1, in_progress: 0, on_hold: 0, completed: 2, closed: 1, cancelled: 1 },
      bySource: { resident: 4, phone: 1, visit: 0, self_inspection: 0 },
      byUrgency: { normal: 4, urgent: 1 },
      // A, B and D done of the four not cancelled
      completionRate: 0.75,
      // B arrived 25 minutes after its arrive-by
      timelyArrivalRate: 0.75,
      // A finished at 18:00, after its complete-by
      onTimeCompletionRate: 0.75,
      // A, B and D accepted within 10 minutes; E the next morning (18 h 10 min)
      responseMinutes: { count: 4, avg: 280, median: 10 },
      // A 30, B 150, D 15, D again 10 minutes after the reopen
      arrivalMinutes: { count: 4, avg: 51.3, median: 22.5 },
      // A 510, B 180, D 60, D again 40
      completionMinutes: { count: 4, avg: 197.5, median: 120 },
      satisfaction: { avg: 3.5, count: 2, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
      // B (paid) called back within 24 hours; D (free, rated 2) not
      revisits: { due: 2, done: 1 },
      revisitCoverage: 0.5,
      reopened: 1,
      reopenRate: 0.25,
      cancelled: 1,
      // 40 minutes billed as 45 at 60 元/h, and the 30 元 visit fee
      revenueFen: 7500,
      paidOrders: 1,
      freeOrders: 3,
    });
    expect(s.byCategory).toEqual([
      { id: 'demo-water-leak', name: '水管漏水', created: 4, completed: 3, revenueFen: 0 },
      { id: 'demo-appliance-ac', name: '空调维修', created: 1, completed: 1, revenueFen: 7500 },
    ]);
    expect(s.byTeam).toEqual([{ id: 'demo-team-eng', name: '工程部', created: 5, completed: 4 }]);
    expect(s.technicians).toEqual([
      { id: ASSIGNEE, name: '赵强', orders: 3, workMinutes: 90, onTimeRate: 0.6667, rating: 3.5, ratings: 2 },
      { id: LEADER, name: '王建国', orders: 1, workMinutes: 40, onTimeRate: 1, rating: null, ratings: 0 },
    ]);
  });

  it('Monday alone, read live at 23:59, is what the scheduler kept at midnight; B’s revisit on Tuesday lands in it a day later', async () => {
    expect(liveD1.liveDays).toEqual([D1]);
    expect(keptD1.liveDays).toEqual([]);
    expect({ ...liveD1, liveDays: [] }).toEqual(keptD1);
    expect(keptD1).toMatchObject({ created: 4, completed: 3, byStatus: { completed: 3, cancelled: 1, assigned: 0, accepted: 0, in_progress: 0, closed: 0 }, revenueFen: 7500, reopened: 0 });
    // B was completed (paid) on Monday and called back on Tuesday within 24 hours
    expect(keptD1.revisits).toEqual({ due: 1, done: 0 });
    const final = (await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D1 })).data;
    expect(final).toEqual({ ...keptD1, revisits: { due: 1, done: 1 }, revisitCoverage: 1 });
  });

  it('today is read live from today’s orders: three requests', async () => {
    const { data: s, dbRequests } = await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D5 });
    expect(dbRequests).toBe(3);
    expect(s).toMatchObject({ liveDays: [D5], created: 6, completed: 4, byStatus: { pending: 1, accepted: 1, completed: 2, closed: 1, cancelled: 1 } });
    // the service center may read it too
    expect((await counted(DISPATCHER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D5 })).data).toEqual(s);
  });

  it('the trend has every day, Thursday’s zeros included, or the month', async () => {
    const days = await counted(MANAGER, 'dashboard.trend', { propertyId: 'demo', from: '2026-12-06', to: D5, bucket: 'day' });
    expect(days.dbRequests).toBeLessThanOrEqual(3);
    expect(days.data).toEqual([
      { date: '2026-12-06', created: 0, completed: 0 },
      { date: D1, created: 4, completed: 3 },
      { date: D2, created: 1, completed: 1 },
      { date: D3, created: 0, completed: 0 },
      { date: D4, created: 0, completed: 0 },
      { date: D5, created: 1, completed: 0 },
    ]);
    const months = await counted(MANAGER, 'dashboard.trend', { propertyId: 'demo', from: '2026-11-15', to: '2027-01-10', bucket: 'month' });
    expect(months.data).toEqual([
      { date: '2026-11', created: 0, completed: 0 },
      { date: '2026-12', created: 6, completed: 4 },
      { date: '2027-01', created: 0, completed: 0 },
    ]);
  });

  it('the monthly report: the month so far and what is still open now', async () => {
    const { data: r, dbRequests } = await counted(MANAGER, 'report.monthly', { propertyId: 'demo', month: '2026-12' });
    expect(dbRequests).toBe(3);
    expect(r.month).toBe('2026-12');
    expect(r.summary).toMatchObject({ from: '2026-12-01', to: '2026-12-31', created: 6, completed: 4, liveDays: [D5] });
    expect(Date.parse(r.unfinishedAt)).toBeGreaterThanOrEqual(Date.parse(local(D5, '10:00')));
    expect(r.unfinished.map((u) => [u.orderId, u.status, u.owner, u.missed])).toEqual([
      [ids.E, 'accepted', { kind: 'person', id: LEADER, name: '王建国' }, ['arriveBy', 'completeBy']],
      [ids.F, 'pending', { kind: 'team', id: 'demo-team-eng' }, ['acceptBy']],
    ]);
    expect(r.unfinished[0].ageMinutes).toBe(67 * 60);

    // November had nothing yet: its report ends at its last instant
    const nov = (await counted(MANAGER, 'report.monthly', { propertyId: 'demo', month: '2026-11' })).data;
    expect(nov).toMatchObject({ unfinishedAt: '2026-11-30T15:59:59.999Z', unfinished: [], summary: { created: 0, completionRate: null } });
  });

  it('running the scheduler again changes nothing: every day is kept and final', async () => {
    const before = await keptDays();
    expect(before.map((d) => d._id)).toEqual([`demo:${D1}`, `demo:${D2}`, `demo:${D3}`, `demo:${D4}`]);
    const summary = (await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D5 })).data;
    // the top of the next hour: the scheduler looks, and finds nothing to compute
    await at(D5, '11:00', '10');
    expect((await runScheduler()).stats).toEqual([]);
    expect((await runScheduler()).stats).toEqual([]);
    expect(await keptDays()).toEqual(before);
    expect((await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: D1, to: D5 })).data).toEqual(summary);
    await at(D5, '10:00');
  });

  it('serves its queries from declared indexes', async () => {
    const { unindexedQueries } = await localGet<{ unindexedQueries: { collection: string; fields: string[] }[] }>(url, 'stats');
    expect(unindexedQueries.filter((q) => q.collection === 'stats_daily' || q.fields.includes('updatedAt'))).toEqual([]);
  });

  describe('who may read it', () => {
    it.each([
      ['a resident', REPORTER],
      ['a technician, even a team leader', LEADER],
      ['the manager of another property', 'demo2-manager'],
      ['someone unknown', 'stranger-openid'],
    ])('%s: FORBIDDEN', async (_who, openid) => {
      for (const [action, payload] of [
        ['dashboard.summary', { propertyId: 'demo', from: D1, to: D5 }],
        ['dashboard.trend', { propertyId: 'demo', from: D1, to: D5, bucket: 'day' }],
        ['report.monthly', { propertyId: 'demo', month: '2026-12' }],
      ] as const) {
        expect((await err(url, openid, action, payload)).code).toBe('FORBIDDEN');
      }
    });

    it('a manager reads their own property, not another one', async () => {
      expect((await ok(url, 'demo2-manager', 'dashboard.summary', { propertyId: 'demo-2', from: D1, to: D5 })).created).toBe(0);
    });
  });

  describe('bad input names the field', () => {
    it.each([
      ['dashboard.summary', { propertyId: 'demo', from: D5, to: D1 }, 'payload.to'],
      ['dashboard.summary', { propertyId: 'demo', from: '2026-01-01', to: '2027-01-02' }, 'payload.to'],
      ['dashboard.summary', { propertyId: 'demo', from: '2026-02-30', to: D1 }, 'payload.from'],
      ['dashboard.summary', { propertyId: 'demo', from: D1 }, 'payload.to'],
      ['dashboard.summary', { propertyId: { $gt: '' }, from: D1, to: D5 }, 'payload.propertyId'],
      ['dashboard.summary', { propertyId: 'demo', from: D1, to: D5, extra: 1 }, 'payload.extra'],
      ['dashboard.trend', { propertyId: 'demo', from: D1, to: D5, bucket: 'week' }, 'payload.bucket'],
      ['dashboard.trend', { propertyId: 'demo', from: D1, to: D5 }, 'payload.bucket'],
      ['report.monthly', { propertyId: 'demo', month: '2026-13' }, 'payload.month'],
      ['report.monthly', { propertyId: 'demo', month: '2027-01' }, 'payload.month'],
    ] as const)('%s %j', async (action, payload, field) => {
      const e = await err(url, MANAGER, action, payload);
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(Object.keys(e.fields ?? {})).toContain(field);
    });

    it('a malformed date is named alone, not also as a period ending before it', async () => {
      const e = await err(url, MANAGER, 'dashboard.summary', { propertyId: 'demo', from: '24/11/2026', to: D5 });
      expect(Object.keys(e.fields ?? {})).toEqual(['payload.from']);
    });

    it('366 days, both included, is the longest period', async () => {
      expect((await ok(url, MANAGER, 'dashboard.summary', { propertyId: 'demo', from: '2026-01-01', to: '2027-01-01' })).created).toBe(6);
    });
  });

  it('December’s report read in January: the orders open on 31 December as they stood, one revoked since included', async () => {
    expect(await midnightAfter(D5)).toContain(`demo:${D5}`);
    await at('2027-01-02', '10:00');
    await ok(url, DISPATCHER, 'order.revoke', { orderId: ids.E, reason: '业主已自行处理' });
    await at('2027-01-05', '10:00');
    const { data: r, dbRequests } = await counted(MANAGER, 'report.monthly', { propertyId: 'demo', month: '2026-12' });
    expect(dbRequests).toBe(3);
    expect(r.unfinishedAt).toBe('2026-12-31T15:59:59.999Z');
    expect(r.unfinished.map((u) => [u.orderId, u.status])).toEqual([
      [ids.E, 'accepted'],
      [ids.F, 'pending'],
    ]);
    expect(r.unfinished[1].ageMinutes).toBe(20 * 24 * 60 + 14 * 60 + 59);
    expect(r.summary).toMatchObject({ created: 6, completed: 4, liveDays: [] });
  });
});

describe('the cost does not grow with the orders', () => {
  const START = '2026-11-02';
  const day = (n: number): string => {
    const d = new Date(`${START}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    await resetDemo(url, local(START, '09:00'));
    // 60 orders over 10 days, a third cancelled the same day; the scheduler keeps each day
    for (let n = 0; n < 10; n++) {
      for (let k = 0; k < 6; k++) {
        await at(day(n), `10:${String(k * 5).padStart(2, '0')}`);
        const o = await createOrder(url, k % 2 ? { ...AC, as: OTHER_RESIDENT } : leak);
        if (k % 3 === 0) await ok(url, o.reporter.openid, 'order.cancel', { orderId: o.id, reason: '已自行修好' });
      }
      await midnightAfter(day(n));
    }
    // and 6 more today
    for (let k = 0; k < 6; k++) {
      await at(day(10), `10:${String(k * 5).padStart(2, '0')}`);
      await createOrder(url);
    }
  });

  it('each action: at most 3 requests for 66 orders, kept days and today', async () => {
    const summary = await counted(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: START, to: day(10) });
    expect(summary.dbRequests).toBe(3);
    expect(summary.data).toMatchObject({ created: 66, cancelled: 20, byStatus: { pending: 46, cancelled: 20 }, completionRate: 0 });
    const trend = await counted(MANAGER, 'dashboard.trend', { propertyId: 'demo', from: START, to: day(10), bucket: 'day' });
    expect(trend.dbRequests).toBe(3);
    expect(trend.data.map((p) => p.created)).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6]);
    const monthly = await counted(MANAGER, 'report.monthly', { propertyId: 'demo', month: '2026-11' });
    expect(monthly.dbRequests).toBe(3);
    expect(monthly.data.summary.created).toBe(66);
    expect(monthly.data.unfinished).toHaveLength(46);
  });
});

describe('the scheduler keeps the days', () => {
  const MON = '2026-12-14';
  beforeEach(() => resetDemo(url, local(MON, '09:00')));

  it('looks at the top of each hour only: nothing due costs 3 requests then, 2 in the other minutes', async () => {
    await at(MON, '10:00', '05');
    expect(await runScheduler()).toEqual({ stats: [], dbRequests: 3 });
    await at(MON, '10:01', '05');
    expect(await runScheduler()).toEqual({ stats: [], dbRequests: 2 });
    // the day the property was made ends: it is kept, once
    await at('2026-12-15', '00:00', '30');
    expect((await runScheduler()).stats).toEqual([`demo-2:${MON}`, `demo:${MON}`]);
    expect(await runScheduler()).toEqual({ stats: [], dbRequests: 3 });
  });

  it('days a stopped scheduler missed are caught up, from the property’s first day', async () => {
    await createOrder(url);
    await at('2026-12-17', '09:00');
    await createOrder(url);
    await at('2026-12-18', '03:00', '20');
    const { stats } = await runScheduler();
    expect(stats.filter((id) => id.startsWith('demo:'))).toEqual(['demo:2026-12-14', 'demo:2026-12-15', 'demo:2026-12-16', 'demo:2026-12-17']);
    const trend = await ok(url, MANAGER, 'dashboard.trend', { propertyId: 'demo', from: MON, to: '2026-12-18', bucket: 'day' });
    expect(trend.map((p) => p.created)).toEqual([1, 0, 0, 1, 0]);
  });
});
