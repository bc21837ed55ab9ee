/**
 * Durations, a period's figures and when days are kept (core/stats/minutes.ts, summary.ts,
 * due-days.ts, unfinished.ts), table-driven.
 */
import { dailyStats, emptyDay, type StatsOrder } from '../../cloudfunctions/core/stats/daily';
import { addDays, dayBounds, daysFrom, monthDays } from '../../cloudfunctions/core/stats/days';
import { daysToCompute, statsCheckDue } from '../../cloudfunctions/core/stats/due-days';
import { addMinutes, bucketOf, emptyTally, medianOf } from '../../cloudfunctions/core/stats/minutes';
import { summarize, trendOf } from '../../cloudfunctions/core/stats/summary';
import { unfinishedAt, type UnfinishedOrder } from '../../cloudfunctions/core/stats/unfinished';
import type { DailyStats } from '../../typings/dashboard';
import type { OrderStatus, OrderStep } from '../../typings/domain';

const TZ = 'Asia/Shanghai';

describe('minute buckets and medians', () => {
  it.each([
    [0, 0],
    [59, 59],
    [60, 60],
    [239, 239],
    [240, 240],
    [249, 240],
    [1439, 1430],
    [1440, 1440],
    [2000, 1980],
    [10080, 10080],
    [12000, 11520],
  ])('%i minutes fall in the bucket from %i', (minutes, lower) => {
    expect(bucketOf(minutes)).toBe(lower);
  });

  it.each([
    [[], null],
    [[7], 7],
    [[3, 9], 6],
    [[1, 2, 100], 2],
    [[10, 20, 30, 40], 25],
    // 301 and 305 share the bucket 300–310, read as its middle
    [[301, 305, 305], 305],
    [[100, 301], 202.5],
  ])('median of %j is %p', (values, median) => {
    const t = emptyTally();
    for (const v of values) addMinutes(t, v);
    expect(medianOf(t)).toBe(median);
  });
});

describe('days', () => {
  it('a Shanghai day runs from 16:00 UTC the day before', () => {
    expect(dayBounds('2026-12-01', TZ)).toEqual({ start: '2026-11-30T16:00:00.000Z', end: '2026-12-01T16:00:00.000Z' });
  });
  it.each([
    ['2026-02', { from: '2026-02-01', to: '2026-02-28' }],
    ['2028-02', { from: '2028-02-01', to: '2028-02-29' }],
    ['2026-12', { from: '2026-12-01', to: '2026-12-31' }],
  ])('month %s', (month, days) => expect(monthDays(month)).toEqual(days));
  it('walks across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});

/** A day with a few facts set. */
function day(date: string, set: (d: DailyStats) => void): DailyStats {
  const d = emptyDay('p', date, TZ, `${date}T16:00:00.000Z`);
  set(d);
  return d;
}

describe('a period from its days', () => {
  const mon = day('2026-12-01', (d) => {
    d.created = { total: 3, byCategory: { leak: 2, ac: 1 }, byTeam: { eng: 3 }, bySource: { resident: 3 }, byUrgency: { normal: 2, urgent: 1 } };
    d.completed = { total: 2, byCategory: { leak: 2 }, byTeam: { eng: 2 }, paid: 0, free: 2 };
    d.statusFlow = { '2026-12-01': { closed: 2, pending: 1 } };
    addMinutes(d.completion, 30);
    addMinutes(d.completion, 90);
    d.completedOnTime = 2;
    d.ratings['5'] = 1;
    d.technicians = { t2: { name: '赵强', completed: 2, workMinutes: 80, onTime: 2, ratingSum: 5, ratingCount: 1 } };
    d.categoryNames = { leak: '水管漏水', ac: '空调维修' };
  });
  const tue = day('2026-12-02', (d) => {
    d.completed = { total: 1, byCategory: { ac: 1 }, byTeam: { eng: 1 }, paid: 1, free: 0 };
    // Monday's pending order was finished on Tuesday; an order reported in November was cancelled
    d.statusFlow = { '2026-12-01': { pending: -1, completed: 1 }, '2026-11-20': { on_hold: -1, cancelled: 1 } };
    addMinutes(d.completion, 600);
    d.ratings['2'] = 1;
    d.reopened = 1;
    d.fees = { collectedFen: 7500, byCategory: { ac: 7500 } };
    d.revisits = { due: 1, done: 1 };
    d.technicians = { t2: { name: '赵强', completed: 1, workMinutes: 40, onTime: 0, ratingSum: 2, ratingCount: 1 } };
  });

  it('adds the days up and takes rates, averages and medians once', () => {
    const s = summarize({ propertyId: 'p', from: '2026-12-01', to: '2026-12-02', timezone: TZ, days: [mon, tue], teamNames: { eng: '工程部' }, liveDays: ['2026-12-02'] });
    expect(s).toMatchObject({
      created: 3,
      completed: 3,
      byStatus: { pending: 0, closed: 2, completed: 1, cancelled: 0, assigned: 0 },
      completionRate: 1,
      onTimeCompletionRate: 0.6667,
      timelyArrivalRate: null,
      completionMinutes: { count: 3, avg: 240, median: 90 },
      responseMinutes: { count: 0, avg: null, median: null },
      satisfaction: { avg: 3.5, count: 2, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 } },
      revisitCoverage: 1,
      reopenRate: 0.3333,
      revenueFen: 7500,
      paidOrders: 1,
      freeOrders: 2,
      liveDays: ['2026-12-02'],
    });
    expect(s.byCategory).toEqual([
      { id: 'leak', name: '水管漏水', created: 2, completed: 2, revenueFen: 0 },
      { id: 'ac', name: '空调维修', created: 1, completed: 1, revenueFen: 7500 },
    ]);
    expect(s.byTeam).toEqual([{ id: 'eng', name: '工程部', created: 3, completed: 3 }]);
    expect(s.technicians).toEqual([{ id: 't2', name: '赵强', orders: 3, workMinutes: 120, onTimeRate: 0.6667, rating: 3.5, ratings: 2 }]);
  });

  it('the statuses at the end of a shorter period: Monday alone leaves one order pending', () => {
    const s = summarize({ propertyId: 'p', from: '2026-12-01', to: '2026-12-01', timezone: TZ, days: [mon, tue], teamNames: {}, liveDays: [] });
    expect(s.byStatus).toMatchObject({ pending: 1, closed: 2, completed: 0 });
    expect(s.completionRate).toBe(0.6667);
    // a team nobody named reads as its id
    expect(s.byTeam).toEqual([{ id: 'eng', name: 'eng', created: 3, completed: 2 }]);
  });

  it('nothing to divide by is null, not 0 or NaN', () => {
    const s = summarize({ propertyId: 'p', from: '2026-12-05', to: '2026-12-06', timezone: TZ, days: [], teamNames: {}, liveDays: [] });
    expect(s).toMatchObject({ created: 0, completionRate: null, timelyArrivalRate: null, onTimeCompletionRate: null, revisitCoverage: null, reopenRate: null, satisfaction: { avg: null, count: 0 } });
    expect(Object.values(s.byStatus).every((n) => n === 0)).toBe(true);
  });

  it('a trend has every day (or month) of the period, empty ones as zeros', () => {
    const days = daysFrom('2026-11-30', '2026-12-03');
    expect(trendOf([mon, tue], '2026-11-30', '2026-12-03', 'day', days)).toEqual([
      { date: '2026-11-30', created: 0, completed: 0 },
      { date: '2026-12-01', created: 3, completed: 2 },
      { date: '2026-12-02', created: 0, completed: 1 },
      { date: '2026-12-03', created: 0, completed: 0 },
    ]);
    expect(trendOf([mon, tue], '2026-11-30', '2026-12-03', 'month', days)).toEqual([
      { date: '2026-11', created: 0, completed: 0 },
      { date: '2026-12', created: 3, completed: 3 },
    ]);
  });
});

describe('which days the scheduler (re)computes', () => {
  const NOW = new Date('2026-12-08T00:00:20+08:00');
  const kept = (date: string, computedAt: string) => ({ date, computedAt: new Date(computedAt).toISOString() });
  const dates = (k: ReturnType<typeof kept>[], createdAt?: string) =>
    daysToCompute({ propertyId: 'p', timezone: TZ, kept: k, ...(createdAt ? { createdAt } : {}) }, NOW).map((d) => `${d.date}${d.exists ? ' again' : ''}`);

  it.each([
    ['a property made today: nothing yet', [], '2026-12-08T00:00:00+08:00', []],
    ['a property made yesterday afternoon: yesterday', [], '2026-12-07T15:00:00+08:00', ['2026-12-07']],
    [
      'nothing kept: the last week',
      [],
      undefined,
      ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'],
    ],
    [
      'the day before kept once, right after it ended: yesterday, and the day before once more',
      [kept('2026-12-06', '2026-12-07T00:00:05+08:00'), ...['01', '02', '03', '04', '05'].map((d) => kept(`2026-12-${d}`, '2026-12-07T00:00:05+08:00'))],
      '2026-11-01T00:00:00+08:00',
      ['2026-12-06 again', '2026-12-07'],
    ],
    [
      'all kept after the following day ended: nothing',
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => kept(`2026-12-${d}`, '2026-12-08T00:00:01+08:00')),
      '2026-11-01T00:00:00+08:00',
      [],
    ],
  ])('%s', (_what, k, createdAt, expected) => {
    expect(dates(k, createdAt)).toEqual(expected);
  });

  it.each([
    ['2026-12-08T00:00:20+08:00', true],
    ['2026-12-07T10:00:00+08:00', true],
    ['2026-12-07T10:01:00+08:00', false],
    ['2026-12-07T23:59:59+08:00', false],
  ])('a run at %s looks: %s', (at, looks) => expect(statsCheckDue(new Date(at))).toBe(looks));
});

describe('unfinished orders at an instant', () => {
  type Step = [step: OrderStep, at: string, to: OrderStatus];
  const o = (id: string, steps: Step[], extra: object = {}): UnfinishedOrder => {
    const createdAt = new Date(steps[0][1]).toISOString();
    const c = Date.parse(createdAt);
    return {
      id,
      orderNo: id,
      categoryName: '水管漏水',
      status: steps[steps.length - 1][2],
      createdAt,
      teamId: 'eng',
      due: { acceptBy: new Date(c + 30 * 60_000).toISOString(), arriveBy: new Date(c + 120 * 60_000).toISOString(), completeBy: new Date(c + 480 * 60_000).toISOString() },
      timeline: steps.map(([step, when, to], i) => ({ step, at: new Date(when).toISOString(), to, ...(i ? { from: steps[i - 1][2] } : {}) })),
      ...extra,
    };
  };
  it('orders open then, oldest first, with their status then, age and the deadlines missed by then', () => {
    const at = Date.parse('2026-12-31T23:59:59.999+08:00');
    const rows = unfinishedAt(
      [
        o('b', [['create', '2026-12-31T20:00:00+08:00', 'pending']]),
        o('a', [['create', '2026-12-30T10:00:00+08:00', 'pending'], ['grab', '2026-12-30T10:10:00+08:00', 'accepted'], ['checkIn', '2026-12-30T13:00:00+08:00', 'in_progress']], {
          assignee: { openid: 't2', name: '赵强' },
          acceptedAt: '2026-12-30T02:10:00.000Z',
          arrivedAt: '2026-12-30T05:00:00.000Z',
        }),
        o('closed', [['create', '2026-12-30T10:00:00+08:00', 'pending'], ['handle', '2026-12-30T10:05:00+08:00', 'closed']]),
        // finished after the instant: it was open then, and is listed as it stood
        o('since', [['create', '2026-12-31T21:00:00+08:00', 'pending'], ['assign', '2026-12-31T21:10:00+08:00', 'assigned'], ['cancel', '2027-01-01T09:00:00+08:00', 'cancelled']]),
        o('later', [['create', '2027-01-01T10:00:00+08:00', 'pending']]),
      ],
      at,
    );
    expect(rows).toEqual([
      { orderId: 'a', orderNo: 'a', categoryName: '水管漏水', status: 'in_progress', createdAt: '2026-12-30T02:00:00.000Z', ageMinutes: 38 * 60 - 1, owner: { kind: 'person', id: 't2', name: '赵强' }, missed: ['arriveBy', 'completeBy'] },
      { orderId: 'b', orderNo: 'b', categoryName: '水管漏水', status: 'pending', createdAt: '2026-12-31T12:00:00.000Z', ageMinutes: 239, owner: { kind: 'team', id: 'eng' }, missed: ['acceptBy', 'arriveBy'] },
      { orderId: 'since', orderNo: 'since', categoryName: '水管漏水', status: 'assigned', createdAt: '2026-12-31T13:00:00.000Z', ageMinutes: 179, owner: { kind: 'team', id: 'eng' }, missed: ['acceptBy', 'arriveBy'] },
    ]);
  });
});

describe('a live day equals the kept one', () => {
  it('computed at noon from the same orders, a day holds what had happened by then', () => {
    const order: StatsOrder = {
      id: 'x', propertyId: 'p', categoryId: 'leak', categoryName: '水管漏水', teamId: 'eng', source: 'resident', urgency: 'normal', paid: false,
      status: 'pending', createdAt: '2026-12-01T02:00:00.000Z', due: { arriveBy: '2026-12-01T04:00:00.000Z', completeBy: '2026-12-01T10:00:00.000Z' },
      timeline: [{ step: 'create', at: '2026-12-01T02:00:00.000Z', to: 'pending' }],
    };
    const live = dailyStats([order], { propertyId: 'p', date: '2026-12-01', timezone: TZ }, new Date('2026-12-01T04:00:00.000Z'));
    const kept = dailyStats([order], { propertyId: 'p', date: '2026-12-01', timezone: TZ }, new Date('2026-12-02T00:00:00.000Z'));
    expect({ ...live, computedAt: '' }).toEqual({ ...kept, computedAt: '' });
  });
});
