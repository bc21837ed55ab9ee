/**
 * The order lifecycle of product.md through the api function in local-cloud: every allowed step
 * for the person who may take it (status, timeline entry, the fields the step records), the
 * stories that take several steps, routing and order numbers, grabbing, batch assignment, and
 * every refused step (wrong state → CONFLICT, wrong person → FORBIDDEN) with nothing written.
 */
import type { OrderStatus, OrderStep, OrderWithTimeline } from '../../typings/domain';
import type { ActionName } from '../../typings/api';
import {
  ASSIGNEE,
  DISPATCHER,
  LEADER,
  MANAGER,
  NIGHT_TECH,
  OTHER_RESIDENT,
  REPORTER,
  advanceMinutes,
  call,
  createOrder,
  driveTo,
  err,
  fileOf,
  getOrder,
  lastEntry,
  ok,
  resetDemo,
  setTime,
  snapshot,
  useDemoCloud,
} from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

const NEXT_VISIT = '2026-11-26T10:00:00+08:00';
// the technician's own uploads: only those may be attached
const PROGRESS_PHOTO = fileOf(ASSIGNEE, 'progress/1.jpg');
const DONE_PHOTO = fileOf(ASSIGNEE, 'done/1.jpg');
const SIGNATURE = fileOf(ASSIGNEE, 'sign/1.png');

interface Expected {
  step: OrderStep;
  by: string;
  from: OrderStatus;
  to: OrderStatus;
  reason?: string;
}

/**
 * The order as the step returned it, as order.get shows the dispatcher afterwards, and its last
 * timeline entry. A technician who has just handed the order on reads the reporter's phone masked.
 */
async function expectStep(returned: OrderWithTimeline, e: Expected): Promise<OrderWithTimeline> {
  const stored = await getOrder(url, returned.id);
  const handedOn = returned.reporter.phone !== stored.reporter.phone;
  if (handedOn) expect(returned.reporter.phone).toBe(`${stored.reporter.phone.slice(0, 3)}****${stored.reporter.phone.slice(-4)}`);
  expect(stored).toEqual(handedOn ? { ...returned, reporter: stored.reporter } : returned);
  expect(stored.status).toBe(e.to);
  const entry = lastEntry(stored);
  expect(entry).toMatchObject({ step: e.step, by: { openid: e.by }, from: e.from, to: e.to });
  if (e.reason === undefined) expect(entry.reason).toBeUndefined();
  else expect(entry.reason).toBe(e.reason);
  return stored;
}

interface AllowedRow {
  name: string;
  from: OrderStatus;
  as: string;
  action: ActionName;
  payload: Record<string, unknown>;
  to: OrderStatus;
  reason?: string;
  /** how to reach `from` when the ordinary driveTo path is not the one meant */
  setup?: () => Promise<OrderWithTimeline>;
  /** what else the step records */
  check?: (order: OrderWithTimeline, before: OrderWithTimeline) => void;
}

const at = (o: OrderWithTimeline): string => lastEntry(o).at;

const ALLOWED: AllowedRow[] = [
  // first, before the other rows give demo-tech-2 open orders (grabLimit 3)
  {
    name: 'a technician of the team grabs a grab-enabled pending order; it is accepted at once',
    from: 'pending', as: ASSIGNEE, action: 'order.grab', payload: {}, to: 'accepted',
    check: (o) => {
      expect(o.assignee).toMatchObject({ openid: ASSIGNEE, name: '赵强', teamId: 'demo-team-eng' });
      expect(o.acceptedAt).toBe(at(o));
    },
  },
  {
    name: 'the dispatcher assigns a pending order to a technician',
    from: 'pending', as: DISPATCHER, action: 'order.assign', payload: { technicianId: ASSIGNEE, note: '请尽快上门' }, to: 'assigned',
    check: (o) => {
      expect(o.assignee).toMatchObject({ id: ASSIGNEE, openid: ASSIGNEE, name: '赵强', phone: '13900000002', teamId: 'demo-team-eng' });
      expect(o.assistants).toEqual([]);
      expect(o.acceptedAt).toBeUndefined();
      // the dispatch note is for staff; the entry names the pool it came from and the technician it went to
      expect(lastEntry(o)).toMatchObject({ staffNote: '请尽快上门', audience: 'all', holder: { before: { kind: 'team', id: 'demo-team-eng' }, after: { kind: 'person', id: ASSIGNEE, name: '赵强' } } });
      expect(lastEntry(o).note).toBeUndefined();
    },
  },
  {
    name: 'the dispatcher assigns with an assistant (主修 + 协助)',
    from: 'pending', as: DISPATCHER, action: 'order.assign', payload: { technicianId: ASSIGNEE, assistantIds: [LEADER] }, to: 'assigned',
    check: (o) => {
      expect(o.assignee?.openid).toBe(ASSIGNEE);
      expect(o.assistants.map((a) => a.openid)).toEqual([LEADER]);
    },
  },
  {
    name: 'the manager assigns a pending order',
    from: 'pending', as: MANAGER, action: 'order.assign', payload: { technicianId: ASSIGNEE }, to: 'assigned',
    check: (o) => expect(o.assignee?.openid).toBe(ASSIGNEE),
  },
  {
    name: 'the team leader assigns within the team',
    from: 'pending', as: LEADER, action: 'order.assign', payload: { technicianId: ASSIGNEE }, to: 'assigned',
    check: (o) => expect(o.assignee?.openid).toBe(ASSIGNEE),
  },
  {
    name: 'the dispatcher re-assigns an assigned order to another technician',
    from: 'assigned', as: DISPATCHER, action: 'order.assign', payload: { technicianId: LEADER }, to: 'assigned',
    check: (o) => expect(o.assignee?.openid).toBe(LEADER),
  },
  {
    name: 'the assigned technician accepts',
    from: 'assigned', as: ASSIGNEE, action: 'order.accept', payload: {}, to: 'accepted',
    check: (o) => {
      expect(o.acceptedAt).toBe(at(o));
      expect(o.assignee?.openid).toBe(ASSIGNEE);
    },
  },
  {
    name: 'the assigned technician rejects with a reason: back to the pool, nobody assigned',
    from: 'assigned', as: ASSIGNEE, action: 'order.reject', payload: { reason: '今天在外区支援' }, to: 'pending',
    check: (o) => {
      expect(o.assignee).toBeUndefined();
      expect(o.assistants).toEqual([]);
      expect(o.teamId).toBe('demo-team-eng');
      expect(lastEntry(o)).toMatchObject({ staffNote: '今天在外区支援', holder: { before: { kind: 'person', id: ASSIGNEE }, after: { kind: 'team', id: 'demo-team-eng', name: '工程部' } } });
    },
  },
  {
    name: 'the assigned technician transfers an assigned order to a colleague',
    from: 'assigned', as: ASSIGNEE, action: 'order.transfer', payload: { technicianId: LEADER, reason: '需要班组长处理' }, to: 'assigned',
    check: (o) => {
      expect(o.assignee?.openid).toBe(LEADER);
      expect(lastEntry(o)).toMatchObject({ staffNote: '需要班组长处理', holder: { before: { kind: 'person', id: ASSIGNEE, name: '赵强' }, after: { kind: 'person', id: LEADER, name: '王建国' } } });
    },
  },
  {
    name: 'the assigned technician transfers an accepted order; the new technician must accept again',
    from: 'accepted', as: ASSIGNEE, action: 'order.transfer', payload: { technicianId: LEADER, reason: '需要两人' }, to: 'assigned',
    check: (o) => {
      expect(o.assignee?.openid).toBe(LEADER);
      expect(o.acceptedAt).toBeUndefined();
    },
  },
  {
    name: 'the dispatcher transfers an accepted order',
    from: 'accepted', as: DISPATCHER, action: 'order.transfer', payload: { technicianId: LEADER, reason: '调整人手' }, to: 'assigned',
    check: (o) => expect(o.assignee?.openid).toBe(LEADER),
  },
  ...(['in_progress', 'on_hold'] as const).map((from): AllowedRow => ({
    name: `the dispatcher moves a stuck ${from} order to another technician (the first fell ill): new due dates, no hold`,
    from, as: DISPATCHER, action: 'order.transfer', payload: { technicianId: LEADER, reason: '赵师傅生病' }, to: 'assigned',
    check: (o) => {
      expect(o.assignee?.openid).toBe(LEADER);
      expect(o.hold).toBeUndefined();
      expect(Date.parse(o.due.acceptBy)).toBe(Date.parse(at(o)) + 30 * 60_000);
      expect(lastEntry(o).staffNote).toBe('赵师傅生病');
    },
  })),
  {
    name: 'the team leader transfers within the team',
    from: 'assigned', as: LEADER, action: 'order.transfer', payload: { technicianId: LEADER, reason: '我来处理' }, to: 'assigned',
    check: (o) => expect(o.assignee?.openid).toBe(LEADER),
  },
  ...(['assigned', 'accepted', 'in_progress', 'on_hold'] as const).map((from): AllowedRow => ({
    name: `the assigned technician asks for reassignment of an ${from} order (status stays)`,
    from, as: ASSIGNEE, action: 'order.requestReassign', payload: { reason: '需要两人配合' }, to: from, reason: '需要两人配合',
    check: (o) => {
      expect(o.reassignRequest).toEqual({ by: ASSIGNEE, reason: '需要两人配合', at: at(o) });
      expect(o.assignee?.openid).toBe(ASSIGNEE);
    },
  })),
  {
    name: 'the assigned technician checks in with a location: work starts',
    from: 'accepted', as: ASSIGNEE, action: 'order.checkIn', payload: { location: { lat: 31.2304, lng: 121.4737 } }, to: 'in_progress',
    check: (o) => {
      expect(o.arrivedAt).toBe(at(o));
      expect(o.checkInLocation).toEqual({ lat: 31.2304, lng: 121.4737 });
    },
  },
  {
    name: 'an assistant (协助) checks in',
    setup: async () => {
      const o = await driveTo(url, 'pending');
      await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: LEADER, assistantIds: [ASSIGNEE] });
      return ok(url, LEADER, 'order.accept', { orderId: o.id });
    },
    from: 'accepted', as: ASSIGNEE, action: 'order.checkIn', payload: {}, to: 'in_progress',
    check: (o) => {
      expect(o.arrivedAt).toBe(at(o));
      expect(o.checkInLocation).toBeUndefined();
    },
  },
  ...(['accepted', 'in_progress', 'on_hold'] as const).map((from): AllowedRow => ({
    name: `the assigned technician adds progress to an ${from} order (status stays)`,
    from, as: ASSIGNEE, action: 'order.progress', payload: { note: '已关闭总阀', photos: [PROGRESS_PHOTO] }, to: from,
    check: (o) => expect(lastEntry(o)).toMatchObject({ note: '已关闭总阀', photos: [PROGRESS_PHOTO] }),
  })),
  ...(['accepted', 'in_progress'] as const).map((from): AllowedRow => ({
    name: `the assigned technician puts an ${from} order on hold with the next visit`,
    from, as: ASSIGNEE, action: 'order.hold', payload: { reason: '等配件到货', nextVisitAt: NEXT_VISIT }, to: 'on_hold', reason: '等配件到货',
    check: (o) => expect(o.hold).toEqual({ reason: '等配件到货', nextVisitAt: new Date(NEXT_VISIT).toISOString(), at: at(o) }),
  })),
  {
    name: 'the assigned technician completes with catalog materials: the server prices them (2 × 生料带 = 400 fen)',
    from: 'in_progress', as: ASSIGNEE, action: 'order.complete',
    payload: {
      summary: '更换水管接头并试压', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 2 }],
      measures: '关闭总阀', photos: [DONE_PHOTO], signature: SIGNATURE, invoiceNo: 'FP001', partBarcodes: ['BC-1'],
    },
    to: 'completed',
    check: (o, before) => {
      expect(o.completedAt).toBe(at(o));
      expect(o.completion).toEqual({
        summary: '更换水管接头并试压', workMinutes: 40, arrivedAt: before.arrivedAt, departedAt: at(o),
        materials: [{ materialId: 'demo-mat-tape', name: '生料带', spec: '20m', unit: '卷', qty: 2, price: 200, amount: 400 }],
        serviceItems: [], measures: '关闭总阀', photos: [DONE_PHOTO], signature: SIGNATURE,
        invoiceNo: 'FP001', partBarcodes: ['BC-1'], onBehalf: false, by: ASSIGNEE, byName: '赵强', locked: false,
        // what left the store for it (staff read it; given back if the record is replaced unconfirmed)
        stock: { taken: [{ materialId: 'demo-mat-tape', name: '生料带', spec: '20m', unit: '卷', qty: 2 }] },
      });
      // labor: 40 minutes bill as 45 at 工程部's 60 元/h; a free leak: the company bears it, the resident owes nothing
      expect(o.fee).toMatchObject({ labor: 4500, visit: 0, materials: 400, items: 0, total: 4900, payer: 'company', due: 0, paid: false });
      expect(lastEntry(o).note).toBe('更换水管接头并试压');
    },
  },
  {
    name: 'completion adds service items to the fee',
    from: 'in_progress', as: ASSIGNEE, action: 'order.complete',
    payload: { summary: '疏通', workMinutes: 30, materials: [{ materialId: 'demo-mat-tape', qty: 2 }], serviceItems: [{ name: '疏通费', price: 5000, qty: 1 }] },
    to: 'completed',
    check: (o) => {
      expect(o.fee).toMatchObject({ labor: 3000, materials: 400, items: 5000, total: 8400 });
      expect(o.completion?.serviceItems).toEqual([{ name: '疏通费', price: 5000, qty: 1, amount: 5000 }]);
    },
  },
  {
    name: 'the team leader completes on behalf of the team (代报完工)',
    from: 'in_progress', as: LEADER, action: 'order.complete', payload: { summary: '班组代报完工', workMinutes: 20 }, to: 'completed',
    check: (o) => {
      expect(o.completion).toMatchObject({ onBehalf: true, by: LEADER, byName: '王建国', locked: false });
      expect(o.assignee?.openid).toBe(ASSIGNEE);
    },
  },
  ...(['accepted', 'in_progress', 'on_hold'] as const).map((from): AllowedRow => ({
    name: `the service center records the completion of an ${from} order for the technician whose phone cannot (代报完工)`,
    from, as: DISPATCHER, action: 'order.complete', payload: { summary: '师傅电话报完工，客服代录', workMinutes: 30 }, to: 'completed',
    check: (o) => {
      expect(o.completion).toMatchObject({ onBehalf: true, by: DISPATCHER, byName: '陈静' });
      expect(o.assignee?.openid).toBe(ASSIGNEE);
    },
  })),
  {
    name: 'the reporter rates a completed order: it closes and the completion record locks',
    from: 'completed', as: REPORTER, action: 'order.rate', payload: { score: 4, comment: '还不错' }, to: 'closed',
    check: (o) => {
      expect(o.rating).toEqual({ score: 4, comment: '还不错', at: at(o) });
      expect(o.completion?.locked).toBe(true);
      expect(o.closedAt).toBe(at(o));
    },
  },
  ...(['completed', 'closed'] as const).map((from): AllowedRow => ({
    name: `the reporter reopens a ${from} order within 7 days: back to its technician`,
    from, as: REPORTER, action: 'order.reopen', payload: { reason: '又开始漏水了' }, to: 'assigned', reason: '又开始漏水了',
    check: (o) => {
      expect(o.assignee?.openid).toBe(ASSIGNEE);
      expect(o.reopenCount).toBe(1);
      expect(o.completion).toBeUndefined();
      expect(o.fee).toBeUndefined();
      expect(o.rating).toBeUndefined();
      expect(o.completedAt).toBeUndefined();
      expect(o.closedAt).toBeUndefined();
      expect(o.acceptedAt).toBeUndefined();
    },
  })),
  ...(['pending', 'assigned'] as const).map((from): AllowedRow => ({
    name: `the reporter cancels a ${from} order`,
    from, as: REPORTER, action: 'order.cancel', payload: { reason: '已自行修好' }, to: 'cancelled', reason: '已自行修好',
    check: (o) => expect(o.cancelledAt).toBe(at(o)),
  })),
  ...(['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'] as const).map((from): AllowedRow => ({
    name: `the dispatcher revokes a ${from} order`,
    from, as: DISPATCHER, action: 'order.revoke', payload: { reason: '重复报修' }, to: 'cancelled', reason: '重复报修',
    check: (o) => expect(o.cancelledAt).toBe(at(o)),
  })),
  {
    name: 'the manager revokes an accepted order',
    from: 'accepted', as: MANAGER, action: 'order.revoke', payload: { reason: '业主电话撤销' }, to: 'cancelled', reason: '业主电话撤销',
    check: (o) => expect(o.cancelledAt).toBe(at(o)),
  },
  ...(['completed', 'closed'] as const).map((from): AllowedRow => ({
    name: `the dispatcher records a revisit of a ${from} order (status stays)`,
    from, as: DISPATCHER, action: 'order.revisit', payload: { result: 'satisfied', note: '业主满意' }, to: from, reason: '满意',
    check: (o) => {
      expect(o.revisit).toEqual({ result: 'satisfied', note: '业主满意', by: DISPATCHER, at: at(o) });
      expect(o.revisits).toEqual([o.revisit]);
      expect(lastEntry(o).audience).toBe('staff');
    },
  })),
  {
    name: 'the manager records an unreachable revisit',
    from: 'completed', as: MANAGER, action: 'order.revisit', payload: { result: 'unreachable' }, to: 'completed', reason: '未联系上',
    check: (o) => expect(o.revisit).toEqual({ result: 'unreachable', by: MANAGER, at: at(o) }),
  },
  {
    name: 'the dispatcher verifies a completion reported on behalf and closes it (待关闭 → 已关闭): the completion locks',
    setup: async () => {
      const o = await driveTo(url, 'in_progress');
      return ok(url, LEADER, 'order.complete', { orderId: o.id, summary: '班组代报完工', workMinutes: 20 });
    },
    from: 'completed', as: DISPATCHER, action: 'order.close', payload: {}, to: 'closed',
    check: (o) => {
      expect(o.closedAt).toBe(at(o));
      expect(o.completion?.locked).toBe(true);
    },
  },
  {
    name: 'the manager closes a completed order once the 7-day rating window has passed',
    setup: async () => {
      const o = await driveTo(url, 'completed');
      await advanceMinutes(url, 7 * 24 * 60);
      return o;
    },
    from: 'completed', as: MANAGER, action: 'order.close', payload: {}, to: 'closed',
    check: (o) => expect(o.closedAt).toBe(at(o)),
  },
];

describe('every allowed step, taken by the person who may take it', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it.each(ALLOWED)('$name', async (row) => {
    const before = row.setup ? await row.setup() : await driveTo(url, row.from);
    expect(before.status).toBe(row.from);
    const res = await call(url, row.as, row.action, { orderId: before.id, ...row.payload });
    if (!res.ok) throw new Error(`${row.action}: ${JSON.stringify(res.error)}`);
    const returned = res.data as OrderWithTimeline;
    const step = row.action.slice('order.'.length) as OrderStep;
    const after = await expectStep(returned, { step, by: row.as, from: row.from, to: row.to, ...(row.reason ? { reason: row.reason } : {}) });
    expect(after.version).toBe(before.version + 1);
    expect(after.timeline).toHaveLength(before.timeline.length + 1);
    row.check?.(after, before);
  });
});

describe('stories of several steps', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('reject puts the order back in the pool; the dispatcher re-dispatches it to another technician', async () => {
    const o = await driveTo(url, 'assigned');
    await ok(url, ASSIGNEE, 'order.reject', { orderId: o.id, reason: '不在片区' });
    const pool = await ok(url, LEADER, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(pool.items.map((i) => i.id)).toContain(o.id);
    const re = await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: LEADER });
    await expectStep(re, { step: 'assign', by: DISPATCHER, from: 'pending', to: 'assigned' });
    expect(re.assignee?.openid).toBe(LEADER);
    const accepted = await ok(url, LEADER, 'order.accept', { orderId: o.id });
    expect(accepted.status).toBe('accepted');
    // the technician who rejected it no longer works it
    expect((await err(url, ASSIGNEE, 'order.checkIn', { orderId: o.id })).code).toBe('FORBIDDEN');
  });

  it('transfer: the new technician accepts, the old one may no longer act', async () => {
    const o = await driveTo(url, 'accepted');
    await ok(url, ASSIGNEE, 'order.transfer', { orderId: o.id, technicianId: LEADER, reason: '需要班组长' });
    expect((await err(url, ASSIGNEE, 'order.checkIn', { orderId: o.id })).code).toBe('FORBIDDEN');
    await ok(url, LEADER, 'order.accept', { orderId: o.id });
    const checked = await ok(url, LEADER, 'order.checkIn', { orderId: o.id });
    expect(checked).toMatchObject({ status: 'in_progress', assignee: { openid: LEADER } });
  });

  it('a transfer to the current assignee is refused and writes nothing', async () => {
    const o = await driveTo(url, 'assigned');
    const before = await snapshot(url, o.id);
    const e = await err(url, DISPATCHER, 'order.transfer', { orderId: o.id, technicianId: ASSIGNEE, reason: '重复' });
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.technicianId': expect.any(String) } });
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it.each([
    ['the dispatcher', DISPATCHER, 'demo2-tech', 'NOT_FOUND', 'payload.technicianId'],
    ['the dispatcher', DISPATCHER, OTHER_RESIDENT, 'NOT_FOUND', 'payload.technicianId'],
    ['the team leader', LEADER, NIGHT_TECH, 'FORBIDDEN', undefined],
  ] as const)('%s assigning to %s (%s) is refused and writes nothing', async (_who, as, technicianId, code, field) => {
    const o = await createOrder(url);
    const before = await snapshot(url, o.id);
    const e = await err(url, as, 'order.assign', { orderId: o.id, technicianId });
    expect(e.code).toBe(code);
    if (field) expect(Object.keys(e.fields ?? {})).toEqual([field]);
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('an assistant who is not a technician is named by their place in assistantIds', async () => {
    const o = await createOrder(url);
    const before = await snapshot(url, o.id);
    const e = await err(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE, assistantIds: [ASSIGNEE, REPORTER] });
    expect(e).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.assistantIds.1': expect.any(String) } });
    expect(Object.keys(e.fields ?? {})).toEqual(['payload.assistantIds.1']);
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('the assigned technician transfers only within their team; the dispatcher may transfer across teams', async () => {
    const o = await driveTo(url, 'accepted');
    const before = await snapshot(url, o.id);
    expect((await err(url, ASSIGNEE, 'order.transfer', { orderId: o.id, technicianId: NIGHT_TECH, reason: '夜班处理' })).code).toBe('FORBIDDEN');
    expect(await snapshot(url, o.id)).toEqual(before);
    const moved = await ok(url, DISPATCHER, 'order.transfer', { orderId: o.id, technicianId: NIGHT_TECH, reason: '夜班处理' });
    expect(moved).toMatchObject({ status: 'assigned', teamId: 'demo-team-night', assignee: { openid: NIGHT_TECH } });
  });

  it.each([DISPATCHER, MANAGER, LEADER])('requestReassign, then %s approves with a technician: reassigned to them', async (decider) => {
    const o = await driveTo(url, 'accepted');
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '需要两人配合' });
    const d = await ok(url, decider, 'order.decideReassign', { orderId: o.id, approve: true, technicianId: LEADER, reason: '同意' });
    await expectStep(d, { step: 'decideReassign', by: decider, from: 'accepted', to: 'assigned' });
    expect(lastEntry(d)).toMatchObject({ staffNote: '同意', holder: { before: { kind: 'person', id: ASSIGNEE }, after: { kind: 'person', id: LEADER } } });
    expect(d.assignee?.openid).toBe(LEADER);
    expect(d.reassignRequest).toBeUndefined();
    expect(d.acceptedAt).toBeUndefined();
  });

  it('requestReassign, then approve to the pool: pending, nobody assigned', async () => {
    const o = await driveTo(url, 'in_progress');
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '需要专业师傅' });
    const d = await ok(url, DISPATCHER, 'order.decideReassign', { orderId: o.id, approve: true });
    await expectStep(d, { step: 'decideReassign', by: DISPATCHER, from: 'in_progress', to: 'pending' });
    expect(d.assignee).toBeUndefined();
    expect(d.reassignRequest).toBeUndefined();
    const pool = await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(pool.items.map((i) => i.id)).toContain(o.id);
  });

  it('requestReassign, then the dispatcher rejects it (驳回): the technician keeps the order', async () => {
    const o = await driveTo(url, 'accepted');
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '太忙' });
    const d = await ok(url, DISPATCHER, 'order.decideReassign', { orderId: o.id, approve: false, reason: '人手不足，请继续处理' });
    await expectStep(d, { step: 'decideReassign', by: DISPATCHER, from: 'accepted', to: 'accepted', reason: '人手不足，请继续处理' });
    expect(d.assignee?.openid).toBe(ASSIGNEE);
    expect(d.reassignRequest).toBeUndefined();
    // a second request may be made after a rejection; two at once may not
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '还是太忙' });
    const before = await snapshot(url, o.id);
    expect((await err(url, ASSIGNEE, 'order.requestReassign', { orderId: o.id, reason: '再次申请' })).code).toBe('CONFLICT');
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('hold, then check in again: back in progress, hold cleared, first arrival kept', async () => {
    const o = await driveTo(url, 'in_progress');
    const held = await ok(url, ASSIGNEE, 'order.hold', { orderId: o.id, reason: '等配件', nextVisitAt: NEXT_VISIT });
    expect(held.hold?.nextVisitAt).toBe(new Date(NEXT_VISIT).toISOString());
    await advanceMinutes(url, 60);
    const back = await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
    await expectStep(back, { step: 'checkIn', by: ASSIGNEE, from: 'on_hold', to: 'in_progress' });
    expect(back.hold).toBeUndefined();
    expect(back.arrivedAt).toBe(o.arrivedAt);
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '配件到货后更换', workMinutes: 30 });
    expect(done.status).toBe('completed');
  });

  it('the team leader completes on behalf (代报完工), then the dispatcher verifies and closes', async () => {
    const o = await driveTo(url, 'in_progress');
    const done = await ok(url, LEADER, 'order.complete', { orderId: o.id, summary: '代报完工', workMinutes: 15 });
    expect(done.completion).toMatchObject({ onBehalf: true, by: LEADER, locked: false });
    const closed = await ok(url, DISPATCHER, 'order.close', { orderId: o.id });
    await expectStep(closed, { step: 'close', by: DISPATCHER, from: 'completed', to: 'closed' });
    expect(closed.completion).toMatchObject({ onBehalf: true, locked: true });
  });

  it('once rated, the completion is locked: it can be neither completed again nor rated again', async () => {
    const o = await driveTo(url, 'closed');
    expect(o.completion?.locked).toBe(true);
    const before = await snapshot(url, o.id);
    expect((await err(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '改一下', workMinutes: 5 })).code).toBe('CONFLICT');
    expect((await err(url, REPORTER, 'order.rate', { orderId: o.id, score: 1 })).code).toBe('CONFLICT');
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('a reopened order is worked again from the start and completes again', async () => {
    const o = await driveTo(url, 'closed');
    await ok(url, REPORTER, 'order.reopen', { orderId: o.id, reason: '又漏了' });
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '彻底更换', workMinutes: 60 });
    expect(done).toMatchObject({ status: 'completed', reopenCount: 1, completion: { summary: '彻底更换', locked: false } });
    expect(done.timeline.map((t) => t.step)).toEqual(['create', 'assign', 'accept', 'checkIn', 'complete', 'rate', 'reopen', 'accept', 'checkIn', 'complete']);
  });

  it('reopen works 6 days after completion and is refused (CONFLICT, nothing written) after 8 days', async () => {
    const recent = await driveTo(url, 'closed');
    const old = await driveTo(url, 'closed');
    await advanceMinutes(url, 6 * 24 * 60);
    expect((await ok(url, REPORTER, 'order.reopen', { orderId: recent.id, reason: '又漏了' })).status).toBe('assigned');
    await advanceMinutes(url, 2 * 24 * 60);
    const before = await snapshot(url, old.id);
    expect((await err(url, REPORTER, 'order.reopen', { orderId: old.id, reason: '又漏了' })).code).toBe('CONFLICT');
    expect(await snapshot(url, old.id)).toEqual(before);
  });
});

describe('routing and order numbers', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('demo dispatches by hand: in business hours a new order waits in the team pool', async () => {
    const o = await createOrder(url);
    expect(o).toMatchObject({ status: 'pending', teamId: 'demo-team-eng', reporter: { openid: REPORTER, name: '张伟' } });
    expect(o.assignee).toBeUndefined();
    expect(o.timeline).toEqual([expect.objectContaining({ step: 'create', by: expect.objectContaining({ openid: REPORTER }), to: 'pending' })]);
  });

  it('demo-2 assigns automatically: a new order in business hours is assigned to demo2-tech at once', async () => {
    const o = await createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak' });
    expect(o).toMatchObject({ status: 'assigned', propertyId: 'demo-2', teamId: 'demo2-team-eng', assignee: { openid: 'demo2-tech', name: '吴磊' } });
    const accepted = await ok(url, 'demo2-tech', 'order.accept', { orderId: o.id });
    expect(accepted.status).toBe('accepted');
  });

  it('order numbers are YYYYMMDD + 5 digits, consecutive per day across the deployment', async () => {
    await resetDemo(url);
    const a = await createOrder(url);
    const b = await createOrder(url, { as: OTHER_RESIDENT });
    const c = await createOrder(url, { as: DISPATCHER, onBehalfOf: { name: '王先生', phone: '13811112222' }, location: { kind: 'unit', text: '厨房', building: '3栋', room: '201' } });
    const other = await createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak' });
    expect([a.orderNo, b.orderNo, c.orderNo, other.orderNo]).toEqual(['2026112400001', '2026112400002', '2026112400003', '2026112400004']);
    await setTime(url, '2026-11-25T09:30:00+08:00');
    expect((await createOrder(url)).orderNo).toBe('2026112500001');
    expect((await createOrder(url)).orderNo).toBe('2026112500002');
  });

  it('the day of an order number is the property’s local day (00:30 in Shanghai is still the new day)', async () => {
    await setTime(url, '2026-11-26T00:30:00+08:00');
    expect((await createOrder(url)).orderNo).toBe('2026112600001');
  });

  it('after hours (22:00) a repair in demo goes to the night team’s pool', async () => {
    await setTime(url, '2026-11-24T22:00:00+08:00');
    const o = await createOrder(url);
    expect(o).toMatchObject({ status: 'pending', teamId: 'demo-team-night' });
    const nightPool = await ok(url, NIGHT_TECH, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(nightPool.items.map((i) => i.id)).toContain(o.id);
    const dayPool = await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool' });
    expect(dayPool.items.map((i) => i.id)).not.toContain(o.id);
    // the night technician can grab it
    expect((await ok(url, NIGHT_TECH, 'order.grab', { orderId: o.id })).status).toBe('accepted');
  });

  it('at 17:29 an order still goes to the day team, at 17:31 to the night team', async () => {
    await setTime(url, '2026-11-24T17:29:00+08:00');
    expect((await createOrder(url)).teamId).toBe('demo-team-eng');
    await setTime(url, '2026-11-24T17:31:00+08:00');
    expect((await createOrder(url)).teamId).toBe('demo-team-night');
  });
});

describe('grabbing', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('a technician of the team grabs a pending grab-enabled order; a second grab is a CONFLICT', async () => {
    const o = await createOrder(url);
    const g = await ok(url, LEADER, 'order.grab', { orderId: o.id });
    await expectStep(g, { step: 'grab', by: LEADER, from: 'pending', to: 'accepted' });
    const before = await snapshot(url, o.id);
    expect((await err(url, ASSIGNEE, 'order.grab', { orderId: o.id })).code).toBe('CONFLICT');
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('a category that is not grab-enabled (空调维修) cannot be grabbed', async () => {
    const o = await createOrder(url, { categoryId: 'demo-appliance-ac' });
    const before = await snapshot(url, o.id);
    expect((await err(url, ASSIGNEE, 'order.grab', { orderId: o.id })).code).toBe('FORBIDDEN');
    expect(await snapshot(url, o.id)).toEqual(before);
  });

  it('GRAB_LIMIT: with 3 open orders (grabLimit 3) the fourth grab is refused and writes nothing', async () => {
    const orders = await Promise.all([0, 1, 2, 3].map(() => createOrder(url, { categoryId: 'demo-public-light', location: { kind: 'public', text: '3栋楼道' } })));
    for (const o of orders.slice(0, 3)) expect((await ok(url, ASSIGNEE, 'order.grab', { orderId: o.id })).status).toBe('accepted');
    const fourth = orders[3]!;
    const before = await snapshot(url, fourth.id);
    expect((await err(url, ASSIGNEE, 'order.grab', { orderId: fourth.id })).code).toBe('GRAB_LIMIT');
    expect(await snapshot(url, fourth.id)).toEqual(before);
    // finishing one frees a place
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: orders[0]!.id });
    await ok(url, ASSIGNEE, 'order.complete', { orderId: orders[0]!.id, summary: '换灯泡', workMinutes: 10 });
    expect((await ok(url, ASSIGNEE, 'order.grab', { orderId: fourth.id })).status).toBe('accepted');
  });
});

describe('batch assignment', () => {
  beforeAll(async () => {
    await resetDemo(url);
  });

  it('assigns each order on its own: good ones assigned, a missing id and a wrong-state order reported', async () => {
    const a = await createOrder(url);
    const b = await createOrder(url, { as: OTHER_RESIDENT });
    const accepted = await driveTo(url, 'accepted');
    const acceptedBefore = await snapshot(url, accepted.id);
    const res = await ok(url, DISPATCHER, 'order.batchAssign', { orderIds: [a.id, 'o-no-such-order', b.id, accepted.id], technicianId: LEADER });
    expect(res).toEqual({ assigned: [a.id, b.id], failed: [{ id: 'o-no-such-order', code: 'NOT_FOUND' }, { id: accepted.id, code: 'CONFLICT' }] });
    for (const id of [a.id, b.id]) {
      const o = await getOrder(url, id);
      expect(o).toMatchObject({ status: 'assigned', assignee: { openid: LEADER } });
      expect(lastEntry(o)).toMatchObject({ step: 'assign', by: { openid: DISPATCHER }, from: 'pending', to: 'assigned' });
    }
    expect(await snapshot(url, accepted.id)).toEqual(acceptedBefore);
  });

  it('a technician who does not dispatch gets every order back as FORBIDDEN, nothing written', async () => {
    const a = await createOrder(url);
    const before = await snapshot(url, a.id);
    const res = await ok(url, ASSIGNEE, 'order.batchAssign', { orderIds: [a.id], technicianId: ASSIGNEE });
    expect(res).toEqual({ assigned: [], failed: [{ id: a.id, code: 'FORBIDDEN' }] });
    expect(await snapshot(url, a.id)).toEqual(before);
  });
});

/** Who takes each step in the refused table: the person who would be allowed in the right state. */
interface RefusedRow {
  action: ActionName;
  as: string;
  payload: Record<string, unknown>;
  state: OrderStatus | 'reassign_requested';
  code: 'CONFLICT' | 'FORBIDDEN';
}

const ALL_STATES: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'];

/** For each step, by hand from product.md: the states it may be taken from, and by whom. */
const STEP_RULES: { action: ActionName; as: string; payload: Record<string, unknown>; from: OrderStatus[]; forbiddenIn?: OrderStatus[] }[] = [
  { action: 'order.assign', as: DISPATCHER, payload: { technicianId: LEADER }, from: ['pending', 'assigned'] },
  { action: 'order.grab', as: LEADER, payload: {}, from: ['pending'] },
  // nobody is the assigned technician of a pending order, nor of one cancelled while pending
  { action: 'order.accept', as: ASSIGNEE, payload: {}, from: ['assigned'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.reject', as: ASSIGNEE, payload: { reason: '没空' }, from: ['assigned'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.transfer', as: DISPATCHER, payload: { technicianId: LEADER, reason: '调整' }, from: ['assigned', 'accepted', 'in_progress', 'on_hold'] },
  { action: 'order.requestReassign', as: ASSIGNEE, payload: { reason: '忙' }, from: ['assigned', 'accepted', 'in_progress', 'on_hold'], forbiddenIn: ['pending', 'cancelled'] },
  // no request is waiting on any of the shared orders
  { action: 'order.decideReassign', as: DISPATCHER, payload: { approve: true }, from: [] },
  { action: 'order.checkIn', as: ASSIGNEE, payload: {}, from: ['accepted', 'on_hold'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.progress', as: ASSIGNEE, payload: { note: '进行中' }, from: ['accepted', 'in_progress', 'on_hold'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.hold', as: ASSIGNEE, payload: { reason: '等配件', nextVisitAt: NEXT_VISIT }, from: ['accepted', 'in_progress'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.complete', as: ASSIGNEE, payload: { summary: '完工', workMinutes: 10 }, from: ['in_progress'], forbiddenIn: ['pending', 'cancelled'] },
  { action: 'order.rate', as: REPORTER, payload: { score: 5 }, from: ['completed'] },
  { action: 'order.reopen', as: REPORTER, payload: { reason: '又坏了' }, from: ['completed', 'closed'] },
  { action: 'order.cancel', as: REPORTER, payload: { reason: '不需要了' }, from: ['pending', 'assigned'] },
  { action: 'order.revoke', as: DISPATCHER, payload: { reason: '撤销' }, from: ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'] },
  { action: 'order.revisit', as: DISPATCHER, payload: { result: 'satisfied' }, from: ['completed', 'closed'] },
  // a fresh completion waits for the reporter's rating: the desk closes it only to verify, or after the window
  { action: 'order.close', as: DISPATCHER, payload: {}, from: [] },
];

const WRONG_STATE: RefusedRow[] = STEP_RULES.flatMap((r) =>
  ALL_STATES.filter((s) => !r.from.includes(s)).map((state) => ({
    action: r.action,
    as: r.as,
    payload: r.payload,
    state,
    code: r.forbiddenIn?.includes(state) ? ('FORBIDDEN' as const) : ('CONFLICT' as const),
  })),
);

/** Wrong person, right state: by hand from product.md's roles. */
const WRONG_PERSON: RefusedRow[] = [
  { action: 'order.assign', as: ASSIGNEE, payload: { technicianId: ASSIGNEE }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.assign', as: REPORTER, payload: { technicianId: ASSIGNEE }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.assign', as: NIGHT_TECH, payload: { technicianId: NIGHT_TECH }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.grab', as: NIGHT_TECH, payload: {}, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.grab', as: DISPATCHER, payload: {}, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.grab', as: REPORTER, payload: {}, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.accept', as: LEADER, payload: {}, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.accept', as: DISPATCHER, payload: {}, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.reject', as: LEADER, payload: { reason: '不行' }, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.reject', as: REPORTER, payload: { reason: '不行' }, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.transfer', as: REPORTER, payload: { technicianId: LEADER, reason: '换人' }, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.transfer', as: NIGHT_TECH, payload: { technicianId: NIGHT_TECH, reason: '换人' }, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.requestReassign', as: LEADER, payload: { reason: '忙' }, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.requestReassign', as: DISPATCHER, payload: { reason: '忙' }, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.decideReassign', as: ASSIGNEE, payload: { approve: true }, state: 'reassign_requested', code: 'FORBIDDEN' },
  { action: 'order.decideReassign', as: REPORTER, payload: { approve: false }, state: 'reassign_requested', code: 'FORBIDDEN' },
  { action: 'order.decideReassign', as: NIGHT_TECH, payload: { approve: false }, state: 'reassign_requested', code: 'FORBIDDEN' },
  { action: 'order.checkIn', as: LEADER, payload: {}, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.checkIn', as: DISPATCHER, payload: {}, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.progress', as: REPORTER, payload: { note: '我来写' }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.progress', as: NIGHT_TECH, payload: { note: '我来写' }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.hold', as: LEADER, payload: { reason: '等', nextVisitAt: NEXT_VISIT }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.hold', as: DISPATCHER, payload: { reason: '等', nextVisitAt: NEXT_VISIT }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.complete', as: REPORTER, payload: { summary: '完工', workMinutes: 10 }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.complete', as: NIGHT_TECH, payload: { summary: '完工', workMinutes: 10 }, state: 'in_progress', code: 'FORBIDDEN' },
  { action: 'order.rate', as: OTHER_RESIDENT, payload: { score: 1 }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.rate', as: ASSIGNEE, payload: { score: 5 }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.rate', as: DISPATCHER, payload: { score: 5 }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.reopen', as: OTHER_RESIDENT, payload: { reason: '又坏了' }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.reopen', as: DISPATCHER, payload: { reason: '又坏了' }, state: 'closed', code: 'FORBIDDEN' },
  { action: 'order.cancel', as: OTHER_RESIDENT, payload: { reason: '不要了' }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.cancel', as: DISPATCHER, payload: { reason: '不要了' }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.cancel', as: ASSIGNEE, payload: { reason: '不要了' }, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.revoke', as: REPORTER, payload: { reason: '撤销' }, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.revoke', as: LEADER, payload: { reason: '撤销' }, state: 'accepted', code: 'FORBIDDEN' },
  { action: 'order.revisit', as: ASSIGNEE, payload: { result: 'satisfied' }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.revisit', as: REPORTER, payload: { result: 'satisfied' }, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.close', as: ASSIGNEE, payload: {}, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.close', as: LEADER, payload: {}, state: 'completed', code: 'FORBIDDEN' },
  { action: 'order.close', as: REPORTER, payload: {}, state: 'completed', code: 'FORBIDDEN' },
  // another property's people touch nothing here
  { action: 'order.assign', as: 'demo2-manager', payload: { technicianId: 'demo2-tech' }, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.grab', as: 'demo2-tech', payload: {}, state: 'pending', code: 'FORBIDDEN' },
  { action: 'order.revoke', as: 'demo2-manager', payload: { reason: '撤销' }, state: 'assigned', code: 'FORBIDDEN' },
  { action: 'order.cancel', as: 'demo2-resident', payload: { reason: '不要了' }, state: 'pending', code: 'FORBIDDEN' },
];

describe('refused steps write nothing', () => {
  /** One order per state, shared: a refused step must leave it exactly as it was. */
  const shared = new Map<RefusedRow['state'], string>();

  beforeAll(async () => {
    await resetDemo(url);
    for (const s of ALL_STATES) shared.set(s, (await driveTo(url, s)).id);
    const requested = await driveTo(url, 'accepted');
    await ok(url, ASSIGNEE, 'order.requestReassign', { orderId: requested.id, reason: '需要两人配合' });
    shared.set('reassign_requested', requested.id);
  });

  const run = async (row: RefusedRow): Promise<void> => {
    const orderId = shared.get(row.state);
    if (!orderId) throw new Error(`no shared order in ${row.state}`);
    const before = await getOrder(url, orderId);
    const e = await err(url, row.as, row.action, { orderId, ...row.payload });
    expect(e.code).toBe(row.code);
    expect(e.message).toEqual(expect.any(String));
    const after = await getOrder(url, orderId);
    expect(after).toEqual(before);
  };

  it.each(WRONG_STATE)('$action by $as on a $state order → $code', run);
  it.each(WRONG_PERSON)('$action by $as on a $state order → $code', run);
});
