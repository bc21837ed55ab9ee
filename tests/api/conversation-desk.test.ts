/**
 * The conversation on an order, the reporter's 催单, and the service center's daily lists: revisit
 * calls owed and unfinished orders for the morning meeting (issue 9). Clock fixed, nothing real-time.
 */
import { callFunction } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, OTHER_RESIDENT, REPORTER, advanceMinutes, createOrder, driveTo, err, fileOf, ok, resetDemo, setTime, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

const MONDAY = '2026-12-07T10:00:00+08:00';
beforeEach(() => resetDemo(url, MONDAY));

const inboxEvents = async (openid: string) => (await ok(url, openid, 'inbox.list', {})).items.map((i) => [i.event, i.text]);

describe('the conversation on an order', () => {
  it('the reporter and the technician exchange messages; each side is told; strangers see nothing', async () => {
    const o = await driveTo(url, 'accepted');
    const m1 = await ok(url, REPORTER, 'order.message', { orderId: o.id, text: '师傅，下午两点后家里有人' });
    expect(m1).toMatchObject({ orderId: o.id, text: '师傅，下午两点后家里有人', by: { openid: REPORTER, name: '张伟' } });
    expect(await inboxEvents(ASSIGNEE)).toContainEqual(['order.message', '师傅，下午两点后家里有人']);
    await advanceMinutes(url, 1);
    await ok(url, ASSIGNEE, 'order.message', { orderId: o.id, text: '好的，两点半到', photos: [fileOf(ASSIGNEE, 'msg/1.jpg')] });
    expect(await inboxEvents(REPORTER)).toContainEqual(['order.message', '好的，两点半到']);
    const thread = await ok(url, DISPATCHER, 'order.messages', { orderId: o.id });
    expect(thread.items.map((m) => m.text)).toEqual(['好的，两点半到', '师傅，下午两点后家里有人']);
    expect((await err(url, OTHER_RESIDENT, 'order.messages', { orderId: o.id })).code).toBe('FORBIDDEN');
    expect((await err(url, OTHER_RESIDENT, 'order.message', { orderId: o.id, text: '我也说一句' })).code).toBe('FORBIDDEN');
    // the order itself did not move
    expect((await ok(url, DISPATCHER, 'order.get', { orderId: o.id })).version).toBe(o.version);
  });

  it('a message while nobody has the order goes to the service center', async () => {
    const o = await createOrder(url);
    await ok(url, REPORTER, 'order.message', { orderId: o.id, text: '有人在吗？' });
    expect((await ok(url, DISPATCHER, 'inbox.list', {})).items.map((i) => [i.event, i.openid])).toEqual([['order.message', 'desk:demo']]);
  });

  it('an ended order’s conversation stays readable; a new message there is refused and tells nobody', async () => {
    for (const status of ['closed', 'cancelled'] as const) {
      const o = await driveTo(url, 'accepted');
      await ok(url, REPORTER, 'order.message', { orderId: o.id, text: '谢谢师傅' });
      if (status === 'closed') {
        await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
        await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '已修好', workMinutes: 20 });
        await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 5 });
      } else {
        await ok(url, DISPATCHER, 'order.revoke', { orderId: o.id, reason: '重复报修' });
      }
      const inboxBefore = await inboxEvents(ASSIGNEE);
      expect(await err(url, REPORTER, 'order.message', { orderId: o.id, text: '还有个问题' })).toMatchObject({ code: 'CONFLICT', message: '工单已结束，如有新问题请重新报修' });
      expect(await err(url, ASSIGNEE, 'order.message', { orderId: o.id, text: '好的' })).toMatchObject({ code: 'CONFLICT' });
      expect((await ok(url, REPORTER, 'order.messages', { orderId: o.id })).items.map((m) => m.text)).toEqual(['谢谢师傅']);
      expect(await inboxEvents(ASSIGNEE)).toEqual(inboxBefore);
    }
  });

  it('refuses an empty or long message, naming the field', async () => {
    const o = await createOrder(url);
    for (const [text, field] of [['  ', 'payload.text'], ['长'.repeat(301), 'payload.text']] as const) {
      const res = await callFunction(url, 'api', REPORTER, { action: 'order.message', payload: { orderId: o.id, text } });
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { [field]: expect.any(String) } } });
    }
    expect((await ok(url, REPORTER, 'order.messages', { orderId: o.id })).items).toEqual([]);
  });
});

describe('催单', () => {
  it('only once the order is overdue, at most once an hour; the technician and the desk hear it; counted on the order', async () => {
    const o = await driveTo(url, 'accepted');
    expect(await err(url, REPORTER, 'order.nudge', { orderId: o.id })).toMatchObject({ code: 'CONFLICT' });
    await setTime(url, new Date(Date.parse(o.due.arriveBy) + 60_000).toISOString());
    const nudged = await ok(url, REPORTER, 'order.nudge', { orderId: o.id });
    expect(nudged.nudges).toMatchObject({ count: 1 });
    expect(nudged.status).toBe('accepted');
    expect((await inboxEvents(ASSIGNEE)).map(([e]) => e)).toContain('order.nudged');
    expect((await ok(url, DISPATCHER, 'inbox.list', {})).items.map((i) => i.event)).toContain('order.nudged');
    await advanceMinutes(url, 30);
    expect(await err(url, REPORTER, 'order.nudge', { orderId: o.id })).toMatchObject({ code: 'RATE_LIMITED' });
    await advanceMinutes(url, 31);
    expect((await ok(url, REPORTER, 'order.nudge', { orderId: o.id })).nudges).toMatchObject({ count: 2 });
    expect((await err(url, ASSIGNEE, 'order.nudge', { orderId: o.id })).code).toBe('FORBIDDEN');
  });
});

describe('the service center’s lists', () => {
  it('revisit calls: every paid order, a free one rated ≤ 3, and a free one closed unrated; a revisit takes it off', async () => {
    const paid = await driveTo(url, 'completed', { categoryId: 'demo-appliance-ac', description: '空调不制冷' });
    const low = await driveTo(url, 'completed');
    await ok(url, REPORTER, 'order.rate', { orderId: low.id, score: 2 });
    const happy = await driveTo(url, 'closed');
    const unrated = await driveTo(url, 'completed');
    await setTime(url, new Date(Date.parse(MONDAY) + 8 * 24 * 3_600_000).toISOString());
    await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
    const tasks = await ok(url, DISPATCHER, 'revisit.tasks', { propertyId: 'demo' });
    const reasons = Object.fromEntries(tasks.items.map((t) => [t.orderId, t.reason]));
    expect(reasons).toEqual({ [paid.id]: 'paid', [low.id]: 'low_rating', [unrated.id]: 'unrated' });
    expect(reasons[happy.id]).toBeUndefined();
    await ok(url, DISPATCHER, 'order.revisit', { orderId: low.id, result: 'satisfied', note: '已复查' });
    expect((await ok(url, DISPATCHER, 'revisit.tasks', { propertyId: 'demo' })).items.map((t) => t.orderId)).not.toContain(low.id);
    expect((await err(url, ASSIGNEE, 'revisit.tasks', { propertyId: 'demo' })).code).toBe('FORBIDDEN');
  });

  it('the morning list: open orders of the day, oldest first, with age, owner and missed deadlines', async () => {
    const waiting = await createOrder(url, { description: '卫生间漏水' });
    await advanceMinutes(url, 10);
    const working = await driveTo(url, 'in_progress');
    await driveTo(url, 'closed');
    await setTime(url, '2026-12-08T08:30:00+08:00');
    const rows = await ok(url, DISPATCHER, 'report.unfinished', { propertyId: 'demo', date: '2026-12-07' });
    expect(rows.map((r) => r.orderId)).toEqual([waiting.id, working.id]);
    expect(rows[0]).toMatchObject({ status: 'pending', owner: { kind: 'team', id: 'demo-team-eng' }, missed: ['acceptBy', 'arriveBy', 'completeBy'] });
    expect(rows[1]).toMatchObject({ status: 'in_progress', owner: { kind: 'person', id: ASSIGNEE, name: '赵强' }, missed: ['completeBy'] });
    expect(rows[0].ageMinutes).toBe(14 * 60 - 1);
    expect((await err(url, REPORTER, 'report.unfinished', { propertyId: 'demo', date: '2026-12-07' })).code).toBe('FORBIDDEN');
  });
});
