/**
 * Races on orders through local-cloud and the real wx-server-sdk (quality.md, Reliability):
 * many callers at once must leave exactly the outcome one caller at a time would.
 */
import { initSdk, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { call, dataOf, resetDemo as resetDemoAt } from '../support/orders';
import type { ActionData, ActionName, ActionPayload, ApiResponse } from '../../typings/api';
import type { Order } from '../../typings/domain';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});

/** The demo seed, with the clock at 10:00 on a Tuesday in Shanghai: inside business hours. */
const resetDemo = (): Promise<void> => resetDemoAt(cloud.url);

const api = <A extends ActionName>(openid: string, action: A, payload: ActionPayload<A>, requestId?: string): Promise<ApiResponse<ActionData<A>>> =>
  call(cloud.url, openid, action, payload, requestId);
const data = dataOf;

const leak = (description = '厨房水管接头漏水'): ActionPayload<'order.create'> => ({
  propertyId: 'demo',
  categoryId: 'demo-water-leak',
  description,
  location: { kind: 'unit', text: '厨房' },
});

const codeOf = (res: ApiResponse<unknown>): string => (res.ok ? 'ok' : res.error.code);

function tally(results: ApiResponse<unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[codeOf(r)] = (counts[codeOf(r)] ?? 0) + 1;
  return counts;
}

/** Technicians of 工程部 added through the SDK, as staff.join would leave them. */
async function addTechnicians(n: number, prefix: string): Promise<string[]> {
  const db = initSdk(cloud.url).database();
  const openids = Array.from({ length: n }, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
  await Promise.all(
    openids.map((openid, i) =>
      db.collection('users').add({
        data: {
          _id: openid,
          openid,
          name: `师傅${i + 1}`,
          phone: `1390000${String(1000 + i)}`,
          roles: [{ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', teamPath: ['demo-team-eng'] }],
        },
      }),
    ),
  );
  return openids;
}

/** Residents of 示范小区, one unit each. */
async function addResidents(n: number, prefix: string): Promise<string[]> {
  const db = initSdk(cloud.url).database();
  const openids = Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
  await Promise.all(
    openids.map((openid, i) =>
      db.collection('users').add({
        data: { _id: openid, openid, name: `住户${i + 1}`, phone: `1380000${String(1000 + i)}`, roles: [{ propertyId: 'demo', role: 'resident', building: `${i + 1}栋`, room: '101' }] },
      }),
    ),
  );
  return openids;
}

describe('order races', () => {
  beforeEach(resetDemo);

  it('50 technicians grab one order at once: exactly one wins, 49 get CONFLICT, and the order shows the winner once', async () => {
    const technicians = await addTechnicians(50, 'race-tech');
    const order = data(await api('demo-resident', 'order.create', leak()));
    expect(order.status).toBe('pending');

    const results = await Promise.all(technicians.map((t) => api(t, 'order.grab', { orderId: order.id })));

    expect(tally(results)).toEqual({ ok: 1, CONFLICT: 49 });
    const winner = technicians[results.findIndex((r) => r.ok)];
    const after = data(await api('demo-resident', 'order.get', { orderId: order.id }));
    expect(after).toMatchObject({ status: 'accepted', version: order.version + 1, assignee: { openid: winner } });
    expect(after.timeline.filter((e) => e.step === 'grab')).toEqual([expect.objectContaining({ by: expect.objectContaining({ openid: winner }), from: 'pending', to: 'accepted' })]);
    // the winner sees it among their orders; nobody else does
    const mine = data(await api(winner, 'order.list', { propertyId: 'demo', scope: 'assigned' }));
    expect(mine.items.map((o) => o.id)).toEqual([order.id]);
    const loser = technicians.find((t) => t !== winner)!;
    expect(data(await api(loser, 'order.list', { propertyId: 'demo', scope: 'assigned' })).items).toEqual([]);
  });

  it('1,000 orders created at once in one property on one day get 1,000 distinct consecutive numbers', async () => {
    const residents = await addResidents(10, 'race-resident');
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => api(residents[i % residents.length], 'order.create', leak(`漏水 #${i + 1}`), `create-${i + 1}`)),
    );

    expect(tally(results)).toEqual({ ok: 1000 });
    const orders = results.map((r) => data(r));
    expect(new Set(orders.map((o) => o.id)).size).toBe(1000);
    const numbers = orders.map((o) => o.orderNo).sort();
    const expected = Array.from({ length: 1000 }, (_, i) => `20261124${String(i + 1).padStart(5, '0')}`);
    expect(numbers).toEqual(expected);

    // what a resident sees: their own 100 orders, with the numbers the creates answered
    const seen: Order[] = [];
    let cursor: string | undefined;
    do {
      const page = data(await api(residents[0], 'order.list', { scope: 'mine', propertyId: 'demo', ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(100);
    const byId = new Map(orders.map((o) => [o.id, o.orderNo]));
    for (const o of seen) expect(o.orderNo).toBe(byId.get(o.id));
  }, 120_000);

  it('accept and revoke of one assigned order at once: exactly one wins, the other gets CONFLICT, and the order shows the winner', async () => {
    const wins: Record<string, number> = { accept: 0, revoke: 0 };
    // Warm workers, so neither call waits for a cold worker while the other finishes.
    await Promise.all(Array.from({ length: 4 }, () => api('demo-manager', 'user.me', {})));
    for (let round = 0; round < 6; round++) {
      const order = data(await api('demo-resident', 'order.create', leak(`第 ${round + 1} 次`)));
      data(await api('demo-dispatcher', 'order.assign', { orderId: order.id, technicianId: 'demo-tech-2' }));

      // Every database request waits 150 ms, so both calls read the assigned order before either
      // writes: the two decisions are made on the same version, and only one write may land.
      await localPost(cloud.url, 'faults', { latencyMs: 150 });
      const [accept, revoke] = await Promise.all([
        api('demo-tech-2', 'order.accept', { orderId: order.id }),
        api('demo-dispatcher', 'order.revoke', { orderId: order.id, reason: '重复报修' }),
      ]).finally(() => localPost(cloud.url, 'faults', {}));

      expect([codeOf(accept), codeOf(revoke)].sort()).toEqual(['CONFLICT', 'ok']);
      const after = data(await api('demo-dispatcher', 'order.get', { orderId: order.id }));
      const steps = after.timeline.map((e) => e.step);
      if (accept.ok) {
        wins.accept += 1;
        expect(after).toMatchObject({ status: 'accepted', version: order.version + 2, assignee: { openid: 'demo-tech-2' } });
        expect(after.cancelledAt).toBeUndefined();
        expect(steps).toEqual(['create', 'assign', 'accept']);
      } else {
        wins.revoke += 1;
        expect(after).toMatchObject({ status: 'cancelled', version: order.version + 2 });
        expect(after.acceptedAt).toBeUndefined();
        expect(steps).toEqual(['create', 'assign', 'revoke']);
      }
    }
    expect(wins.accept + wins.revoke).toBe(6);
  });

  it('one technician grabbing 6 orders at once never ends up holding more than the grab limit of 3', async () => {
    await resetDemo();
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(data(await api('demo-resident', 'order.create', leak(`第 ${i + 1} 处漏水`))));
    // Slow every database request so all six grabs count the technician's open orders before any writes.
    await localPost(cloud.url, 'faults', { latencyMs: 150 });
    const results = await Promise.all(orders.map((o) => api('demo-tech-2', 'order.grab', { orderId: o.id }))).finally(() =>
      localPost(cloud.url, 'faults', {}),
    );
    const won = results.filter((r) => r.ok).length;
    expect(won).toBeGreaterThanOrEqual(1);
    expect(won).toBeLessThanOrEqual(3);
    expect(results.every((r) => r.ok || ['CONFLICT', 'GRAB_LIMIT'].includes(r.error.code))).toBe(true);
    const mine = data(await api('demo-tech-2', 'order.list', { propertyId: 'demo', scope: 'assigned' }));
    expect(mine.items).toHaveLength(won);
    // and the places of the grabs that lost are free again: the technician can fill up to the limit
    const pool = data(await api('demo-tech-2', 'order.list', { propertyId: 'demo', scope: 'pool' }));
    for (const o of pool.items.slice(0, 3 - won)) expect(codeOf(await api('demo-tech-2', 'order.grab', { orderId: o.id }))).toBe('ok');
    const next = pool.items[3 - won];
    expect(next && codeOf(await api('demo-tech-2', 'order.grab', { orderId: next.id }))).toBe('GRAB_LIMIT');
  });

  it('a technician who loses a grab race gets the place back at once', async () => {
    await resetDemo();
    const contested = data(await api('demo-resident', 'order.create', leak('争抢的单')));
    const others = [];
    for (let i = 0; i < 3; i++) others.push(data(await api('demo-resident', 'order.create', leak(`另一单 ${i + 1}`))));
    // demo-tech-1 already holds two open orders: one place left
    for (const o of others.slice(0, 2)) data(await api('demo-tech-1', 'order.grab', { orderId: o.id }));
    await localPost(cloud.url, 'faults', { latencyMs: 150 });
    const [a, b] = await Promise.all([
      api('demo-tech-1', 'order.grab', { orderId: contested.id }),
      api('demo-tech-2', 'order.grab', { orderId: contested.id }),
    ]).finally(() => localPost(cloud.url, 'faults', {}));
    expect([codeOf(a), codeOf(b)].sort()).toEqual(['CONFLICT', 'ok']);
    const third = others[2];
    expect(codeOf(await api('demo-tech-1', 'order.grab', { orderId: third.id }))).toBe(a.ok ? 'GRAB_LIMIT' : 'ok');
  });
});
