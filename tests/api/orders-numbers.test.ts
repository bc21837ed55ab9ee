/**
 * Order numbers are one daily series for the whole deployment (the call center numbers every
 * property's orders together), and staff look an order up by its number with order.list's
 * `orderNo` filter, only among the orders their scope shows, from a declared index, in ≤ 2
 * database requests.
 */
import { callFunction, localGet } from '../support/local-cloud';
import { DISPATCHER, MANAGER, OTHER_RESIDENT, REPORTER, advanceMinutes, createOrder, resetDemo, useDemoCloud } from '../support/orders';
import type { ActionData, ActionName, ApiResponse } from '../../typings/api';
import type { OrderWithTimeline } from '../../typings/domain';
import type { OrderPage } from '../../typings/order-actions';

let url = '';
useDemoCloud((u) => {
  url = u;
});

/** Mon 2026-12-07 10:00 Shanghai: business hours in both demo properties. */
const MONDAY = '2026-12-07T10:00:00+08:00';

beforeEach(async () => {
  await resetDemo(url, MONDAY);
});

async function api<A extends ActionName>(openid: string, action: A, payload: unknown): Promise<{ body: ApiResponse<ActionData<A>>; dbRequests: number }> {
  const res = await callFunction<ApiResponse<ActionData<A>>>(url, 'api', openid, { action, payload });
  if (res.status !== 200) throw new Error(`${action} as ${openid}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return { body: res.body, dbRequests: res.dbRequests };
}

function dataOf<T>(res: { body: ApiResponse<T> }): T {
  if (!res.body.ok) throw new Error(`expected ok, got ${JSON.stringify(res.body.error)}`);
  return res.body.data;
}

const demo2Order = (): Promise<OrderWithTimeline> =>
  createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak', location: { kind: 'unit', text: '5栋501 厨房' } });

/** order.list by number as `openid`: the ids found and the database requests it took. */
async function findByNo(openid: string, payload: Record<string, unknown>): Promise<{ ids: string[]; dbRequests: number }> {
  const res = await api(openid, 'order.list', payload);
  const page: OrderPage = dataOf(res);
  return { ids: page.items.map((o) => o.id), dbRequests: res.dbRequests };
}

async function unindexedQueries(): Promise<unknown[]> {
  return (await localGet<{ unindexedQueries: unknown[] }>(url, 'stats')).unindexedQueries;
}

describe('order numbers are unique across the deployment', () => {
  it('numbers the orders of demo and demo-2 on one day in one series, and starts again the next day', async () => {
    const first = await createOrder(url);
    const second = await demo2Order();
    const third = await createOrder(url, { as: OTHER_RESIDENT, location: { kind: 'unit', text: '2栋302 卫生间' } });
    expect([first.orderNo, second.orderNo, third.orderNo]).toEqual(['2026120700001', '2026120700002', '2026120700003']);

    await advanceMinutes(url, 24 * 60);
    expect((await demo2Order()).orderNo).toBe('2026120800001');
    expect((await createOrder(url)).orderNo).toBe('2026120800002');
  });

  it('gives 40 orders created at once in both properties 40 distinct consecutive numbers', async () => {
    const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? demo2Order() : createOrder(url, { description: `漏水 #${i + 1}` }))));
    expect(orders.map((o) => o.orderNo).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `20261207${String(i + 1).padStart(5, '0')}`));
    expect(new Set(orders.filter((o) => o.propertyId === 'demo-2').map((o) => o.orderNo)).size).toBe(20);
  });
});

describe('order.list with orderNo', () => {
  it('lets the dispatcher and the manager find any order of the property by its number, in at most 2 requests', async () => {
    const orders = [await createOrder(url), await createOrder(url, { as: OTHER_RESIDENT, location: { kind: 'unit', text: '2栋302' } }), await createOrder(url)];
    const wanted = orders[1];
    for (const who of [DISPATCHER, MANAGER]) {
      const found = await findByNo(who, { propertyId: 'demo', scope: 'all', orderNo: wanted.orderNo });
      expect(found.ids).toEqual([wanted.id]);
      expect(found.dbRequests).toBeLessThanOrEqual(2);
    }
    const page = dataOf(await api(DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'all', orderNo: wanted.orderNo }));
    expect(page).toEqual({ items: [expect.objectContaining({ id: wanted.id, orderNo: wanted.orderNo, propertyId: 'demo', status: 'pending' })] });
    // with the other filters too: a status it is not in finds nothing
    expect((await findByNo(DISPATCHER, { propertyId: 'demo', scope: 'all', orderNo: wanted.orderNo, status: ['closed'] })).ids).toEqual([]);
    expect((await findByNo(DISPATCHER, { propertyId: 'demo', scope: 'pool', orderNo: wanted.orderNo })).ids).toEqual([wanted.id]);
    // a number nobody has
    expect((await findByNo(DISPATCHER, { propertyId: 'demo', scope: 'all', orderNo: '2026120799999' })).ids).toEqual([]);
    expect(await unindexedQueries()).toEqual([]);
  });

  it("does not show another property's order to the dispatcher, nor a demo order to demo-2's manager", async () => {
    const here = await createOrder(url);
    const there = await demo2Order();
    expect((await findByNo(DISPATCHER, { propertyId: 'demo', scope: 'all', orderNo: there.orderNo })).ids).toEqual([]);
    expect((await findByNo('demo2-manager', { propertyId: 'demo-2', scope: 'all', orderNo: here.orderNo })).ids).toEqual([]);
    expect((await findByNo('demo2-manager', { propertyId: 'demo-2', scope: 'all', orderNo: there.orderNo })).ids).toEqual([there.id]);
    expect((await api('demo2-manager', 'order.list', { propertyId: 'demo', scope: 'all', orderNo: here.orderNo })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await unindexedQueries()).toEqual([]);
  });

  it('lets a resident find only their own order by its number (scope mine), in 1 request', async () => {
    const mine = await createOrder(url);
    const theirs = await createOrder(url, { as: OTHER_RESIDENT, location: { kind: 'unit', text: '2栋302' } });
    const there = await demo2Order();

    const own = await findByNo(REPORTER, { scope: 'mine', orderNo: mine.orderNo });
    expect(own).toEqual({ ids: [mine.id], dbRequests: 1 });
    expect((await findByNo(REPORTER, { propertyId: 'demo', scope: 'mine', orderNo: mine.orderNo })).ids).toEqual([mine.id]);
    // another resident's order, in the same property or the other one, is not found
    expect((await findByNo(REPORTER, { scope: 'mine', orderNo: theirs.orderNo })).ids).toEqual([]);
    expect((await findByNo(REPORTER, { propertyId: 'demo', scope: 'mine', orderNo: theirs.orderNo })).ids).toEqual([]);
    expect((await findByNo(REPORTER, { scope: 'mine', orderNo: there.orderNo })).ids).toEqual([]);
    expect((await findByNo('demo2-resident', { scope: 'mine', orderNo: mine.orderNo })).ids).toEqual([]);
    expect((await findByNo('demo2-resident', { propertyId: 'demo-2', scope: 'mine', orderNo: there.orderNo })).ids).toEqual([there.id]);
    // a resident cannot widen the scope to find it
    expect((await api(REPORTER, 'order.list', { propertyId: 'demo', scope: 'all', orderNo: theirs.orderNo })).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await unindexedQueries()).toEqual([]);
  });

  it.each([
    ['an operator', { $gt: '' }],
    ['letters', 'abc'],
    ['12 digits', '202612070000'],
    ['14 digits', '20261207000011'],
    ['a number', 2026120700001],
    ['digits with spaces', ' 2026120700001'],
    ['a regex-like text', '2026120700.*'],
    ['an array', ['2026120700001']],
    ['null', null],
  ])('refuses %s as orderNo with INVALID_ARGUMENT naming payload.orderNo, reading nothing', async (_what, orderNo) => {
    await createOrder(url);
    const res = await api(DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'all', orderNo });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.orderNo': expect.any(String) } } });
    expect(res.dbRequests).toBe(0);
  });
});
