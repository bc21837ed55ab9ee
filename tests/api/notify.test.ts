/**
 * Notifications as people receive them (issue 9): subscription messages with a grant, the message
 * center always, SMS for an urgent order without a grant, WeChat's errcodes, retries and leftovers
 * finished by the scheduler, exactly once. The clock moves through /_local/time; the scheduler runs
 * through /_local/triggers/scheduler; no real waiting.
 */
import { callFunction, initSdk, localGet, localPost } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, LEADER, REPORTER, advanceMinutes, createOrder, driveTo, ok, resetDemo, setTime, useDemoCloud } from '../support/orders';
import type { InboxItem } from '../../typings/notify';

let url: string;
useDemoCloud((started) => (url = started));

const MONDAY = '2026-12-07T10:00:00+08:00';
beforeEach(() => resetDemo(url, MONDAY));

const T_ASSIGNED = 'tmpl-order-assigned-example-0001';
const T_ACCEPTED = 'tmpl-order-accepted-example-0002';

interface SentMessage {
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
}

const messages = (touser: string) => localGet<SentMessage[]>(url, `messages?touser=${touser}`);
const sms = (phone: string) => localGet<{ phone?: string; phoneNumber?: string; content: string }[]>(url, `messages?kind=sms&phone=${encodeURIComponent(phone)}`);
const inbox = async (openid: string): Promise<InboxItem[]> => (await ok(url, openid, 'inbox.list', {})).items;
const grant = (openid: string, ...templateIds: string[]) => ok(url, openid, 'notify.granted', { templateIds });
/** The person taps “allow” in wx.requestSubscribeMessage: WeChat records it, and the mini-program tells the server. */
const allow = async (openid: string, ...templateIds: string[]) => {
  await localPost(url, 'subscribe', { openid, templateIds });
  return grant(openid, ...templateIds);
};
const fault = (spec: unknown) => localPost(url, 'faults', spec);
const runScheduler = async (): Promise<{ body: Record<string, unknown>; dbRequests: number }> => {
  const res = await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
  const body = (await res.json()) as Record<string, unknown>;
  const stats = await localGet<{ invocations: { functionName: string; dbRequests: number }[] }>(url, 'stats');
  const last = stats.invocations.filter((i) => i.functionName === 'scheduler').pop();
  return { body, dbRequests: last?.dbRequests ?? -1 };
};

describe('a step tells the person whose turn it is', () => {
  it('the assigned technician with a grant gets the subscription message at once, with the order’s page; the message center has it too', async () => {
    await allow(ASSIGNEE, T_ASSIGNED);
    const o = await createOrder(url, { description: '厨房水槽下水管漏水', location: { kind: 'unit', text: '厨房' } });
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
    const sent = await messages(ASSIGNEE);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: T_ASSIGNED, page: `pages/technician/work/index?id=${o.id}` });
    expect(sent[0].data).toMatchObject({ character_string1: { value: o.orderNo }, thing2: { value: '水管漏水' }, phrase5: { value: '普通' } });
    expect(sent[0].data.time4.value).toMatch(/^2026年12月07日 10:3\d$/);
    const [item] = await inbox(ASSIGNEE);
    expect(item).toMatchObject({ event: 'order.assigned', orderId: o.id, title: '新工单', read: false, delivery: { channel: 'subscribe', status: 'sent' } });
    // the one-time grant is used
    expect((await grant(ASSIGNEE, T_ASSIGNED)).counts[T_ASSIGNED]).toBe(1);
  });

  it('without a grant the message center alone tells them; no send is attempted', async () => {
    const o = await driveTo(url, 'accepted');
    expect(await messages(REPORTER)).toEqual([]);
    const items = await inbox(REPORTER);
    expect(items.map((i) => [i.event, i.delivery.channel])).toEqual([['order.accepted', 'inbox']]);
    expect(items[0].text).toContain('赵强师傅已接单');
    expect(items[0].page).toBe(`pages/resident/order/index?id=${o.id}`);
  });

  it('an urgent new order reaches a technician without a grant by SMS, once', async () => {
    const o = await createOrder(url, { urgency: 'urgent', description: '水管爆裂' });
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
    const texts = await sms('+8613900000002');
    expect(texts).toHaveLength(1);
    expect(texts[0].content).toContain(o.orderNo);
    expect((await inbox(ASSIGNEE))[0]).toMatchObject({ title: '新工单（紧急）', delivery: { channel: 'sms', status: 'sent' } });
    await runScheduler();
    expect(await sms('+8613900000002')).toHaveLength(1);
  });

  it('43101 marks the grant used up: inbox only, not retried', async () => {
    await allow(REPORTER, T_ACCEPTED, T_ACCEPTED);
    await fault({ openapi: { 'subscribeMessage.send': 43101 } });
    await driveTo(url, 'accepted');
    await fault({});
    expect((await inbox(REPORTER))[0].delivery).toMatchObject({ channel: 'inbox', status: 'inbox', lastError: { code: 43101 } });
    expect((await grant(REPORTER, T_ACCEPTED)).counts[T_ACCEPTED]).toBe(1);
    await advanceMinutes(url, 30);
    await runScheduler();
    expect(await messages(REPORTER)).toEqual([]);
  });

  it('45009 leaves it for a retry with backoff; the scheduler sends it once, at its minute', async () => {
    await allow(REPORTER, T_ACCEPTED);
    await fault({ openapi: { 'subscribeMessage.send': 45009 } });
    await driveTo(url, 'accepted');
    await fault({});
    expect((await inbox(REPORTER))[0].delivery).toMatchObject({ status: 'retry', attempts: 1, grantHeld: true });
    expect(await messages(REPORTER)).toEqual([]);
    await advanceMinutes(url, 2);
    await runScheduler();
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
    expect((await inbox(REPORTER))[0].delivery).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a scheduler worker that crashes leaves the retry for the next run, which sends it once', async () => {
    await allow(REPORTER, T_ACCEPTED);
    await fault({ openapi: { 'subscribeMessage.send': 45009 } });
    await driveTo(url, 'accepted');
    await fault({ crashNextWorker: true });
    await advanceMinutes(url, 2);
    const crashed = await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
    expect(crashed.status).toBe(500);
    expect(await messages(REPORTER)).toEqual([]);
    await runScheduler();
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
  });

  it('a failed database write after the send: the message goes once and the message center still records it', async () => {
    await allow(REPORTER, T_ACCEPTED);
    const o = await driveTo(url, 'assigned');
    // the accept's writes: the order (1), the grant claim (2), the message-center items (3, failing)
    await fault({ failWrite: { nth: 3 } });
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await fault({});
    expect(await messages(REPORTER)).toHaveLength(1);
    expect((await inbox(REPORTER)).filter((i) => i.event === 'order.accepted')).toHaveLength(1);
    await advanceMinutes(url, 5);
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
  });

  it('what an invocation that died left on the order is delivered by the scheduler after the lease, once, and leaves the order', async () => {
    await allow(REPORTER, T_ACCEPTED);
    const o = await driveTo(url, 'assigned');
    const db = initSdk(url).database();
    // as if the step's invocation died right after its write: an entry nobody delivered
    const now = new Date(Date.parse(MONDAY)).toISOString(); // its lease ran out at once
    await db.collection('orders').doc(o.id).update({
      data: { outbox: db.command.push([{ id: `${o.id}-99-0`, event: 'order.accepted', touser: REPORTER, orderId: o.id, createdAt: now, leaseUntil: now }]), outboxDueAt: now },
    });
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
    // once its new lease is over, the delivered entry leaves the order
    await advanceMinutes(url, 2);
    await runScheduler();
    expect(await messages(REPORTER)).toHaveLength(1);
    const { data } = (await db.collection('orders').doc(o.id).get()) as unknown as { data: { outbox: unknown[]; outboxDueAt?: string } };
    expect(data.outbox.filter((e) => (e as { id: string }).id === `${o.id}-99-0`)).toEqual([]);
  });
});

describe('each step sends the right template to the right person', () => {
  const T = {
    arrived: 'tmpl-order-arrived-example-0003',
    rescheduled: 'tmpl-order-rescheduled-example-04',
    completed: 'tmpl-order-completed-example-0005',
    closed: 'tmpl-order-closed-example-000006',
    review: 'tmpl-order-review-example-000007',
  };
  const everything = [T_ASSIGNED, T_ACCEPTED, T.arrived, T.rescheduled, T.completed, T.closed, T.review];
  beforeEach(async () => {
    for (const who of [REPORTER, ASSIGNEE, LEADER]) {
      await localPost(url, 'subscribe', { openid: who, templateIds: [...everything, ...everything] });
      // one-time grants: one message each (two for the closing template, which two steps use)
      await grant(who, ...everything.slice(0, 5));
      await grant(who, T.closed, T.closed, T.review, T_ASSIGNED, T_ACCEPTED);
    }
  });
  const templatesOf = async (openid: string) => (await messages(openid)).map((m) => m.templateId);

  it.each([
    ['assign → the technician', 'assigned', ASSIGNEE, [T_ASSIGNED], { character_string1: true }],
    ['accept → the reporter, with the technician and when', 'accepted', REPORTER, [T_ACCEPTED], { name3: '赵强', phone_number4: '13900000002' }],
    ['check-in → the reporter', 'in_progress', REPORTER, [T_ACCEPTED, T.arrived], { name3: '赵强' }],
    ['hold → the reporter, with the new visit', 'on_hold', REPORTER, [T_ACCEPTED, T.arrived, T.rescheduled], { thing2: '等配件到货' }],
    ['complete → the reporter, to confirm and rate', 'completed', REPORTER, [T_ACCEPTED, T.arrived, T.completed], { phrase3: '待评价' }],
  ] as const)('%s', async (_what, status, who, templates, fields) => {
    const o = await driveTo(url, status);
    expect(await templatesOf(who)).toEqual(templates);
    const last = (await messages(who)).pop();
    expect(last?.page).toContain(o.id);
    for (const [keyword, value] of Object.entries(fields)) {
      if (value === true) expect(last?.data[keyword]?.value).toBe(o.orderNo);
      else expect(last?.data[keyword]?.value).toBe(value);
    }
  });

  it('cancel → the technician; revoke → the reporter and the technician; a reassignment decided → its requester', async () => {
    const a = await driveTo(url, 'assigned');
    await ok(url, REPORTER, 'order.cancel', { orderId: a.id, reason: '已自行修好' });
    expect((await messages(ASSIGNEE)).pop()).toMatchObject({ templateId: T.closed, data: { thing3: { value: '已自行修好' } } });
    const b = await driveTo(url, 'accepted');
    await ok(url, DISPATCHER, 'order.revoke', { orderId: b.id, reason: '重复报修' });
    expect((await messages(ASSIGNEE)).pop()).toMatchObject({ templateId: T.closed });
    // the second person's message goes at the scheduler's next minute, with what the step said
    await runScheduler();
    expect((await messages(REPORTER)).pop()).toMatchObject({ templateId: T.closed, data: { thing3: { value: '重复报修' } } });
    const c = await driveTo(url, 'accepted');
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: c.id, reason: '需要两人' });
    await ok(url, DISPATCHER, 'order.decideReassign', { orderId: c.id, approve: true, technicianId: LEADER });
    expect((await messages(LEADER)).pop()).toMatchObject({ templateId: T_ASSIGNED });
    await runScheduler();
    expect((await messages(ASSIGNEE)).pop()).toMatchObject({ templateId: T.review });
  });
});

describe('a step sends one subscription message at once; the others go at the scheduler’s next minute', () => {
  const T_NUDGED = 'tmpl-order-nudged-example-000008';
  const T_CLOSED = 'tmpl-order-closed-example-000006';
  const T_REVIEW = 'tmpl-order-review-example-000007';
  /** The step as the caller sees it, with the database requests its invocation made (as orders-budget.test.ts counts them). */
  const counted = async (openid: string, action: string, payload: unknown): Promise<number> => {
    const res = await callFunction<{ ok: boolean }>(url, 'api', openid, { action, payload });
    expect(res.body.ok).toBe(true);
    return res.dbRequests;
  };
  const deliveryOf = async (openid: string, event: string) => (await inbox(openid)).find((i) => i.event === event)?.delivery;

  it('催单 with the technician and a dispatcher both holding grants: at most 2 requests more than the step’s own; the dispatcher’s message follows once', async () => {
    await allow(ASSIGNEE, T_NUDGED);
    // two grants: a second claim on them would show as one left
    await allow(DISPATCHER, T_NUDGED, T_NUDGED);
    const o = await driveTo(url, 'accepted');
    await setTime(url, new Date(Date.parse(o.due.arriveBy) + 60_000).toISOString());
    // the step's own: the order with its property, caller and grants (1), the conditional write (1)
    expect(await counted(REPORTER, 'order.nudge', { orderId: o.id })).toBeLessThanOrEqual(2 + 2);
    expect((await messages(ASSIGNEE)).map((m) => m.templateId)).toEqual([T_NUDGED]);
    expect(await messages(DISPATCHER)).toEqual([]);
    expect(await deliveryOf(DISPATCHER, 'order.nudged')).toMatchObject({ status: 'retry', grantHeld: false, attempts: 0 });

    const tick = await runScheduler();
    expect(tick.body).toMatchObject({ retried: 1 });
    const sent = await messages(DISPATCHER);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: T_NUDGED, page: `pages/technician/work/index?id=${o.id}`, data: { character_string1: { value: o.orderNo } } });
    expect(await deliveryOf(DISPATCHER, 'order.nudged')).toMatchObject({ channel: 'subscribe', status: 'sent', sentTo: [DISPATCHER] });

    await runScheduler();
    await advanceMinutes(url, 5);
    expect((await runScheduler()).body).toMatchObject({ retried: 0 });
    expect(await messages(DISPATCHER)).toHaveLength(1);
    expect(await messages(ASSIGNEE)).toHaveLength(1);
    // one claim each: the dispatcher's second grant is still there (allowing one more makes two)
    expect((await grant(DISPATCHER, T_NUDGED)).counts[T_NUDGED]).toBe(2);
    expect((await grant(ASSIGNEE, T_NUDGED)).counts[T_NUDGED]).toBe(1);
  });

  const revoke = (orderId: string) => counted(DISPATCHER, 'order.revoke', { orderId, reason: '重复报修' });
  const reassign = async (orderId: string) => {
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId, reason: '需要两人' });
    return counted(DISPATCHER, 'order.decideReassign', { orderId, approve: true, technicianId: LEADER });
  };
  it.each([
    // [what, the step, its own requests, who hears at once (and how many messages by then), who at the next minute, with which template]
    ['revoke: the technician at once, the reporter next', revoke, 2, ASSIGNEE, 2, REPORTER, T_CLOSED],
    // the new technician's ledger comes with the read of the technicians
    ['an approved reassignment: the new technician at once, the requester next', reassign, 3, LEADER, 1, ASSIGNEE, T_REVIEW],
  ] as const)('%s; at most 2 requests more than the step’s own', async (_what, act, own, first, firstCount, second, secondTemplate) => {
    await allow(ASSIGNEE, T_ASSIGNED, T_CLOSED, T_REVIEW);
    await allow(LEADER, T_ASSIGNED);
    await allow(REPORTER, T_CLOSED);
    const o = await driveTo(url, 'accepted');
    const before = (await messages(second)).length;
    expect(await act(o.id)).toBeLessThanOrEqual(own + 2);
    expect(await messages(first)).toHaveLength(firstCount);
    expect(await messages(second)).toHaveLength(before);
    await runScheduler();
    await runScheduler();
    const after = await messages(second);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1].templateId).toBe(secondTemplate);
  });

  it('a deferred message whose grant is gone by then stays in the message center only, and is not tried again', async () => {
    // one grant of the closing template: the order revoked second takes it first
    await allow(REPORTER, T_CLOSED);
    await allow(ASSIGNEE, T_CLOSED);
    const pending = await createOrder(url);
    const a = await driveTo(url, 'accepted');
    await ok(url, DISPATCHER, 'order.revoke', { orderId: a.id, reason: '重复报修' });
    const deferred = (await inbox(REPORTER)).find((i) => i.orderId === a.id && i.event === 'order.revoked');
    expect(deferred?.delivery).toMatchObject({ status: 'retry', grantHeld: false });
    // nobody else to tell: the reporter's message goes at once
    await ok(url, DISPATCHER, 'order.revoke', { orderId: pending.id, reason: '已上门处理' });
    expect((await messages(REPORTER)).map((m) => m.data.thing3.value)).toEqual(['已上门处理']);

    await runScheduler();
    const after = (await inbox(REPORTER)).find((i) => i.id === deferred?.id);
    expect(after?.delivery).toMatchObject({ channel: 'inbox', status: 'inbox' });
    await advanceMinutes(url, 30);
    expect((await runScheduler()).body).toMatchObject({ retried: 0 });
    expect(await messages(REPORTER)).toHaveLength(1);
    expect((await grant(REPORTER, T_CLOSED)).counts[T_CLOSED]).toBe(1);
  });

  it('a desk item when no dispatcher or manager holds a grant: the message center only, once the scheduler has looked', async () => {
    const o = await driveTo(url, 'assigned');
    await ok(url, ASSIGNEE, 'order.reject', { orderId: o.id, reason: '不在片区' });
    await runScheduler();
    expect(await deliveryOf(DISPATCHER, 'order.rejected')).toMatchObject({ channel: 'inbox', status: 'inbox' });
    await advanceMinutes(url, 5);
    expect((await runScheduler()).body).toMatchObject({ retried: 0 });
    expect(await messages(DISPATCHER)).toEqual([]);
  });
});

describe('the message center', () => {
  it('lists newest first with the unread count; read one or all', async () => {
    const o = await driveTo(url, 'completed');
    const page = await ok(url, REPORTER, 'inbox.list', {});
    expect(page.items.map((i) => i.event)).toEqual(['order.completed', 'order.checkedIn', 'order.accepted']);
    expect(page.unread).toBe(3);
    expect(await ok(url, REPORTER, 'inbox.read', { ids: [page.items[0].id] })).toEqual({ unread: 2 });
    expect(await ok(url, REPORTER, 'inbox.read', {})).toEqual({ unread: 0 });
    expect((await ok(url, REPORTER, 'inbox.list', {})).items.every((i) => i.read)).toBe(true);
    // nobody reads another person's items
    expect((await ok(url, 'demo-resident-2', 'inbox.list', {})).items).toEqual([]);
    expect(o.id).toBeTruthy();
  });

  it('the service center reads its desk’s items: a refused order, a reassignment request', async () => {
    const o = await driveTo(url, 'assigned');
    await ok(url, ASSIGNEE, 'order.reject', { orderId: o.id, reason: '不在片区' });
    const desk = await ok(url, DISPATCHER, 'inbox.list', {});
    expect(desk.items.map((i) => [i.event, i.openid])).toEqual([['order.rejected', 'desk:demo']]);
    expect(desk.items[0].text).toContain('请重新派单');
    expect((await ok(url, 'demo-manager', 'inbox.list', {})).unread).toBe(1);
    expect((await ok(url, LEADER, 'inbox.list', {})).items).toEqual([]);
  });

  it('a desk item also reaches each dispatcher who allowed its template, as a subscription message at the scheduler’s next minute', async () => {
    await allow(DISPATCHER, 'tmpl-order-review-example-000007');
    const o = await driveTo(url, 'assigned');
    await ok(url, ASSIGNEE, 'order.reject', { orderId: o.id, reason: '不在片区' });
    expect(await messages(DISPATCHER)).toEqual([]);
    await runScheduler();
    expect((await messages(DISPATCHER)).map((m) => m.templateId)).toEqual(['tmpl-order-review-example-000007']);
    expect(await messages('demo-manager')).toEqual([]);
    expect((await ok(url, DISPATCHER, 'inbox.list', {})).items[0].delivery).toMatchObject({ channel: 'subscribe', status: 'sent', sentTo: [DISPATCHER] });
  });

  it('notify.templates tells the mini-program which ids to ask for, and when', async () => {
    const list = await ok(url, REPORTER, 'notify.templates', {});
    expect(list).toEqual(expect.arrayContaining([
      { event: 'order.assigned', templateId: T_ASSIGNED, moment: 'after_accept' },
      { event: 'order.accepted', templateId: T_ACCEPTED, moment: 'after_report' },
    ]));
    const unknown = await callFunction<{ ok: boolean; error?: { fields?: Record<string, string> } }>(url, 'api', REPORTER, { action: 'notify.granted', payload: { templateIds: ['made-up'] } });
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.templateIds.0': expect.any(String) } } });
  });
});

describe('time rules of the scheduler', () => {
  it('with nothing due a run reads two indexed queries and changes nothing', async () => {
    const { dbRequests } = await runScheduler();
    expect(dbRequests).toBeLessThanOrEqual(3);
    const stats = await localGet<{ unindexedQueries: unknown[] }>(url, 'stats');
    expect(stats.unindexedQueries).toEqual([]);
  });

  it('warns the technician at the deadline, not a minute before, and escalates to the desk and the team leader after 30 minutes, once each', async () => {
    const o = await driveTo(url, 'accepted');
    const arriveBy = Date.parse(o.due.arriveBy);
    await setTime(url, new Date(arriveBy - 60_000).toISOString());
    await runScheduler();
    expect((await inbox(ASSIGNEE)).filter((i) => i.event === 'order.slaWarning')).toEqual([]);
    await setTime(url, new Date(arriveBy + 1_000).toISOString());
    const first = await runScheduler();
    expect(first.body).toMatchObject({ warned: [o.id], escalated: [] });
    await runScheduler();
    expect((await inbox(ASSIGNEE)).filter((i) => i.event === 'order.slaWarning')).toHaveLength(1);
    expect((await ok(url, DISPATCHER, 'order.get', { orderId: o.id })).breaches).toEqual([{ deadline: 'arriveBy', due: o.due.arriveBy, at: expect.any(String) }]);
    await setTime(url, new Date(arriveBy + 30 * 60_000 + 1_000).toISOString());
    expect((await runScheduler()).body).toMatchObject({ escalated: [o.id] });
    await runScheduler();
    expect((await ok(url, DISPATCHER, 'inbox.list', {})).items.filter((i) => i.event === 'order.slaEscalated')).toHaveLength(1);
    expect((await inbox(LEADER)).filter((i) => i.event === 'order.slaEscalated')).toHaveLength(1);
  });

  it('a completed order nobody confirms closes itself after 7 days as the system’s step, and is due a revisit', async () => {
    const o = await driveTo(url, 'completed');
    const completedAt = Date.parse(o.completedAt ?? '');
    await setTime(url, new Date(completedAt + 7 * 24 * 3_600_000 - 60_000).toISOString());
    expect((await runScheduler()).body).toMatchObject({ autoClosed: [] });
    await setTime(url, new Date(completedAt + 7 * 24 * 3_600_000 + 1_000).toISOString());
    expect((await runScheduler()).body).toMatchObject({ autoClosed: [o.id] });
    expect((await runScheduler()).body).toMatchObject({ autoClosed: [] });
    const closed = await ok(url, DISPATCHER, 'order.get', { orderId: o.id });
    expect(closed.status).toBe('closed');
    expect(closed.timeline[closed.timeline.length - 1]).toMatchObject({ step: 'close', by: { openid: 'system', role: 'system' } });
  });

  it('a coordination order: the desk is reminded to answer the owner after 24 hours, and two failed coordinations in a week call for a joint visit', async () => {
    const o = await createOrder(url, { categoryId: 'demo-complaint', description: '楼上漏水到我家', location: { kind: 'public', text: '1栋' } });
    await ok(url, DISPATCHER, 'order.handle', { orderId: o.id, handling: 'coordination', note: '约楼上住户协调' });
    // visited at once: only the reply rule is due the next morning
    await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '师傅已上门查看', visited: true });
    await setTime(url, '2026-12-08T09:59:00+08:00');
    await runScheduler();
    const deskEvents = async () => (await ok(url, DISPATCHER, 'inbox.list', {})).items.map((i) => i.event);
    expect(await deskEvents()).not.toContain('order.coordinationDue');
    await setTime(url, '2026-12-08T10:00:30+08:00');
    await runScheduler();
    await runScheduler();
    expect((await deskEvents()).filter((e) => e === 'order.coordinationDue')).toHaveLength(1);
    await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '楼上住户不同意维修', failed: true, toReporter: true });
    await setTime(url, '2026-12-10T10:00:00+08:00');
    await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '再次协调未果', failed: true });
    await runScheduler();
    expect((await deskEvents()).filter((e) => e === 'order.jointVisit')).toHaveLength(1);
    expect((await ok(url, 'demo-manager', 'inbox.list', {})).items[0].text).toContain('联合上门');
  });

  describe('a coordination order is visited within half a working day of the desk taking it, counted in the property’s hours', () => {
    // demo works 09:00–17:30: half a day is 4 h 15; taken Monday 16:30, one hour that day and the rest from 09:00
    const TAKEN = '2026-12-07T16:30:00+08:00';
    const UNTIL_DUE_MS = (19 * 60 + 45) * 60_000; // Tuesday 12:15
    const takeAsCoordination = async () => {
      await setTime(url, TAKEN);
      const o = await createOrder(url, { categoryId: 'demo-complaint', description: '楼上漏水到我家', location: { kind: 'public', text: '1栋' } });
      const handled = await ok(url, DISPATCHER, 'order.handle', { orderId: o.id, handling: 'coordination', note: '约楼上住户协调' });
      return { ...handled, visitDue: Date.parse(handled.acceptedAt ?? '') + UNTIL_DUE_MS };
    };
    const visitNotices = async () => (await ok(url, DISPATCHER, 'inbox.list', {})).items.filter((i) => i.event === 'order.coordinationDue');

    it('without a visit the desk hears at the deadline the next day, not a minute before, once', async () => {
      const o = await takeAsCoordination();
      expect(new Date(o.visitDue).toISOString().slice(0, 16)).toBe('2026-12-08T04:15');
      await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '已电话联系楼上住户' });
      await setTime(url, new Date(o.visitDue - 60_000).toISOString());
      await runScheduler();
      expect(await visitNotices()).toEqual([]);
      await setTime(url, new Date(o.visitDue).toISOString());
      expect((await runScheduler()).body).toMatchObject({ warned: [o.id] });
      await runScheduler();
      const notices = await visitNotices();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ openid: 'desk:demo', orderId: o.id, title: '协调单待跟进' });
      expect(notices[0].text).toContain('上门查看已超时');
      // the manager reads the desk's items too
      expect((await ok(url, 'demo-manager', 'inbox.list', {})).items.map((i) => i.id)).toContain(notices[0].id);
      await advanceMinutes(url, 60);
      await runScheduler();
      expect(await visitNotices()).toHaveLength(1);
    });

    it('a follow-up recorded as a visit in time settles it: nothing at the deadline', async () => {
      const o = await takeAsCoordination();
      await setTime(url, '2026-12-08T10:30:00+08:00');
      const visited = await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '师傅已上门查看漏水点', visited: true });
      expect(visited.status).toBe('in_progress');
      await setTime(url, new Date(o.visitDue + 60_000).toISOString());
      expect((await runScheduler()).body).toMatchObject({ warned: [] });
      expect(await visitNotices()).toEqual([]);
    });
  });
});
