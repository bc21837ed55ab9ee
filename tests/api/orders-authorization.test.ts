/**
 * Authorization matrix of the order actions, written by hand from product.md's roles table:
 * every action × every kind of person × own/other's order → allowed, FORBIDDEN, or CONFLICT
 * (only where the person may take the step but the order's state does not allow it).
 * The reporter is demo-resident, the assigned technician demo-tech-2 (team 工程部, led by
 * demo-tech-1); demo-night is a technician of another team; demo2-* belong to another property.
 * A refused call must leave the order exactly as it was.
 */
import type { ActionName, ApiError } from '../../typings/api';
import type { OrderStatus } from '../../typings/domain';
import {
  ASSIGNEE,
  DISPATCHER,
  LEADER,
  MANAGER,
  NIGHT_TECH,
  OTHER_RESIDENT,
  REPORTER,
  call,
  createOrder,
  driveTo,
  err,
  getOrder,
  ok,
  resetDemo,
  setTime,
  useDemoCloud,
} from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

const PEOPLE = {
  reporter: REPORTER,
  otherResident: OTHER_RESIDENT,
  assignee: ASSIGNEE,
  teamLeader: LEADER,
  otherTechnician: NIGHT_TECH,
  dispatcher: DISPATCHER,
  manager: MANAGER,
  otherPropertyManager: 'demo2-manager',
  otherPropertyResident: 'demo2-resident',
} as const;
type Person = keyof typeof PEOPLE;

type Outcome = 'ok' | 'FORBIDDEN' | 'CONFLICT';
type State = OrderStatus | 'reassign_requested';

interface Case {
  action: ActionName;
  /** the state of the order the action is tried on (assigned to demo-tech-2 once assigned) */
  state: State;
  payload: Record<string, unknown>;
  /** by hand, from product.md */
  expected: Record<Person, Outcome>;
}

const F = 'FORBIDDEN' as const;
const C = 'CONFLICT' as const;
/** everyone refused but those named */
const only = (allowed: Partial<Record<Person, Outcome>>): Record<Person, Outcome> => ({
  reporter: F,
  otherResident: F,
  assignee: F,
  teamLeader: F,
  otherTechnician: F,
  dispatcher: F,
  manager: F,
  otherPropertyManager: F,
  otherPropertyResident: F,
  ...allowed,
});
const NEXT_VISIT = '2026-11-26T10:00:00+08:00';

const CASES: Case[] = [
  // grab first: nobody holds open orders yet (grabLimit 3)
  { action: 'order.grab', state: 'pending', payload: {}, expected: only({ assignee: 'ok', teamLeader: 'ok' }) },
  { action: 'order.grab', state: 'assigned', payload: {}, expected: only({ assignee: C, teamLeader: C }) },

  // seeing an order: its reporter, the technicians on it and its team's pool, the team leader, the desk
  { action: 'order.get', state: 'pending', payload: {}, expected: only({ reporter: 'ok', assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.get', state: 'accepted', payload: {}, expected: only({ reporter: 'ok', assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.get', state: 'closed', payload: {}, expected: only({ reporter: 'ok', assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },

  { action: 'order.assign', state: 'pending', payload: { technicianId: ASSIGNEE }, expected: only({ teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.assign', state: 'in_progress', payload: { technicianId: LEADER }, expected: only({ teamLeader: C, dispatcher: C, manager: C }) },
  { action: 'order.assignTeam', state: 'pending', payload: { teamId: 'demo-team-eng-hvac' }, expected: only({ teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.assignTeam', state: 'assigned', payload: { teamId: 'demo-team-eng-hvac' }, expected: only({ teamLeader: C, dispatcher: C, manager: C }) },
  { action: 'order.batchAssign', state: 'pending', payload: { technicianId: ASSIGNEE }, expected: only({ teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.batchAssign', state: 'completed', payload: { technicianId: ASSIGNEE }, expected: only({ teamLeader: C, dispatcher: C, manager: C }) },

  { action: 'order.accept', state: 'assigned', payload: {}, expected: only({ assignee: 'ok' }) },
  { action: 'order.accept', state: 'accepted', payload: {}, expected: only({ assignee: C }) },
  { action: 'order.reject', state: 'assigned', payload: { reason: '不在片区' }, expected: only({ assignee: 'ok' }) },
  { action: 'order.reject', state: 'in_progress', payload: { reason: '不在片区' }, expected: only({ assignee: C }) },

  { action: 'order.transfer', state: 'assigned', payload: { technicianId: LEADER, reason: '换人' }, expected: only({ assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.transfer', state: 'completed', payload: { technicianId: LEADER, reason: '换人' }, expected: only({ assignee: C, teamLeader: C, dispatcher: C, manager: C }) },
  // a stuck order moves: the desk and the team leader, not the technician themself
  { action: 'order.transfer', state: 'on_hold', payload: { technicianId: LEADER, reason: '师傅生病' }, expected: only({ assignee: C, teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },

  { action: 'order.requestReassign', state: 'accepted', payload: { reason: '需要两人' }, expected: only({ assignee: 'ok' }) },
  { action: 'order.requestReassign', state: 'closed', payload: { reason: '需要两人' }, expected: only({ assignee: C }) },
  { action: 'order.decideReassign', state: 'reassign_requested', payload: { approve: false, reason: '继续' }, expected: only({ teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.decideReassign', state: 'accepted', payload: { approve: false, reason: '继续' }, expected: only({ teamLeader: C, dispatcher: C, manager: C }) },

  { action: 'order.checkIn', state: 'accepted', payload: {}, expected: only({ assignee: 'ok' }) },
  { action: 'order.checkIn', state: 'completed', payload: {}, expected: only({ assignee: C }) },
  { action: 'order.progress', state: 'in_progress', payload: { note: '已关闭总阀' }, expected: only({ assignee: 'ok' }) },
  { action: 'order.progress', state: 'closed', payload: { note: '已关闭总阀' }, expected: only({ assignee: C }) },
  { action: 'order.hold', state: 'in_progress', payload: { reason: '等配件', nextVisitAt: NEXT_VISIT }, expected: only({ assignee: 'ok' }) },
  { action: 'order.hold', state: 'assigned', payload: { reason: '等配件', nextVisitAt: NEXT_VISIT }, expected: only({ assignee: C }) },
  // the leader and the desk record a completion on the assignee's behalf (代报完工), also before check-in
  { action: 'order.complete', state: 'in_progress', payload: { summary: '完工', workMinutes: 30 }, expected: only({ assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.complete', state: 'accepted', payload: { summary: '完工', workMinutes: 30 }, expected: only({ assignee: C, teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.complete', state: 'closed', payload: { summary: '完工', workMinutes: 30 }, expected: only({ assignee: C, teamLeader: C, dispatcher: C, manager: C }) },

  // the record is corrected until the reporter confirms it; then it is locked
  { action: 'order.correct', state: 'completed', payload: { summary: '修改完工', workMinutes: 45 }, expected: only({ assignee: 'ok', teamLeader: 'ok', dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.correct', state: 'closed', payload: { summary: '修改完工', workMinutes: 45 }, expected: only({ assignee: C, teamLeader: C, dispatcher: C, manager: C }) },

  { action: 'order.rate', state: 'completed', payload: { score: 5 }, expected: only({ reporter: 'ok' }) },
  { action: 'order.rate', state: 'in_progress', payload: { score: 5 }, expected: only({ reporter: C }) },
  { action: 'order.reopen', state: 'completed', payload: { reason: '又漏了' }, expected: only({ reporter: 'ok' }) },
  { action: 'order.reopen', state: 'accepted', payload: { reason: '又漏了' }, expected: only({ reporter: C }) },
  { action: 'order.cancel', state: 'pending', payload: { reason: '不需要了' }, expected: only({ reporter: 'ok' }) },
  { action: 'order.cancel', state: 'accepted', payload: { reason: '不需要了' }, expected: only({ reporter: C }) },
  { action: 'order.revoke', state: 'accepted', payload: { reason: '重复报修' }, expected: only({ dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.revoke', state: 'completed', payload: { reason: '重复报修' }, expected: only({ dispatcher: C, manager: C }) },
  { action: 'order.revisit', state: 'completed', payload: { result: 'satisfied' }, expected: only({ dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.revisit', state: 'in_progress', payload: { result: 'satisfied' }, expected: only({ dispatcher: C, manager: C }) },
  // a fresh completion is the reporter's to confirm; the desk closes it to verify, or after the window (lifecycle tests)
  { action: 'order.close', state: 'completed', payload: {}, expected: only({ dispatcher: C, manager: C }) },
  { action: 'order.close', state: 'in_progress', payload: {}, expected: only({ dispatcher: C, manager: C }) },
  { action: 'order.handle', state: 'pending', payload: { handling: 'verbal', note: '已通知门岗' }, expected: only({ dispatcher: 'ok', manager: 'ok' }) },
  { action: 'order.handle', state: 'assigned', payload: { handling: 'coordination', note: '协调处理' }, expected: only({ dispatcher: C, manager: C }) },
  { action: 'order.followUp', state: 'in_progress', payload: { note: '已电话沟通' }, expected: only({ dispatcher: C, manager: C }) },
];

interface Row {
  action: ActionName;
  state: State;
  person: Person;
  openid: string;
  payload: Record<string, unknown>;
  expected: Outcome;
}

const ROWS: Row[] = CASES.flatMap((c) =>
  (Object.keys(PEOPLE) as Person[]).map((person) => ({
    action: c.action,
    state: c.state,
    person,
    openid: PEOPLE[person],
    payload: c.payload,
    expected: c.expected[person],
  })),
);

/** A fresh order in `state`, assigned to demo-tech-2 once past pending. */
async function orderIn(state: State): Promise<string> {
  if (state !== 'reassign_requested') return (await driveTo(url, state)).id;
  const o = await driveTo(url, 'accepted');
  await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '需要两人配合' });
  return o.id;
}

/** Orders that refused calls share: a refused call writes nothing, so they stay in their state. */
const shared = new Map<State, string>();
async function sharedOrderIn(state: State): Promise<string> {
  const known = shared.get(state);
  if (known) return known;
  const id = await orderIn(state);
  shared.set(state, id);
  return id;
}

/** Runs the action and answers the outcome the caller sees. */
async function attempt(row: Row, orderId: string): Promise<{ outcome: Outcome | string; error?: ApiError }> {
  if (row.action === 'order.batchAssign') {
    const res = await call(url, row.openid, 'order.batchAssign', { orderIds: [orderId], ...row.payload });
    if (!res.ok) return { outcome: res.error.code, error: res.error };
    if (res.data.assigned.includes(orderId)) return { outcome: 'ok' };
    return { outcome: res.data.failed.find((f) => f.id === orderId)?.code ?? 'missing' };
  }
  const res = await call(url, row.openid, row.action, { orderId, ...row.payload });
  return res.ok ? { outcome: 'ok' } : { outcome: res.error.code, error: res.error };
}

describe('every order action × every person × own/other’s order', () => {
  it.each(ROWS)('$action on a $state order by $person ($openid) → $expected', async (row) => {
    const orderId = row.expected === 'ok' ? await orderIn(row.state) : await sharedOrderIn(row.state);
    const before = await getOrder(url, orderId);
    const { outcome, error } = await attempt(row, orderId);
    expect(outcome).toBe(row.expected);
    const after = await getOrder(url, orderId);
    if (row.expected !== 'ok') {
      expect(after).toEqual(before);
      // a refusal says why, and names no other property's or person's data
      if (error) expect(error.message).toEqual(expect.any(String));
    } else if (row.action !== 'order.get') {
      expect(after.version).toBe(before.version + 1);
      expect(after.timeline[after.timeline.length - 1]?.by.openid).toBe(row.openid);
    }
  });

  it('a technician of the team does not see a colleague’s order once it is assigned (own and team-pool only)', async () => {
    const o = await driveTo(url, 'accepted', { technician: LEADER });
    expect((await err(url, ASSIGNEE, 'order.get', { orderId: o.id })).code).toBe('FORBIDDEN');
    // while it waited in the pool, they saw it
    const pending = await createOrder(url);
    expect((await ok(url, ASSIGNEE, 'order.get', { orderId: pending.id })).id).toBe(pending.id);
  });

  it('an assistant (协助) sees and works the order; the reporter of another order does not', async () => {
    const o = await driveTo(url, 'pending');
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: LEADER, assistantIds: [ASSIGNEE] });
    expect((await ok(url, ASSIGNEE, 'order.get', { orderId: o.id })).assistants.map((a) => a.openid)).toEqual([ASSIGNEE]);
    expect((await err(url, ASSIGNEE, 'order.accept', { orderId: o.id })).code).toBe('FORBIDDEN');
    await ok(url, LEADER, 'order.accept', { orderId: o.id });
    expect((await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id })).status).toBe('in_progress');
  });

  it('a dispatcher reporting on behalf of a resident sees the order; the resident named in it is not an openid', async () => {
    const o = await createOrder(url, {
      as: DISPATCHER, onBehalfOf: { name: '王先生', phone: '13811112222' }, source: 'phone', location: { kind: 'unit', text: '厨房', building: '3栋', room: '201' },
    });
    expect(o.reporter).toMatchObject({ name: '王先生', phone: '13811112222' });
    expect((await ok(url, DISPATCHER, 'order.get', { orderId: o.id })).id).toBe(o.id);
    expect((await err(url, REPORTER, 'order.get', { orderId: o.id })).code).toBe('FORBIDDEN');
    expect((await err(url, REPORTER, 'order.cancel', { orderId: o.id, reason: '不要了' })).code).toBe('FORBIDDEN');
  });

  it('a resident cannot report for someone else, nor into another property', async () => {
    const mine = await ok(url, REPORTER, 'order.list', { scope: 'mine' });
    expect((await err(url, REPORTER, 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '2栋302' },
      onBehalfOf: { name: '李娜', phone: '13800000002' },
    })).code).toBe('FORBIDDEN');
    expect((await err(url, REPORTER, 'order.create', {
      propertyId: 'demo-2', categoryId: 'demo2-water-leak', description: '漏水', location: { kind: 'unit', text: '5栋501' },
    })).code).toBe('FORBIDDEN');
    expect((await err(url, 'o-stranger', 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: '漏水', location: { kind: 'unit', text: '1栋101' },
    })).code).toBe('FORBIDDEN');
    expect(await ok(url, REPORTER, 'order.list', { scope: 'mine' })).toEqual(mine);
  });

  it('an unknown order is NOT_FOUND for everyone, a call without identity UNAUTHENTICATED', async () => {
    expect((await err(url, DISPATCHER, 'order.get', { orderId: 'o-no-such-order' })).code).toBe('NOT_FOUND');
    expect((await err(url, REPORTER, 'order.cancel', { orderId: 'o-no-such-order', reason: 'x' })).code).toBe('NOT_FOUND');
    const o = await createOrder(url);
    expect((await err(url, undefined, 'order.get', { orderId: o.id })).code).toBe('UNAUTHENTICATED');
    expect((await err(url, undefined, 'order.cancel', { orderId: o.id, reason: '不要了' })).code).toBe('UNAUTHENTICATED');
    expect((await getOrder(url, o.id)).status).toBe('pending');
  });
});

describe('order.list scopes', () => {
  type Scope = 'mine' | 'assigned' | 'pool' | 'all';
  /** by hand from product.md: who may list which scope of demo */
  const LIST: Record<Scope, Record<Person, 'ok' | 'FORBIDDEN'>> = {
    mine: { reporter: 'ok', otherResident: 'ok', assignee: 'ok', teamLeader: 'ok', otherTechnician: 'ok', dispatcher: 'ok', manager: 'ok', otherPropertyManager: 'ok', otherPropertyResident: 'ok' },
    assigned: { reporter: F, otherResident: F, assignee: 'ok', teamLeader: 'ok', otherTechnician: 'ok', dispatcher: F, manager: F, otherPropertyManager: F, otherPropertyResident: F },
    pool: { reporter: F, otherResident: F, assignee: 'ok', teamLeader: 'ok', otherTechnician: 'ok', dispatcher: 'ok', manager: 'ok', otherPropertyManager: F, otherPropertyResident: F },
    // a team leader lists their teams' orders; the night team's leader too
    all: { reporter: F, otherResident: F, assignee: F, teamLeader: 'ok', otherTechnician: 'ok', dispatcher: 'ok', manager: 'ok', otherPropertyManager: F, otherPropertyResident: F },
  };
  const LIST_ROWS = (Object.keys(LIST) as Scope[]).flatMap((scope) =>
    (Object.keys(PEOPLE) as Person[]).map((person) => ({ scope, person, openid: PEOPLE[person], expected: LIST[scope][person] })),
  );

  const ids: Record<string, string> = {};
  beforeAll(async () => {
    await resetDemo(url);
    ids.mineA = (await createOrder(url)).id;
    ids.mineB = (await driveTo(url, 'accepted')).id;
    ids.other = (await createOrder(url, { as: OTHER_RESIDENT })).id;
    ids.leaderOrder = (await driveTo(url, 'assigned', { as: OTHER_RESIDENT, technician: LEADER })).id;
    ids.demo2 = (await createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak' })).id;
    ids.complaint = (await createOrder(url, { categoryId: 'demo-complaint', location: { kind: 'public', text: '小区门口' } })).id;
    await setTime(url, '2026-11-24T22:00:00+08:00');
    ids.night = (await createOrder(url, { as: OTHER_RESIDENT })).id;
    await setTime(url, '2026-11-24T10:30:00+08:00');
  });

  it.each(LIST_ROWS)('scope $scope of demo by $person ($openid) → $expected', async (row) => {
    const res = await call(url, row.openid, 'order.list', { propertyId: 'demo', scope: row.scope });
    if (row.expected === 'ok') {
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      for (const item of res.data.items) expect(item.propertyId).toBe('demo');
    } else {
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  const listIds = async (openid: string, payload: Record<string, unknown>): Promise<string[]> =>
    (await ok(url, openid, 'order.list', payload)).items.map((i) => i.id);

  it('mine never shows another person’s orders', async () => {
    expect((await listIds(REPORTER, { scope: 'mine' })).sort()).toEqual([ids.mineA, ids.mineB, ids.complaint].sort());
    expect((await listIds(OTHER_RESIDENT, { scope: 'mine' })).sort()).toEqual([ids.other, ids.leaderOrder, ids.night].sort());
    expect(await listIds(OTHER_RESIDENT, { scope: 'mine', propertyId: 'demo' })).not.toContain(ids.mineA);
    expect(await listIds('demo2-resident', { scope: 'mine' })).toEqual([ids.demo2]);
    // another property's mine of demo is empty, not someone else's orders
    expect(await listIds('demo2-manager', { scope: 'mine', propertyId: 'demo' })).toEqual([]);
  });

  it('pool for demo-tech-2 shows pending orders of 工程部 only', async () => {
    const pool = await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(pool.items.map((i) => i.id).sort()).toEqual([ids.mineA, ids.other].sort());
    for (const item of pool.items) expect(item).toMatchObject({ status: 'pending', teamId: 'demo-team-eng', propertyId: 'demo' });
  });

  it('pool for the night technician shows the night team’s pending orders only', async () => {
    expect(await listIds(NIGHT_TECH, { propertyId: 'demo', scope: 'pool' })).toEqual([ids.night]);
  });

  it('assigned shows only what the technician works on', async () => {
    expect(await listIds(ASSIGNEE, { propertyId: 'demo', scope: 'assigned' })).toEqual([ids.mineB]);
    expect(await listIds(LEADER, { propertyId: 'demo', scope: 'assigned' })).toEqual([ids.leaderOrder]);
    expect(await listIds(NIGHT_TECH, { propertyId: 'demo', scope: 'assigned' })).toEqual([]);
  });

  it('all: the desk sees every demo order and none of demo-2; a team leader sees their team’s', async () => {
    const demoOrders = [ids.mineA, ids.mineB, ids.other, ids.leaderOrder, ids.complaint, ids.night];
    expect((await listIds(DISPATCHER, { propertyId: 'demo', scope: 'all' })).sort()).toEqual([...demoOrders].sort());
    expect((await listIds(MANAGER, { propertyId: 'demo', scope: 'all' })).sort()).toEqual([...demoOrders].sort());
    expect((await listIds(LEADER, { propertyId: 'demo', scope: 'all' })).sort()).toEqual([ids.mineA, ids.mineB, ids.other, ids.leaderOrder].sort());
    expect(await listIds(NIGHT_TECH, { propertyId: 'demo', scope: 'all' })).toEqual([ids.night]);
    expect(await listIds('demo2-manager', { propertyId: 'demo-2', scope: 'all' })).toEqual([ids.demo2]);
  });

  it('a demo-2 user listing demo with scope all is FORBIDDEN; scopes other than mine need a propertyId', async () => {
    for (const openid of ['demo2-manager', 'demo2-resident', 'demo2-tech']) {
      expect((await err(url, openid, 'order.list', { propertyId: 'demo', scope: 'all' })).code).toBe('FORBIDDEN');
      expect((await err(url, openid, 'order.list', { propertyId: 'demo', scope: 'pool' })).code).toBe('FORBIDDEN');
    }
    expect((await err(url, DISPATCHER, 'order.list', { scope: 'all' })).code).toBe('FORBIDDEN');
    expect((await err(url, ASSIGNEE, 'order.list', { scope: 'pool' })).code).toBe('FORBIDDEN');
  });

  it('a status filter narrows, never widens, what a scope shows', async () => {
    expect(await listIds(REPORTER, { scope: 'mine', status: ['accepted'] })).toEqual([ids.mineB]);
    expect(await listIds(ASSIGNEE, { propertyId: 'demo', scope: 'pool', status: ['accepted', 'assigned'] })).toEqual([]);
  });
});
