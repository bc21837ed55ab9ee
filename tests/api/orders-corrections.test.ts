/**
 * What a service center found wrong in the order lifecycle (issue 8), each as a person would meet
 * it, from a freshly reset demo on Mon 2026-12-07 10:00 Shanghai.
 */
import {
  ASSIGNEE, DISPATCHER, LEADER, MANAGER, NIGHT_TECH, REPORTER,
  call, createOrder, driveTo, err, getOrder, lastEntry, ok, resetDemo, setTime, useDemoCloud,
} from '../support/orders';
import type { OrderWithTimeline } from '../../typings/domain';

let url: string;
useDemoCloud((started) => (url = started));

const MONDAY = '2026-12-07T10:00:00+08:00';
beforeEach(() => resetDemo(url, MONDAY));

const complaint = (as = REPORTER): Promise<OrderWithTimeline> =>
  createOrder(url, { as, categoryId: 'demo-complaint', description: '楼上装修噪音，晚上十点后还在施工', location: { kind: 'public', text: '1栋' } });
const slotInfo = async (slotId: string, date: string) =>
  (await ok(url, REPORTER, 'slots.list', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date })).find((s) => s.id === slotId);

describe('records are never erased', () => {
  it('a reopen keeps the confirmed visit: its completion with materials, its fee and its rating', async () => {
    const o = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 2 }] });
    await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 2, comment: '还在滴水' });
    await setTime(url, '2026-12-10T09:30:00+08:00');
    const reopened = await ok(url, REPORTER, 'order.reopen', { orderId: o.id, reason: '又开始漏水了' });
    expect(reopened).toMatchObject({ status: 'assigned', reopenCount: 1 });
    expect(reopened.completion).toBeUndefined();
    expect(reopened.visits).toHaveLength(1);
    expect(reopened.visits[0]).toMatchObject({
      no: 1,
      assignee: { openid: ASSIGNEE },
      completion: { summary: '更换接头', locked: true, materials: [{ name: '生料带', qty: 2, amount: 400 }] },
      // 40 minutes bill as 45 at 工程部's 60 元/h, plus 2 生料带; a free leak, so the company's cost
      fee: { labor: 4500, materials: 400, total: 4900, payer: 'company', due: 0 },
      rating: { score: 2, comment: '还在滴水' },
      reopenReason: '又开始漏水了',
      reopenedAt: lastEntry(reopened).at,
    });
    // the second visit is recorded beside the first, not over it
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
    const second = await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '整段换管', workMinutes: 90 });
    expect(second.completion?.summary).toBe('整段换管');
    expect(second.visits.map((v) => v.completion?.summary)).toEqual(['更换接头']);
  });

  it('a second revisit adds a record: the first, unsatisfied, call is kept', async () => {
    const o = await driveTo(url, 'closed');
    await ok(url, DISPATCHER, 'order.revisit', { orderId: o.id, result: 'unsatisfied', note: '业主说还有异味' });
    const after = await ok(url, DISPATCHER, 'order.revisit', { orderId: o.id, result: 'satisfied', note: '复查后满意' });
    expect(after.revisits.map((r) => [r.result, r.note])).toEqual([['unsatisfied', '业主说还有异味'], ['satisfied', '复查后满意']]);
    expect(after.revisit).toMatchObject({ result: 'satisfied' });
  });

  it('the timeline names who had the order and who has it now, on every hand-over', async () => {
    const o = await createOrder(url);
    await ok(url, DISPATCHER, 'order.assignTeam', { orderId: o.id, teamId: 'demo-team-eng-hvac' });
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await ok(url, DISPATCHER, 'order.transfer', { orderId: o.id, technicianId: LEADER, reason: '调整人手' });
    await ok(url, LEADER, 'order.requestReassign', { orderId: o.id, reason: '今天在外区' });
    const done = await ok(url, DISPATCHER, 'order.decideReassign', { orderId: o.id, approve: true, technicianId: ASSIGNEE });
    const handOvers = done.timeline.filter((e) => e.holder).map((e) => [e.step, e.holder?.before?.name ?? e.holder?.before?.id, e.holder?.after?.name ?? e.holder?.after?.id]);
    expect(handOvers).toEqual([
      ['assignTeam', 'demo-team-eng', '空调班组'],
      ['assign', 'demo-team-eng-hvac', '赵强'],
      ['transfer', '赵强', '王建国'],
      ['decideReassign', '王建国', '赵强'],
    ]);
  });
});

describe('who sees what', () => {
  it('dispatch notes and reassignment reasons stay with staff; the reporter sees the public steps', async () => {
    const o = await createOrder(url);
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE, note: '赵强离得近' });
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '这家业主很难缠，换个人吧' });
    const seenByReporter = await getOrder(url, o.id, REPORTER);
    const text = JSON.stringify(seenByReporter);
    expect(text).not.toContain('赵强离得近');
    expect(text).not.toContain('很难缠');
    expect(seenByReporter.reassignRequest).toBeUndefined();
    expect(seenByReporter.timeline.map((e) => e.step)).toEqual(['create', 'assign', 'accept']);
    const seenByDesk = await getOrder(url, o.id, DISPATCHER);
    expect(seenByDesk.timeline.map((e) => e.step)).toEqual(['create', 'assign', 'accept', 'requestReassign']);
    expect(seenByDesk.reassignRequest?.reason).toBe('这家业主很难缠，换个人吧');
    expect(seenByDesk.timeline[1].staffNote).toBe('赵强离得近');
    // the answer to the reporter's own step is their view too
    const rated = await driveTo(url, 'completed');
    await ok(url, DISPATCHER, 'order.revisit', { orderId: rated.id, result: 'unsatisfied', note: '业主脾气差' });
    expect(JSON.stringify(await ok(url, REPORTER, 'order.rate', { orderId: rated.id, score: 3 }))).not.toContain('脾气差');
  });

  it('the grab pool shows the resident’s phone masked until the order is the technician’s', async () => {
    const o = await createOrder(url);
    const pool = await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(pool.items.find((i) => i.id === o.id)?.reporter.phone).toBe('138****0001');
    expect((await getOrder(url, o.id, ASSIGNEE)).reporter.phone).toBe('138****0001');
    const grabbed = await ok(url, ASSIGNEE, 'order.grab', { orderId: o.id });
    expect(grabbed.reporter.phone).toBe('13800000001');
    expect((await getOrder(url, o.id, ASSIGNEE)).reporter.phone).toBe('13800000001');
    expect((await getOrder(url, o.id, DISPATCHER)).reporter.phone).toBe('13800000001');
  });
});

describe('the service center’s powers', () => {
  it('代报完工: the leader records the completion, the reporter’s rating leaves it for the desk, the desk verifies and closes', async () => {
    const o = await driveTo(url, 'accepted');
    const done = await ok(url, LEADER, 'order.complete', { orderId: o.id, summary: '师傅手机坏了，班组代报', workMinutes: 30 });
    expect(done).toMatchObject({ status: 'completed', completion: { onBehalf: true, by: LEADER, byName: '王建国' }, assignee: { openid: ASSIGNEE } });
    const rated = await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 5 });
    expect(rated).toMatchObject({ status: 'completed', rating: { score: 5 } });
    expect((await err(url, LEADER, 'order.close', { orderId: o.id })).code).toBe('FORBIDDEN');
    expect(await ok(url, DISPATCHER, 'order.close', { orderId: o.id })).toMatchObject({ status: 'closed', completion: { locked: true } });
  });

  it('order.close does not take the resident’s rating away: a fresh completion is theirs to confirm', async () => {
    const o = await driveTo(url, 'completed');
    expect(await err(url, DISPATCHER, 'order.close', { orderId: o.id })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('评价') });
    expect(await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 4 })).toMatchObject({ status: 'closed', rating: { score: 4 } });
  });

  it('a stuck order moves: the technician falls ill mid-job, the desk transfers it with a reason', async () => {
    const o = await driveTo(url, 'in_progress');
    const moved = await ok(url, DISPATCHER, 'order.transfer', { orderId: o.id, technicianId: LEADER, reason: '赵强生病' });
    expect(moved).toMatchObject({ status: 'assigned', assignee: { openid: LEADER } });
    expect((await ok(url, LEADER, 'order.accept', { orderId: o.id })).status).toBe('accepted');
  });

  it('a complaint is the desk’s own: it cannot be dispatched to desk staff, the desk handles it verbally and it closes at once', async () => {
    const o = await complaint();
    expect(o).toMatchObject({ kind: 'matter', teamId: 'demo-team-service', status: 'pending' });
    expect((await err(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: DISPATCHER })).code).toBe('NOT_FOUND');
    const handled = await ok(url, DISPATCHER, 'order.handle', { orderId: o.id, handling: 'verbal', note: '已电话提醒装修户，22点后停工' });
    expect(handled).toMatchObject({
      status: 'closed',
      handling: 'verbal',
      assignee: { openid: DISPATCHER, name: '陈静' },
      completion: { summary: '已电话提醒装修户，22点后停工', by: DISPATCHER, locked: true },
    });
    expect(lastEntry(await getOrder(url, o.id, REPORTER))).toMatchObject({ step: 'handle', note: '已电话提醒装修户，22点后停工', to: 'closed' });
  });

  it('a coordination order stays open with follow-ups, is completed by the desk and closed by the resident’s rating', async () => {
    const o = await complaint();
    const taken = await ok(url, DISPATCHER, 'order.handle', { orderId: o.id, handling: 'coordination', note: '约装修户与业主周六面谈' });
    expect(taken).toMatchObject({ status: 'in_progress', handling: 'coordination', assignee: { openid: DISPATCHER } });
    await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '装修户不同意调整工期', failed: true });
    const told = await ok(url, DISPATCHER, 'order.followUp', { orderId: o.id, note: '已约物业经理一同上门协调', toReporter: true });
    expect(told.followUps.map((f) => f.failed)).toEqual([true, false]);
    const seen = await getOrder(url, o.id, REPORTER);
    expect(seen.timeline.filter((e) => e.step === 'followUp').map((e) => e.note)).toEqual(['已约物业经理一同上门协调']);
    const done = await ok(url, DISPATCHER, 'order.complete', { orderId: o.id, summary: '双方达成一致：工作日 8–18 点施工', workMinutes: 120 });
    expect(done).toMatchObject({ status: 'completed', completion: { onBehalf: false, by: DISPATCHER } });
    expect((await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 4 })).status).toBe('closed');
  });

  it('the desk hands a matter to another department, where a technician works it', async () => {
    const o = await complaint();
    await ok(url, DISPATCHER, 'order.assignTeam', { orderId: o.id, teamId: 'demo-team-eng', note: '楼道灯坏了引起的投诉，交工程部' });
    expect((await ok(url, LEADER, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((i) => i.id)).toContain(o.id);
    expect((await ok(url, LEADER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE })).assignee?.openid).toBe(ASSIGNEE);
  });

  it('a phone report for a registered resident is theirs: they see it, cancel it or rate it; the unit comes from their registration', async () => {
    const o = await createOrder(url, { as: DISPATCHER, onBehalfOf: { name: '张先生', phone: '13800000001' }, location: { kind: 'unit', text: '厨房' } });
    expect(o).toMatchObject({ source: 'phone', reporter: { openid: REPORTER, name: '张伟', phone: '13800000001' }, location: { building: '1栋', room: '101' } });
    expect((await ok(url, REPORTER, 'order.list', { scope: 'mine', propertyId: 'demo' })).items.map((i) => i.id)).toContain(o.id);
    const other = await driveTo(url, 'completed', { as: DISPATCHER, onBehalfOf: { name: '张伟', phone: '13800000001' }, location: { kind: 'unit', text: '卫生间' } });
    expect((await ok(url, REPORTER, 'order.rate', { orderId: other.id, score: 5 })).status).toBe('closed');
  });

  it('a phone report for a caller nobody registered: a unit needs building and room; the desk closes it after the revisit call', async () => {
    const noRoom = await call(url, DISPATCHER, 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '厨房', building: '5栋' }, onBehalfOf: { name: '王先生', phone: '13811112222' },
    });
    expect(noRoom).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.location.room': expect.any(String) } } });
    const o = await driveTo(url, 'completed', { as: DISPATCHER, onBehalfOf: { name: '王先生', phone: '13811112222' }, location: { kind: 'unit', text: '厨房', building: '5栋', room: '502' } });
    expect(o.reporter.openid).toBe('');
    expect(await err(url, DISPATCHER, 'order.close', { orderId: o.id })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('回访') });
    await ok(url, DISPATCHER, 'order.revisit', { orderId: o.id, result: 'satisfied', note: '王先生确认已修好' });
    expect((await ok(url, DISPATCHER, 'order.close', { orderId: o.id })).status).toBe('closed');
  });

  it('a technician who is also a resident reports their own home as a resident, with their unit', async () => {
    await ok(url, ASSIGNEE, 'resident.register', { propertyId: 'demo', name: '赵强', phone: '13900000002', building: '3栋', room: '201' });
    const o = await createOrder(url, { as: ASSIGNEE, location: { kind: 'unit', text: '自家厨房' } });
    expect(o).toMatchObject({ source: 'resident', reporter: { openid: ASSIGNEE }, location: { building: '3栋', room: '201' } });
  });
});

describe('nobody approves their own work', () => {
  it('a self-inspection is verified by the desk, not rated by the technician who found and fixed it', async () => {
    const o = await createOrder(url, { as: ASSIGNEE, source: 'self_inspection', categoryId: 'demo-public-light', description: '3栋2楼楼道灯不亮', location: { kind: 'public', text: '3栋2楼' } });
    await ok(url, ASSIGNEE, 'order.grab', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '更换灯泡', workMinutes: 10 });
    expect((await err(url, ASSIGNEE, 'order.rate', { orderId: o.id, score: 5 })).code).toBe('FORBIDDEN');
    expect((await ok(url, DISPATCHER, 'order.close', { orderId: o.id })).status).toBe('closed');
  });

  it('a team leader’s own reassignment request is decided by the desk, not by himself', async () => {
    const o = await driveTo(url, 'accepted', { technician: LEADER });
    await ok(url, LEADER, 'order.requestReassign', { orderId: o.id, reason: '我要去开会' });
    expect((await err(url, LEADER, 'order.decideReassign', { orderId: o.id, approve: true, technicianId: ASSIGNEE })).code).toBe('FORBIDDEN');
    expect((await ok(url, MANAGER, 'order.decideReassign', { orderId: o.id, approve: true, technicianId: ASSIGNEE })).assignee?.openid).toBe(ASSIGNEE);
  });
});

describe('time follows the order', () => {
  const minutesAfter = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

  it('a reopen on 12-10 starts new due dates from 12-10, not overdue at once', async () => {
    const o = await driveTo(url, 'closed');
    const at = '2026-12-10T09:30:00+08:00';
    await setTime(url, at);
    const reopened = await ok(url, REPORTER, 'order.reopen', { orderId: o.id, reason: '又漏了' });
    const now = lastEntry(reopened).at;
    // 水管漏水: accept within 30 minutes, arrive within 120, complete within 480
    expect(reopened.due).toEqual({ acceptBy: minutesAfter(now, 30), arriveBy: minutesAfter(now, 120), completeBy: minutesAfter(now, 480) });
  });

  it('a hold to tomorrow moves the visit and the completion; an approved reassignment clears the hold', async () => {
    const o = await driveTo(url, 'in_progress');
    const next = '2026-12-08T14:00:00+08:00';
    const held = await ok(url, ASSIGNEE, 'order.hold', { orderId: o.id, reason: '等配件', nextVisitAt: next });
    expect(held.due.arriveBy).toBe(new Date(next).toISOString());
    expect(held.due.completeBy).toBe(minutesAfter(next, 480));
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '配件到了我在休假' });
    const moved = await ok(url, DISPATCHER, 'order.decideReassign', { orderId: o.id, approve: true, technicianId: LEADER });
    expect(moved.status).toBe('assigned');
    expect(moved.hold).toBeUndefined();
    expect(moved.due.acceptBy).toBe(minutesAfter(lastEntry(moved).at, 30));
  });

  it('an assignment starts the clock from now, keeping an appointment still ahead', async () => {
    const slotId = 'demo-appliance-ac-2026-12-08-1400';
    const o = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷', slotId });
    await setTime(url, '2026-12-07T15:00:00+08:00');
    const assigned = await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
    expect(assigned.due.acceptBy).toBe(minutesAfter(lastEntry(assigned).at, 30));
    expect(assigned.due.arriveBy).toBe(new Date('2026-12-08T16:00:00+08:00').toISOString());
  });

  it('a night-team order refused in the daytime goes back to the day team’s pool, where day technicians see it', async () => {
    await setTime(url, '2026-12-07T20:00:00+08:00');
    const o = await createOrder(url, { description: '夜里水管爆了' });
    expect(o.teamId).toBe('demo-team-night');
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: NIGHT_TECH });
    await setTime(url, '2026-12-08T09:30:00+08:00');
    const back = await ok(url, NIGHT_TECH, 'order.reject', { orderId: o.id, reason: '下班了' });
    expect(back).toMatchObject({ status: 'pending', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'] });
    expect((await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((i) => i.id)).toContain(o.id);
  });
});

describe('one request id, one request', () => {
  const leak = { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房漏水', location: { kind: 'unit', text: '厨房' } };

  it('a requestId reused for another action or payload is refused, naming the reuse; nothing happens', async () => {
    const created = await call(url, REPORTER, 'order.create', leak, 'tap-0001-reused');
    if (!created.ok) throw new Error('create failed');
    const reused = await call(url, REPORTER, 'order.cancel', { orderId: created.data.id, reason: '不要了' }, 'tap-0001-reused');
    expect(reused).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { requestId: expect.any(String) } } });
    expect((await getOrder(url, created.data.id)).status).toBe('pending');
    const otherPayload = await call(url, REPORTER, 'order.create', { ...leak, description: '卫生间漏水' }, 'tap-0001-reused');
    expect(otherPayload).toMatchObject({ ok: false, error: { code: 'CONFLICT', fields: { requestId: expect.any(String) } } });
    // a real retry still answers the first result
    const retried = await call(url, REPORTER, 'order.create', leak, 'tap-0001-reused');
    expect(retried).toMatchObject({ ok: true, data: { id: created.data.id } });
  });

  it('a create retried with another slot books nothing new; a late retry after a cancel does not book again', async () => {
    const first = 'demo-appliance-ac-2026-12-08-0900';
    const second = 'demo-appliance-ac-2026-12-08-1400';
    const ac = { ...leak, categoryId: 'demo-appliance-ac', slotId: first };
    const created = await call(url, REPORTER, 'order.create', ac, 'tap-slot-0001');
    if (!created.ok) throw new Error('create failed');
    expect((await call(url, REPORTER, 'order.create', { ...ac, slotId: second }, 'tap-slot-0001')).ok).toBe(false);
    expect(await slotInfo(second, '2026-12-08')).toMatchObject({ booked: 0, available: 3 });
    await ok(url, REPORTER, 'order.cancel', { orderId: created.data.id, reason: '不需要了' });
    const late = await call(url, REPORTER, 'order.create', ac, 'tap-slot-0001');
    expect(late).toMatchObject({ ok: true, data: { id: created.data.id, status: 'cancelled' } });
    expect(await slotInfo(first, '2026-12-08')).toMatchObject({ booked: 0, available: 3 });
  });

  it('a create retried after midnight returns the order it made, without taking a number of the new day', async () => {
    await setTime(url, '2026-12-07T23:59:00+08:00');
    const created = await call(url, REPORTER, 'order.create', leak, 'tap-midnight-01');
    if (!created.ok) throw new Error('create failed');
    expect(created.data.orderNo).toBe('2026120700001');
    await setTime(url, '2026-12-08T00:01:00+08:00');
    expect(await call(url, REPORTER, 'order.create', leak, 'tap-midnight-01')).toMatchObject({ ok: true, data: { id: created.data.id, orderNo: '2026120700001' } });
    expect((await createOrder(url)).orderNo).toBe('2026120800001');
  });
});

describe('small ones', () => {
  it('stores each assistant once', async () => {
    const o = await createOrder(url);
    const assigned = await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE, assistantIds: [LEADER, LEADER, ASSIGNEE] });
    expect(assigned.assistants.map((a) => a.openid)).toEqual([LEADER]);
  });

  it('grabbing an order of a category that cannot be grabbed says so', async () => {
    const o = await createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷' });
    expect(await err(url, ASSIGNEE, 'order.grab', { orderId: o.id })).toMatchObject({ code: 'FORBIDDEN', message: '这个类别不开放抢单，请等待派单' });
  });

  it('staff find an order by its number', async () => {
    const o = await createOrder(url);
    const found = await ok(url, DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'all', orderNo: o.orderNo });
    expect(found.items.map((i) => i.id)).toEqual([o.id]);
    // a second property's order of that day has its own number
    const other = await createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak' });
    expect(other.orderNo).not.toBe(o.orderNo);
  });
});
