/**
 * The pure rules of notifications: keyword values cut to WeChat's limits, what an errcode means,
 * and when a deadline warns and escalates.
 */
import { keywordValue } from '../../cloudfunctions/core/notify/keywords';
import { outcomeOf, MAX_ATTEMPTS } from '../../cloudfunctions/core/notify/outcome';
import { outboxEntries, withOutbox } from '../../cloudfunctions/core/notify/outbox';
import { activeDeadline, dueNotices, nextSlaCheck } from '../../cloudfunctions/core/order/sla-watch';
import { coordinationReason, factsOf, messageText } from '../../cloudfunctions/core/notify/messages';
import type { WorkingTime } from '../../cloudfunctions/core/time/working-time';
import type { Order } from '../../typings/domain';

const TZ = 'Asia/Shanghai';

describe('keyword values', () => {
  it.each([
    ['thing1', '厨房水槽下水管接头漏水地面有积水需要尽快处理', '厨房水槽下水管接头漏水地面有积水需要尽…'],
    ['thing2', '水管漏水', '水管漏水'],
    ['character_string1', '2026120700001', '2026120700001'],
    ['character_string1', '单号2026120700001', '2026120700001'],
    ['phrase5', '紧急!!', '紧急'],
    ['phrase3', '待评价并关闭的工单', '待评价并…'],
    ['time4', '2026-12-07T02:30:00.000Z', '2026年12月07日 10:30'],
    ['number2', '共 3 单', '3'],
  ])('%s ← %s', (keyword, value, expected) => {
    expect(keywordValue(keyword, value, TZ)).toBe(expected);
  });

  it('a thing never exceeds 20 characters, Chinese or not', () => {
    expect([...keywordValue('thing9', '一'.repeat(50), TZ)]).toHaveLength(20);
  });
});

describe('what a send’s errcode means', () => {
  it.each([
    [0, 1, { kind: 'sent' }],
    [43101, 1, { kind: 'used_up' }],
    [45009, 1, { kind: 'retry', retryInMinutes: 1 }],
    [45009, 3, { kind: 'retry', retryInMinutes: 4 }],
    [-1, 2, { kind: 'retry', retryInMinutes: 2 }],
    [45009, MAX_ATTEMPTS, { kind: 'failed' }],
    [40037, 1, { kind: 'failed' }],
    [47003, 1, { kind: 'failed' }],
  ])('%i on attempt %i', (errcode, attempts, outcome) => {
    expect(outcomeOf(errcode, attempts)).toEqual(outcome);
  });
});

describe('outbox entries', () => {
  const now = new Date('2026-12-07T02:00:00.000Z');
  it('one per person and event, none to nobody, each held for a lease', () => {
    const entries = outboxEntries('o1', 3, [
      { event: 'order.revoked', touser: 'resident' },
      { event: 'order.revoked', touser: undefined },
      { event: 'order.revoked', touser: 'resident' },
      { event: 'order.revoked', touser: 'tech' },
    ], now);
    expect(entries.map((e) => [e.id, e.touser, e.leaseUntil])).toEqual([
      ['o1-3-0', 'resident', '2026-12-07T02:01:00.000Z'],
      ['o1-3-3', 'tech', '2026-12-07T02:01:00.000Z'],
    ]);
    expect(withOutbox({ outboxDueAt: '2026-12-07T01:59:00.000Z' }, entries)).toEqual({ outboxDueAt: '2026-12-07T01:59:00.000Z' });
    expect(withOutbox({}, [])).toEqual({});
  });
});

describe('deadlines', () => {
  const due = { acceptBy: '2026-12-07T02:30:00.000Z', arriveBy: '2026-12-07T04:00:00.000Z', completeBy: '2026-12-07T10:00:00.000Z' };
  const at = (iso: string) => new Date(iso);

  it('each status works towards one deadline', () => {
    expect(['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'].map((s) => activeDeadline(s as never))).toEqual([
      'acceptBy', 'acceptBy', 'arriveBy', 'completeBy', 'completeBy', undefined, undefined, undefined,
    ]);
  });

  it('warns at the deadline, not a minute before; escalates 30 minutes after; once each per due time', () => {
    const order = { status: 'accepted' as const, due };
    expect(dueNotices(order, at('2026-12-07T03:59:00.000Z'))).toEqual([]);
    expect(dueNotices(order, at('2026-12-07T04:00:00.000Z')).map((n) => n.kind)).toEqual(['warn']);
    expect(dueNotices(order, at('2026-12-07T04:30:00.000Z')).map((n) => n.kind)).toEqual(['warn', 'escalate']);
    const warned = { ...order, slaNotices: { 'arriveBy:warn': due.arriveBy } };
    expect(dueNotices(warned, at('2026-12-07T04:10:00.000Z'))).toEqual([]);
    expect(nextSlaCheck(warned)).toBe('2026-12-07T04:30:00.000Z');
    // a new due time (a reassignment) warns again
    expect(dueNotices({ ...warned, due: { ...due, arriveBy: '2026-12-07T05:00:00.000Z' } }, at('2026-12-07T05:00:00.000Z')).map((n) => n.kind)).toEqual(['warn']);
    expect(nextSlaCheck({ status: 'completed', due })).toBeUndefined();
  });
});

describe('a coordination order’s rules (协调单)', () => {
  const due = { acceptBy: '2026-12-07T02:30:00.000Z', arriveBy: '2026-12-07T04:00:00.000Z', completeBy: '2026-12-10T02:00:00.000Z' };
  const taken = '2026-12-07T02:00:00.000Z';
  // taken Monday 10:00 in Shanghai: the visit (due 14:15 in the default 09:00–17:30) was told already
  const visitTold = { 'visit:warn': '2026-12-07T06:15:00.000Z' };
  const base = { status: 'in_progress' as const, due, handling: 'coordination' as const, acceptedAt: taken, slaNotices: visitTold };
  const at = (iso: string) => new Date(iso);
  const kinds = (o: Parameters<typeof dueNotices>[0], now: string) => dueNotices(o, at(now)).map((n) => n.deadline);

  it('the owner hears back within 24 hours; a report to them settles it', () => {
    expect(kinds({ ...base, followUps: [] }, '2026-12-08T01:59:00.000Z')).toEqual([]);
    expect(kinds({ ...base, followUps: [] }, '2026-12-08T02:00:00.000Z')).toEqual(['reply']);
    expect(kinds({ ...base, followUps: [{ at: '2026-12-07T08:00:00.000Z', failed: false, toReporter: true }] }, '2026-12-08T02:00:00.000Z')).toEqual([]);
  });

  it('a follow-up every 3 days and a report to the owner every 5, from the last of each', () => {
    const reported = { ...base, followUps: [{ at: '2026-12-07T08:00:00.000Z', failed: false, toReporter: true }] };
    expect(nextSlaCheck(reported)).toBe('2026-12-10T08:00:00.000Z');
    expect(kinds(reported, '2026-12-10T08:00:00.000Z')).toEqual(['followUp']);
    expect(kinds({ ...reported, slaNotices: { ...visitTold, 'followUp:warn': '2026-12-10T08:00:00.000Z' } }, '2026-12-12T08:00:00.000Z')).toEqual(['report']);
  });

  it('two failed coordinations within a week call for a joint visit, at once, once', () => {
    const failed = [{ at: '2026-12-08T02:00:00.000Z', failed: true, toReporter: true }, { at: '2026-12-12T02:00:00.000Z', failed: true }];
    expect(kinds({ ...base, followUps: failed }, '2026-12-12T02:00:00.000Z')).toEqual(['jointVisit']);
    expect(kinds({ ...base, followUps: failed, slaNotices: { ...visitTold, 'jointVisit:escalate': '2026-12-12T02:00:00.000Z' } }, '2026-12-12T02:00:00.000Z')).toEqual([]);
    const apart = [{ at: '2026-12-08T02:00:00.000Z', failed: true, toReporter: true }, { at: '2026-12-16T02:00:00.000Z', failed: true }];
    expect(kinds({ ...base, followUps: apart }, '2026-12-16T02:00:00.000Z')).not.toContain('jointVisit');
  });
});

describe('a coordination order is visited within half a working day (协调单: 0.5个工作日内上门查看)', () => {
  const due = { acceptBy: '2026-12-07T08:30:00.000Z', arriveBy: '2026-12-07T09:00:00.000Z', completeBy: '2026-12-10T08:30:00.000Z' };
  const hours: WorkingTime = { timezone: 'Asia/Shanghai', businessHours: { start: '08:30', end: '17:30' } };
  // taken Monday 16:30 in Shanghai: one working hour that day, three and a half the next morning
  const order = { status: 'in_progress' as const, due, handling: 'coordination' as const, acceptedAt: '2026-12-07T08:30:00.000Z', followUps: [] };
  const VISIT_DUE = '2026-12-08T04:00:00.000Z'; // Tuesday 12:00
  const rules = (o: Parameters<typeof dueNotices>[0], now: string) => dueNotices(o, new Date(now), { workingTime: hours }).map((n) => n.deadline);

  it('the desk hears at the deadline counted in the property’s hours, not a minute before, once', () => {
    expect(nextSlaCheck(order, { workingTime: hours })).toBe(VISIT_DUE);
    expect(rules(order, '2026-12-08T03:59:00.000Z')).toEqual([]);
    expect(dueNotices(order, new Date(VISIT_DUE), { workingTime: hours })).toEqual([{ deadline: 'visit', kind: 'warn', due: VISIT_DUE, at: VISIT_DUE }]);
    const told = { ...order, slaNotices: { 'visit:warn': VISIT_DUE } };
    expect(rules(told, '2026-12-08T04:01:00.000Z')).toEqual([]);
    // next: the reply to the owner, 24 hours after taking it
    expect(nextSlaCheck(told, { workingTime: hours })).toBe('2026-12-08T08:30:00.000Z');
  });

  it('the first follow-up that was a visit meets it, even a late one; a call does not', () => {
    const called = { ...order, followUps: [{ at: '2026-12-07T09:00:00.000Z', failed: false }] };
    expect(rules(called, VISIT_DUE)).toEqual(['visit']);
    const visited = { ...order, followUps: [{ at: '2026-12-08T03:00:00.000Z', failed: false, visited: true }] };
    expect(rules(visited, VISIT_DUE)).toEqual([]);
    expect(nextSlaCheck(visited, { workingTime: hours })).toBe('2026-12-08T08:30:00.000Z');
    const late = { ...order, followUps: [{ at: '2026-12-08T06:00:00.000Z', failed: false, visited: true }] };
    expect(rules(late, '2026-12-08T06:00:00.000Z')).toEqual([]);
  });

  it('without the property’s settings it counts in the default hours (09:00–17:30 Shanghai): Tuesday 12:15', () => {
    expect(nextSlaCheck(order)).toBe('2026-12-08T04:15:00.000Z');
  });

  it('a repair order has no visit rule', () => {
    expect(dueNotices({ ...order, handling: undefined }, new Date(VISIT_DUE), { workingTime: hours })).toEqual([]);
  });

  it('the notice tells the desk the visit is late; the other rules keep their wording', () => {
    const facts = factsOf({ orderNo: '2026120700001', categoryName: '投诉', location: { kind: 'public', text: '1栋' }, due, status: 'in_progress', reporter: { name: '张伟' } } as unknown as Order, new Date(VISIT_DUE));
    const text = (reason: string) => messageText('order.coordinationDue', { ...facts, reason }, TZ).text;
    expect(text(coordinationReason(['visit']))).toBe('协调单 2026120700001（投诉（1栋））上门查看已超时（应在受理后半个工作日内上门），请及时处理。');
    expect(text(coordinationReason(['reply']))).toBe('协调单 2026120700001（投诉（1栋））到了跟进或回复业主的时间，请及时处理。');
    expect(text(coordinationReason(['visit', 'followUp']))).toContain('上门查看已超时（应在受理后半个工作日内上门）；到了跟进或回复业主的时间');
  });
});
