/**
 * Retries (quality.md): a client that repeats a request with the same `requestId` — because the
 * network dropped the answer, or because it tapped twice — gets the first result back, and
 * nothing happens twice: one order, one timeline entry, one queued notification.
 */
import { initSdk, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { call, dataOf, resetDemo } from '../support/orders';
import type { ActionData, ActionName, ActionPayload, ApiResponse } from '../../typings/api';
import type { OrderWithTimeline, OutboxEntry } from '../../typings/domain';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});

beforeEach(() => resetDemo(cloud.url));

const api = <A extends ActionName>(openid: string, action: A, payload: ActionPayload<A>, requestId?: string): Promise<ApiResponse<ActionData<A>>> =>
  call(cloud.url, openid, action, payload, requestId);
const data = dataOf;

const leak = (extra: Partial<ActionPayload<'order.create'>> = {}): ActionPayload<'order.create'> => ({
  propertyId: 'demo',
  categoryId: 'demo-water-leak',
  description: '厨房水管接头漏水',
  location: { kind: 'unit', text: '厨房' },
  ...extra,
});

/** The notifications waiting on an order: not part of the API, so read as the sender would. */
async function inboxOf(orderId: string): Promise<{ event: string; openid: string }[]> {
  const res = (await initSdk(cloud.url).database().collection('inbox').where({ orderId }).get()) as unknown as { data: { event: string; openid: string }[] };
  return res.data.map(({ event, openid }) => ({ event, openid }));
}

async function outboxOf(orderId: string): Promise<OutboxEntry[]> {
  const res = (await initSdk(cloud.url).database().collection('orders').doc(orderId).get()) as unknown as { data: { outbox: OutboxEntry[] } };
  return res.data.outbox;
}

async function mine(openid: string): Promise<string[]> {
  return data(await api(openid, 'order.list', { scope: 'mine', propertyId: 'demo' })).items.map((o) => o.id);
}


const times = <T>(n: number, f: (i: number) => Promise<T>): Promise<T>[] => Array.from({ length: n }, (_, i) => f(i));

async function sequential<T>(n: number, f: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f());
  return out;
}

/** What a retry must answer: the very order of the first call (the clock moves between calls). */
function expectSameOrder(results: OrderWithTimeline[]): void {
  const [first] = results;
  for (const r of results) expect(r).toEqual(first);
}

describe.each([
  ['one after another', (f: () => Promise<ApiResponse<OrderWithTimeline>>) => sequential(5, f)],
  ['all at once', (f: () => Promise<ApiResponse<OrderWithTimeline>>) => Promise.all(times(5, f))],
])('the same requestId five times, %s', (_how, repeat) => {
  it('order.create makes one order, with one create entry (the reporter’s confirmation is on screen: no notification)', async () => {
    const orders = (await repeat(() => api('demo-resident', 'order.create', leak(), 'create-1'))).map(data);

    expectSameOrder(orders);
    const [order] = orders;
    expect(order).toMatchObject({ orderNo: '2026112400001', status: 'pending', version: 1 });
    expect(await mine('demo-resident')).toEqual([order.id]);
    const stored = data(await api('demo-resident', 'order.get', { orderId: order.id }));
    expect(stored.timeline.map((e) => e.step)).toEqual(['create']);
    expect(await outboxOf(order.id)).toEqual([]);
    expect(await inboxOf(order.id)).toEqual([]);

    // the next report (a new requestId) takes the next number: the retries used none
    const next = data(await api('demo-resident', 'order.create', leak({ description: '卫生间也漏' }), 'create-2'));
    expect(next.orderNo).toBe('2026112400002');
  });

  it('order.create with an appointment books the slot once', async () => {
    // slots come from the schedule: book tomorrow's, at 10:00 on a fixed day
    const tomorrow = '2026-12-08';
    await localPost(cloud.url, 'time', { now: '2026-12-07T10:00:00+08:00' });
    const slotId = `demo-water-leak-${tomorrow}-0900`;
    const orders = (await repeat(() => api('demo-resident', 'order.create', leak({ slotId }), 'create-slot'))).map(data);

    expectSameOrder(orders);
    expect(orders[0].slot).toMatchObject({ id: slotId });
    const slots = data(await api('demo-resident', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: tomorrow }));
    expect(slots.find((s) => s.id === slotId)).toMatchObject({ capacity: 3, booked: 1, available: 2 });
  });

  it('order.accept takes one step: one timeline entry, one version, one order.accepted notification', async () => {
    const created = data(await api('demo-resident', 'order.create', leak()));
    const assigned = data(await api('demo-dispatcher', 'order.assign', { orderId: created.id, technicianId: 'demo-tech-2' }));

    const results = (await repeat(() => api('demo-tech-2', 'order.accept', { orderId: created.id }, 'accept-1'))).map(data);

    expectSameOrder(results);
    expect(results[0]).toMatchObject({ status: 'accepted', version: assigned.version + 1 });
    const stored = data(await api('demo-tech-2', 'order.get', { orderId: created.id }));
    expect(stored.version).toBe(assigned.version + 1);
    expect(stored.timeline.map((e) => e.step)).toEqual(['create', 'assign', 'accept']);
    expect((await outboxOf(created.id)).filter((e) => e.event === 'order.accepted')).toHaveLength(1);
    // one message-center item for the reporter, however many times the tap was sent
    expect((await inboxOf(created.id)).filter((i) => i.event === 'order.accepted').map((i) => i.openid)).toEqual(['demo-resident']);
  });

  it('order.progress (a step that keeps the status) adds one note', async () => {
    const created = data(await api('demo-resident', 'order.create', leak()));
    data(await api('demo-tech-2', 'order.grab', { orderId: created.id }));

    const results = (await repeat(() => api('demo-tech-2', 'order.progress', { orderId: created.id, note: '已关闭总阀' }, 'progress-1'))).map(data);

    expectSameOrder(results);
    const stored = data(await api('demo-resident', 'order.get', { orderId: created.id }));
    expect(stored.timeline.filter((e) => e.step === 'progress').map((e) => e.note)).toEqual(['已关闭总阀']);
    expect((await outboxOf(created.id)).filter((e) => e.event === 'order.progress')).toHaveLength(1);
    expect((await inboxOf(created.id)).filter((i) => i.event === 'order.progress')).toHaveLength(1);
  });
});

describe('a requestId belongs to its caller', () => {
  it("another resident's create with the same requestId makes their own order and never returns the first one", async () => {
    const first = data(await api('demo-resident', 'order.create', leak(), 'shared-id'));
    const second = data(await api('demo-resident-2', 'order.create', leak({ description: '阳台地漏堵塞' }), 'shared-id'));

    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ orderNo: '2026112400002', description: '阳台地漏堵塞', reporter: { openid: 'demo-resident-2' } });
    expect(await mine('demo-resident')).toEqual([first.id]);
    expect(await mine('demo-resident-2')).toEqual([second.id]);
  });

  it("a dispatcher's revoke with the technician's requestId is a new step, not the technician's accept replayed", async () => {
    const created = data(await api('demo-resident', 'order.create', leak()));
    data(await api('demo-dispatcher', 'order.assign', { orderId: created.id, technicianId: 'demo-tech-2' }));
    const accepted = data(await api('demo-tech-2', 'order.accept', { orderId: created.id }, 'shared-request-1'));

    const revoked = data(await api('demo-dispatcher', 'order.revoke', { orderId: created.id, reason: '重复报修' }, 'shared-request-1'));

    expect(revoked).toMatchObject({ status: 'cancelled', version: accepted.version + 1 });
    expect(revoked.timeline.map((e) => [e.step, e.by.openid])).toEqual([
      ['create', 'demo-resident'],
      ['assign', 'demo-dispatcher'],
      ['accept', 'demo-tech-2'],
      ['revoke', 'demo-dispatcher'],
    ]);
  });

  it("a second technician's grab with the winner's requestId is refused, not answered with the winner's order as theirs", async () => {
    const created = data(await api('demo-resident', 'order.create', leak()));
    data(await api('demo-tech-2', 'order.grab', { orderId: created.id }, 'grab-request-1'));

    const res = await api('demo-tech-1', 'order.grab', { orderId: created.id }, 'grab-request-1');

    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const stored = data(await api('demo-resident', 'order.get', { orderId: created.id }));
    expect(stored.assignee?.openid).toBe('demo-tech-2');
    expect(stored.timeline.filter((e) => e.step === 'grab')).toHaveLength(1);
  });
});
