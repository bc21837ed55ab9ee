/**
 * order.list's order and filter for technicians, done by the database rather than on the phone:
 * `sort: 'due'` lists open work by the next promise (arrival before the visit, completion after),
 * overdue first and finished orders last, across pages; the 抢单池 (`grabbable: true`) holds only
 * orders that may be grabbed, on every full page, while the pool without it still shows every
 * pending order (a team leader hands those on, the service center dispatches them).
 */
import type { Order, OrderStatus } from '../../typings/domain';
import { ASSIGNEE, DISPATCHER, LEADER, advanceMinutes, createOrder, driveTo, err, ok, resetDemo, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));
beforeEach(async () => {
  await resetDemo(url);
});

const BEFORE_ARRIVAL: OrderStatus[] = ['pending', 'assigned', 'accepted'];
const AFTER_ARRIVAL: OrderStatus[] = ['in_progress', 'on_hold'];

/** What the technician must keep next: arrival, then completion; nothing once it is done. */
function promise(o: Pick<Order, 'status' | 'due'>): string {
  if (BEFORE_ARRIVAL.includes(o.status)) return o.due.arriveBy;
  if (AFTER_ARRIVAL.includes(o.status)) return o.due.completeBy;
  return '\uffff';
}

/** Every page of a list, following nextCursor, with the page sizes seen. */
async function allPages(openid: string, payload: Record<string, unknown>): Promise<{ items: Order[]; pages: number[] }> {
  const items: Order[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(url, openid, 'order.list', { ...payload, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    pages.push(page.items.length);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, pages };
}

describe("order.list sort: 'due'", () => {
  it('lists a technician’s work by the next promise across pages: overdue first, finished last', async () => {
    // created over the morning, so newest-first and soonest-due differ
    const completed = (await driveTo(url, 'completed')).id;
    await advanceMinutes(url, 10);
    const inProgress = (await driveTo(url, 'in_progress')).id;
    await advanceMinutes(url, 10);
    const accepted = (await driveTo(url, 'accepted')).id;
    await advanceMinutes(url, 10);
    const onHold = (await driveTo(url, 'on_hold')).id;
    await advanceMinutes(url, 10);
    const urgent = (await driveTo(url, 'accepted', { urgency: 'urgent', description: '水管爆裂' })).id;
    await advanceMinutes(url, 10);
    const assigned = (await driveTo(url, 'assigned')).id;
    // the urgent visit (15 minutes) is now overdue; the others are not
    await advanceMinutes(url, 20);

    const due = await allPages(ASSIGNEE, { propertyId: 'demo', scope: 'assigned', sort: 'due', limit: 2 });
    expect(due.pages).toEqual([2, 2, 2]);
    const ids = due.items.map((o) => o.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids[0]).toBe(urgent);
    expect(ids.at(-1)).toBe(completed);
    // exactly the order of the promises (ties by id), checked against each order's own due dates
    const expected = [...due.items].sort((a, b) => promise(a).localeCompare(promise(b)) || a.id.localeCompare(b.id)).map((o) => o.id);
    expect(ids).toEqual(expected);
    expect(new Set(ids)).toEqual(new Set([completed, inProgress, accepted, onHold, urgent, assigned]));

    // the default stays newest first
    const created = await allPages(ASSIGNEE, { propertyId: 'demo', scope: 'assigned', limit: 2 });
    expect(created.items.map((o) => o.id)).toEqual([assigned, urgent, onHold, accepted, inProgress, completed]);
    expect(created.items.map((o) => o.id)).not.toEqual(ids);
  });

  it('keeps the order within a status filter, and follows a step that moves the promise', async () => {
    const first = (await driveTo(url, 'accepted')).id;
    await advanceMinutes(url, 30);
    const second = (await driveTo(url, 'accepted')).id;
    const open = { propertyId: 'demo', scope: 'assigned', status: ['accepted', 'in_progress'], sort: 'due', limit: 1 };
    expect((await allPages(ASSIGNEE, open)).items.map((o) => o.id)).toEqual([first, second]);

    // on site for the first one: its promise is now completion, hours away, so the second leads
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: first });
    expect((await allPages(ASSIGNEE, open)).items.map((o) => o.id)).toEqual([second, first]);
  });

  it('refuses a cursor of the other order, and an unknown sort, naming the field', async () => {
    await driveTo(url, 'accepted');
    await driveTo(url, 'accepted');
    const page = await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'assigned', limit: 1 });
    expect(page.nextCursor).toBeDefined();
    const mixed = await err(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'assigned', sort: 'due', limit: 1, cursor: page.nextCursor });
    expect(mixed).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.cursor': expect.any(String) } });
    const dueCursor = (await ok(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'assigned', sort: 'due', limit: 1 })).nextCursor;
    expect((await err(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'assigned', limit: 1, cursor: dueCursor })).fields).toHaveProperty(['payload.cursor']);
    const bad = await err(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'assigned', sort: 'soonest' });
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.sort': expect.any(String) } });
  });
});

describe('the 抢单池: the pool with grabbable: true', () => {
  it('never lists an order dispatched by hand, on any page, for a technician or a team leader', async () => {
    const grabbable: string[] = [];
    const byHand: string[] = [];
    for (let i = 0; i < 3; i++) {
      grabbable.push((await createOrder(url, { description: `厨房水管漏水 ${i}` })).id);
      await advanceMinutes(url, 1);
      // 空调维修 goes to 工程部 too, but the desk dispatches it
      byHand.push((await createOrder(url, { categoryId: 'demo-appliance-ac', description: `空调不制冷 ${i}` })).id);
      await advanceMinutes(url, 1);
    }
    for (const tech of [ASSIGNEE, LEADER]) {
      const pool = await allPages(tech, { propertyId: 'demo', scope: 'pool', grabbable: true, limit: 2 });
      expect(pool.items.map((o) => o.id)).toEqual([...grabbable].reverse());
      expect(pool.items.every((o) => o.grabbable && o.status === 'pending')).toBe(true);
      // full pages: nothing was thinned out after the database chose the page
      expect(pool.pages).toEqual([2, 1]);
    }
    // without it the pool is every pending order of the team: the leader hands the others on
    const whole = await allPages(LEADER, { propertyId: 'demo', scope: 'pool', limit: 50 });
    expect(new Set(whole.items.map((o) => o.id))).toEqual(new Set([...grabbable, ...byHand]));
    // and the desk asks for what it must dispatch by hand
    const desk = await allPages(DISPATCHER, { propertyId: 'demo', scope: 'pool', grabbable: false, limit: 2 });
    expect(desk.items.map((o) => o.id)).toEqual([...byHand].reverse());
  });

  it('names the field when grabbable is not a boolean', async () => {
    const bad = await err(url, ASSIGNEE, 'order.list', { propertyId: 'demo', scope: 'pool', grabbable: 'yes' });
    expect(bad).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.grabbable': expect.any(String) } });
  });
});
