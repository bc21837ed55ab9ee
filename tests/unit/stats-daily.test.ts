/**
 * A day's facts from order documents (core/stats/daily.ts), table-driven: each fact lands on the
 * local day (Asia/Shanghai) of its own event, earlier visits kept by a reopen count on their days,
 * and the orders given may be any superset of the day's.
 */
import { dailyStats, statusBefore, type StatsOrder } from '../../cloudfunctions/core/stats/daily';
import type { OrderStatus, OrderStep } from '../../typings/domain';

const TZ = 'Asia/Shanghai';
const DAY = { propertyId: 'p', date: '2026-12-01', timezone: TZ };
const NOW = new Date('2026-12-03T00:00:00+08:00');
/** a Shanghai wall-clock time on 2026-12-01 (or another day) as an ISO instant */
const at = (hhmm: string, date = '2026-12-01'): string => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

type Step = [step: OrderStep, at: string, to: OrderStatus];

/** An order with its timeline from the steps given; the fields a step would set are passed alongside. */
function order(steps: Step[], fields: Partial<StatsOrder> = {}): StatsOrder {
  const createdAt = steps[0][1];
  let from: OrderStatus | undefined;
  const timeline = steps.map(([step, when, to]) => {
    const entry = { step, at: when, to, ...(from ? { from } : {}) };
    from = to;
    return entry;
  });
  return {
    id: fields.id ?? `o-${createdAt}`,
    propertyId: 'p',
    categoryId: 'leak',
    categoryName: '水管漏水',
    teamId: 'eng',
    source: 'resident',
    urgency: 'normal',
    paid: false,
    status: from ?? 'pending',
    createdAt,
    due: { arriveBy: new Date(Date.parse(createdAt) + 120 * 60_000).toISOString(), completeBy: new Date(Date.parse(createdAt) + 480 * 60_000).toISOString() },
    timeline,
    ...fields,
  };
}

const TECH = { openid: 'tech-2', name: '赵强', teamId: 'eng' };

/** reported 10:00, accepted 10:20, on site 11:00, done 12:30 with 60 minutes of work */
const done = (extra: Partial<StatsOrder> = {}, steps: Step[] = []): StatsOrder =>
  order(
    [
      ['create', at('10:00'), 'pending'],
      ['assign', at('10:05'), 'assigned'],
      ['accept', at('10:20'), 'accepted'],
      ['checkIn', at('11:00'), 'in_progress'],
      ['complete', at('12:30'), 'completed'],
      ...steps,
    ],
    { assignee: TECH, arrivedAt: at('11:00'), completedAt: at('12:30'), completion: { workMinutes: 60 }, ...extra },
  );

describe('which day an event belongs to', () => {
  it.each([
    ['local midnight opens the day', '00:00', '2026-12-01', 1],
    ['the last second of the day', '23:59', '2026-12-01', 1],
    ['the next local midnight is the next day', '00:00', '2026-12-02', 0],
    ['late on the day before (still 2026-12-01 in UTC)', '23:59', '2026-11-30', 0],
    ['08:00 local is 00:00 UTC, still the same day', '08:00', '2026-12-01', 1],
  ])('%s', (_what, hhmm, date, created) => {
    const s = dailyStats([order([['create', at(hhmm, date), 'pending']])], DAY, NOW);
    expect(s.created.total).toBe(created);
  });
});

describe('counts and durations of one day', () => {
  it('created by category, team, source and urgency; completed by category and team; paid and free', () => {
    const s = dailyStats(
      [
        order([['create', at('09:00'), 'pending']], { urgency: 'urgent', source: 'phone' }),
        order([['create', at('09:30'), 'pending']], { categoryId: 'ac', categoryName: '空调维修', teamId: 'hvac', paid: true }),
        done(),
      ],
      DAY,
      NOW,
    );
    expect(s.created).toEqual({
      total: 3,
      byCategory: { leak: 2, ac: 1 },
      byTeam: { eng: 2, hvac: 1 },
      bySource: { phone: 1, resident: 2 },
      byUrgency: { urgent: 1, normal: 2 },
    });
    expect(s.completed).toEqual({ total: 1, byCategory: { leak: 1 }, byTeam: { eng: 1 }, paid: 0, free: 1 });
    expect(s.categoryNames).toEqual({ leak: '水管漏水', ac: '空调维修' });
  });

  it.each([
    // [what, arrivedAt, completedAt, arrived on time, completed on time]
    ['on site and done in time', '11:00', '12:30', 1, 1],
    ['on site exactly at the arrive-by deadline (12:00)', '12:00', '13:00', 1, 1],
    ['late on site, done in time', '12:01', '17:00', 0, 1],
    ['late on site and done after complete-by (18:00)', '12:30', '18:01', 0, 0],
  ])('%s', (_what, arrived, completed, arrivedOnTime, completedOnTime) => {
    const s = dailyStats([done({ arrivedAt: at(arrived), completedAt: at(completed) })], DAY, NOW);
    expect(s.arrivedOnTime).toBe(arrivedOnTime);
    expect(s.completedOnTime).toBe(completedOnTime);
    expect(s.technicians['tech-2']).toMatchObject({ completed: 1, onTime: completedOnTime, workMinutes: 60 });
  });

  it('response is report → first acceptance; arrival and completion count from the report', () => {
    const s = dailyStats([done()], DAY, NOW);
    expect(s.response).toEqual({ count: 1, sum: 20, hist: { '20': 1 } });
    expect(s.arrival).toEqual({ count: 1, sum: 60, hist: { '60': 1 } });
    expect(s.completion).toEqual({ count: 1, sum: 150, hist: { '150': 1 } });
  });

  it('a grab or the desk taking a matter is a response too; a later accept after a transfer is not', () => {
    const grabbed = order([['create', at('10:00'), 'pending'], ['grab', at('10:07'), 'accepted']]);
    const handled = order([['create', at('11:00'), 'pending'], ['handle', at('11:03'), 'accepted']]);
    const transferred = order([
      ['create', at('12:00'), 'pending'],
      ['assign', at('12:01'), 'assigned'],
      ['accept', at('12:10'), 'accepted'],
      ['transfer', at('13:00'), 'assigned'],
      ['accept', at('13:30'), 'accepted'],
    ]);
    expect(dailyStats([grabbed, handled, transferred], DAY, NOW).response).toEqual({ count: 3, sum: 7 + 3 + 10, hist: { '3': 1, '7': 1, '10': 1 } });
  });

  it('facts on other days are left out: done the next day counts then, not on the day it was reported', () => {
    const o = done({ arrivedAt: at('09:00', '2026-12-02'), completedAt: at('10:00', '2026-12-02') });
    const first = dailyStats([o], DAY, NOW);
    expect(first).toMatchObject({ created: { total: 1 }, completed: { total: 0 }, arrival: { count: 0 } });
    const next = dailyStats([o], { ...DAY, date: '2026-12-02' }, NOW);
    expect(next).toMatchObject({ created: { total: 0 }, completed: { total: 1 }, arrival: { count: 1, sum: 23 * 60 } });
  });

  it('orders of another property are not counted', () => {
    expect(dailyStats([done({ propertyId: 'other' })], DAY, NOW).created.total).toBe(0);
  });

  it('any superset of the day’s orders gives the same facts', () => {
    const day = [done(), order([['create', at('15:00'), 'pending']])];
    const before = order([['create', at('10:00', '2026-11-29'), 'pending'], ['assign', at('10:05', '2026-11-29'), 'assigned']]);
    const after = order([['create', at('10:00', '2026-12-02'), 'pending']]);
    expect(dailyStats([before, ...day, after], DAY, NOW)).toEqual(dailyStats(day, DAY, NOW));
  });
});

describe('ratings, reopens and earlier visits', () => {
  it('a rating counts on its own day for the technician of the visit rated', () => {
    const rated = done({ status: 'closed', rating: { score: 2, at: at('09:00', '2026-12-02') } }, [['rate', at('09:00', '2026-12-02'), 'closed']]);
    expect(dailyStats([rated], DAY, NOW).ratings).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });
    const next = dailyStats([rated], { ...DAY, date: '2026-12-02' }, NOW);
    expect(next.ratings).toEqual({ '1': 0, '2': 1, '3': 0, '4': 0, '5': 0 });
    expect(next.technicians['tech-2']).toEqual({ name: '赵强', completed: 0, workMinutes: 0, onTime: 0, ratingSum: 2, ratingCount: 1 });
  });

  it('a reopened order: the first visit keeps its completion and rating, the reopen counts, the second visit counts from the reopen', () => {
    const first = { assignee: TECH, completion: { workMinutes: 60, arrivedAt: at('11:00') }, completedAt: at('12:30'), rating: { score: 1 as const, at: at('13:00') }, closedAt: at('13:00'), reopenedAt: at('14:00') };
    const o = order(
      [
        ['create', at('10:00'), 'pending'],
        ['assign', at('10:05'), 'assigned'],
        ['accept', at('10:20'), 'accepted'],
        ['checkIn', at('11:00'), 'in_progress'],
        ['complete', at('12:30'), 'completed'],
        ['rate', at('13:00'), 'closed'],
        ['reopen', at('14:00'), 'assigned'],
        ['accept', at('14:05'), 'accepted'],
        ['checkIn', at('14:30'), 'in_progress'],
        ['complete', at('15:00'), 'completed'],
      ],
      {
        visits: [first],
        assignee: { openid: 'tech-1', name: '王建国', teamId: 'eng' },
        arrivedAt: at('14:30'),
        completedAt: at('15:00'),
        completion: { workMinutes: 20 },
        due: { arriveBy: at('16:00'), completeBy: at('22:00') },
        breaches: [{ deadline: 'completeBy', at: at('12:20') }],
      },
    );
    const s = dailyStats([o], DAY, NOW);
    expect(s.reopened).toBe(1);
    expect(s.completed.total).toBe(2);
    expect(s.response.count).toBe(1);
    expect(s.arrival).toEqual({ count: 2, sum: 60 + 30, hist: { '60': 1, '30': 1 } });
    expect(s.completion).toEqual({ count: 2, sum: 150 + 60, hist: { '150': 1, '60': 1 } });
    // the first visit missed complete-by (a breach recorded during it), the second kept it
    expect(s.completedOnTime).toBe(1);
    expect(s.ratings['1']).toBe(1);
    expect(s.technicians).toEqual({
      'tech-2': { name: '赵强', completed: 1, workMinutes: 60, onTime: 0, ratingSum: 1, ratingCount: 1 },
      'tech-1': { name: '王建国', completed: 1, workMinutes: 20, onTime: 1, ratingSum: 0, ratingCount: 0 },
    });
    // created, and now completed again
    expect(s.statusFlow).toEqual({ '2026-12-01': { completed: 1 } });
  });
});

describe('revisit calls owed and made within 24 hours', () => {
  const revisitAt = (date: string, hhmm: string) => ({ revisits: [{ at: at(hhmm, date) }] });
  it.each([
    // [what, fields, due, done]
    ['a paid order completed, called back the next morning', { paid: true, ...revisitAt('2026-12-02', '09:00') }, 1, 1],
    ['a paid order completed, called back after 24 hours', { paid: true, ...revisitAt('2026-12-02', '12:31') }, 1, 0],
    ['a paid order nobody called', { paid: true }, 1, 0],
    ['a free order rated 2, called', { status: 'closed' as const, rating: { score: 2 as const, at: at('13:00') }, ...revisitAt('2026-12-01', '16:00') }, 1, 1],
    ['a free order rated 5', { status: 'closed' as const, rating: { score: 5 as const, at: at('13:00') } }, 0, 0],
    ['a free order closed unrated', { status: 'closed' as const, closedAt: at('20:00') }, 1, 0],
    ['a free order only completed', {}, 0, 0],
  ])('%s', (_what, fields, due, doneCount) => {
    expect(dailyStats([done(fields)], DAY, NOW).revisits).toEqual({ due, done: doneCount });
  });

  it('a verbal matter closed as it is recorded owes no call', () => {
    const verbal = order([['create', at('10:00'), 'pending'], ['handle', at('10:05'), 'closed']], { handling: 'verbal', completedAt: at('10:05'), closedAt: at('10:05') });
    expect(dailyStats([verbal], DAY, NOW).revisits).toEqual({ due: 0, done: 0 });
  });
});

describe('money collected', () => {
  it.each([
    ['paid after service, on the day of the payment', { paid: true, fee: { paid: true, paidAmount: 7500 } }, [['pay', at('13:00'), 'completed']] as Step[], 7500],
    ['unpaid', { paid: true, fee: { paid: false } }, [], 0],
    ['paid on order, then the bill, less the part given back', { paid: true, prepay: { amount: 5000, paid: true, paidAt: at('10:01') }, fee: { paid: true, paidAmount: 0, refunded: { amount: 2000, refundId: 'r', at: at('13:00') } } }, [], 3000],
    ['the payment landed the next day', { paid: true, fee: { paid: true, paidAmount: 7500 } }, [['pay', at('00:10', '2026-12-02'), 'completed']] as Step[], 0],
  ])('%s', (_what, fields, steps, fen) => {
    const s = dailyStats([done(fields as Partial<StatsOrder>, steps)], DAY, NOW);
    expect(s.fees.collectedFen).toBe(fen);
    expect(s.fees.byCategory).toEqual(fen ? { leak: fen } : {});
  });

  it('a revoke gives back what was paid on order, on the day of the revoke', () => {
    const o = order(
      [['create', at('10:00'), 'pending'], ['pay', at('10:02'), 'pending'], ['revoke', at('09:00', '2026-12-02'), 'cancelled']],
      { paid: true, prepay: { amount: 5000, paid: true, paidAt: at('10:02') }, cancelledAt: at('09:00', '2026-12-02') },
    );
    expect(dailyStats([o], DAY, NOW).fees.collectedFen).toBe(5000);
    const next = dailyStats([o], { ...DAY, date: '2026-12-02' }, NOW);
    expect(next).toMatchObject({ cancelled: 1, fees: { collectedFen: -5000 } });
  });
});

describe('status flow: the statuses of the orders reported on a day, as days go by', () => {
  it.each([
    ['reported and assigned the same day: +1 assigned', [['create', at('10:00'), 'pending'], ['assign', at('10:05'), 'assigned']] as Step[], { '2026-12-01': { assigned: 1 } }],
    ['reported the day before, assigned today: out of pending, into assigned', [['create', at('10:00', '2026-11-30'), 'pending'], ['assign', at('10:05'), 'assigned']] as Step[], { '2026-11-30': { pending: -1, assigned: 1 } }],
    ['moved today and back: nothing', [['create', at('10:00', '2026-11-30'), 'pending'], ['assign', at('10:05'), 'assigned'], ['reject', at('11:00'), 'pending']] as Step[], {}],
    ['nothing today: nothing', [['create', at('10:00', '2026-11-30'), 'pending'], ['assign', at('10:05', '2026-11-30'), 'assigned']] as Step[], {}],
    ['reported the next day: nothing', [['create', at('10:00', '2026-12-02'), 'pending']] as Step[], {}],
  ])('%s', (_what, steps, flow) => {
    expect(dailyStats([order(steps)], DAY, NOW).statusFlow).toEqual(flow);
  });

  it('a timeline cut to its last entries still knows the status it started from', () => {
    const o = order([['create', at('10:00', '2026-11-20'), 'pending'], ['assign', at('10:00', '2026-11-30'), 'assigned'], ['accept', at('10:00'), 'accepted']]);
    o.timeline = o.timeline.slice(1);
    expect(statusBefore(o, Date.parse(at('09:00', '2026-11-25')))).toBe('pending');
    expect(statusBefore(o, Date.parse(at('09:00', '2026-11-19')))).toBeUndefined();
  });
});
