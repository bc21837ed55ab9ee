/**
 * What a step leaves for the scheduler (core/order/schedule-fields.ts): revisit calls owed and
 * auto-close, table-driven over paid/free × rating (none, 1–5), as seed 004 asks.
 */
import { scheduleFields } from '../../cloudfunctions/core/order/schedule-fields';
import type { Order, OrderStatus, Rating } from '../../typings/domain';

const NOW = new Date('2026-12-07T02:00:00.000Z');
const IN_24H = '2026-12-08T02:00:00.000Z';
const due = { acceptBy: '2026-12-07T02:30:00.000Z', arriveBy: '2026-12-07T04:00:00.000Z', completeBy: '2026-12-07T10:00:00.000Z' };

function order(status: OrderStatus, paid: boolean, score?: number): Order {
  return {
    status,
    paid,
    due,
    completedAt: '2026-12-07T01:00:00.000Z',
    ...(score ? { rating: { score: score as Rating['score'], at: NOW.toISOString() } } : {}),
  } as unknown as Order;
}

describe('revisit calls owed (回访)', () => {
  const scores = [undefined, 1, 2, 3, 4, 5];
  it.each(scores.flatMap((score) => [true, false].map((paid) => [paid, score] as const)))('paid %s, rated %s', (paid, score) => {
    // completion: every paid order is due a call within 24 h
    const completed = scheduleFields('complete', order('completed', paid), {}, undefined, NOW);
    expect(completed.revisitDueAt).toBe(paid ? IN_24H : undefined);
    // the reporter's rating: a free order rated below satisfied is due a call
    const rated = score ? scheduleFields('rate', order('closed', paid, score), completed, undefined, NOW) : completed;
    const lowFree = !paid && score !== undefined && score <= 3;
    expect(rated.revisitDueAt).toBe(paid || lowFree ? IN_24H : undefined);
    // closing: a free order nobody rated is due a call too
    const closed = scheduleFields('close', order('closed', paid, score), rated, undefined, NOW);
    const owed = paid || lowFree || (!paid && score === undefined);
    expect(closed.revisitDueAt).toBe(owed ? IN_24H : undefined);
    expect(closed.revisitReason).toBe(paid ? 'paid' : lowFree ? 'low_rating' : owed ? 'unrated' : undefined);
    // the call itself settles it
    expect(scheduleFields('revisit', order('closed', paid, score), closed, undefined, NOW).revisitDueAt).toBeUndefined();
  });
});

describe('auto-close', () => {
  it('a completed order closes itself the property’s days after completion; nothing else does', () => {
    expect(scheduleFields('complete', order('completed', false), {}, { autoCloseDays: 7 }, NOW).autoCloseAt).toBe('2026-12-14T01:00:00.000Z');
    expect(scheduleFields('complete', order('completed', false), {}, { autoCloseDays: 3 }, NOW).autoCloseAt).toBe('2026-12-10T01:00:00.000Z');
    expect(scheduleFields('rate', order('closed', false, 5), {}, { autoCloseDays: 7 }, NOW).autoCloseAt).toBeUndefined();
  });

  it('an open order is watched for its deadline; a finished one is not', () => {
    expect(scheduleFields('accept', order('accepted', false), {}, undefined, NOW).slaCheckAt).toBe(due.arriveBy);
    expect(scheduleFields('rate', order('closed', false, 5), {}, undefined, NOW).slaCheckAt).toBeUndefined();
  });
});

describe('a coordination order’s next check', () => {
  it('is its visit deadline, counted in the property’s business hours and time zone', () => {
    const coordination = { ...order('in_progress', false), handling: 'coordination', acceptedAt: '2026-12-07T08:30:00.000Z', followUps: [] } as unknown as Order;
    const shanghai = { autoCloseDays: 7, timezone: 'Asia/Shanghai', businessHours: { start: '08:30', end: '17:30' } };
    // Monday 16:30 there: Tuesday 12:00
    expect(scheduleFields('handle', coordination, {}, shanghai, NOW).slaCheckAt).toBe('2026-12-08T04:00:00.000Z');
    // the same instant is 03:30 in New York, before its 09:00–17:00 day: 13:00 there
    const newYork = { autoCloseDays: 7, timezone: 'America/New_York', businessHours: { start: '09:00', end: '17:00' } };
    expect(scheduleFields('handle', coordination, {}, newYork, NOW).slaCheckAt).toBe('2026-12-07T18:00:00.000Z');
    // once visited, the next is the reply to the owner within 24 hours
    const visited = { ...coordination, followUps: [{ at: '2026-12-08T01:00:00.000Z', by: 'demo-dispatcher', note: '师傅已上门查看', failed: false, visited: true }] } as Order;
    expect(scheduleFields('followUp', visited, {}, shanghai, NOW).slaCheckAt).toBe('2026-12-08T08:30:00.000Z');
  });
});

