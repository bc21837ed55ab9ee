/**
 * Appointment slots through order.create: capacity is never exceeded, even by 100 bookings at
 * once, and a cancelled or revoked order gives its place back.
 */
import { initSdk, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { DISPATCHER, REPORTER, call, createOrder, err, ok, resetDemo } from '../support/orders';

let cloud: LocalCloudProcess;
let url: string;
// 2026-11-25 09:00–11:00 for 空调维修: the day after the test clock (resetDemo: 2026-11-24 10:00), so it is bookable
const SLOT = 'demo-appliance-ac-2026-11-25-0900';

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  url = cloud.url;
  await resetDemo(url);
});
afterAll(async () => {
  await cloud.stop();
});

const slotInfo = async () =>
  (await ok(url, REPORTER, 'slots.list', { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' })).find((s) => s.id === SLOT);

const book = (as = REPORTER) => createOrder(url, { as, categoryId: 'demo-appliance-ac', description: '空调不制冷', slotId: SLOT });

describe('appointment slots', () => {
  beforeEach(async () => {
    await resetDemo(url);
  });

  it('100 bookings racing for a slot of capacity 5 get exactly 5 places', async () => {
    // the day's exception gives every window 5 places
    await initSdk(url).database().collection('categories').doc('demo-appliance-ac').update({
      data: { schedule: { windows: [{ weekdays: [1, 2, 3, 4, 5, 6, 7], start: '09:00', end: '11:00', capacity: 3 }], exceptions: [{ date: '2026-11-25', capacity: 5 }] } },
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(url, REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '空调不制冷', location: { kind: 'unit', text: '客厅' }, slotId: SLOT }),
      ),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'SLOT_FULL')).toBe(true);
    expect(await slotInfo()).toMatchObject({ capacity: 5, booked: 5, available: 0 });
    const mine = await ok(url, REPORTER, 'order.list', { scope: 'mine', propertyId: 'demo' });
    expect(mine.items).toHaveLength(5);
  });

  it('a cancelled order gives its place back, and the slot can be booked again', async () => {
    const orders = [await book(), await book(), await book()];
    expect(await slotInfo()).toMatchObject({ capacity: 3, booked: 3, available: 0 });
    expect((await err(url, REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '再约一次', location: { kind: 'unit', text: '客厅' }, slotId: SLOT })).code).toBe('SLOT_FULL');
    await ok(url, REPORTER, 'order.cancel', { orderId: orders[0].id, reason: '已自行修好' });
    expect(await slotInfo()).toMatchObject({ booked: 2, available: 1 });
    const again = await book();
    expect(again.slot?.id).toBe(SLOT);
    expect(await slotInfo()).toMatchObject({ booked: 3, available: 0 });
  });

  it('a revoked order gives its place back too, once', async () => {
    const order = await book();
    await ok(url, DISPATCHER, 'order.revoke', { orderId: order.id, reason: '重复报修' });
    expect(await slotInfo()).toMatchObject({ booked: 0, available: 3 });
  });

  it('a create that fails after booking gives the place back', async () => {
    // the booking is the create's first write; fail the next one (the day's order number)
    await fetch(`${url}/_local/faults`, { method: 'POST', body: JSON.stringify({ failWrite: { nth: 2 } }) });
    const res = await call(url, REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '空调不制冷', location: { kind: 'unit', text: '客厅' }, slotId: SLOT }, 'retry-me-0001');
    await fetch(`${url}/_local/faults`, { method: 'POST', body: '{}' });
    expect(res.ok).toBe(false);
    expect(await slotInfo()).toMatchObject({ booked: 0, available: 3 });
    // the user's retry with the same requestId books and creates once
    const retried = await call(url, REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '空调不制冷', location: { kind: 'unit', text: '客厅' }, slotId: SLOT }, 'retry-me-0001');
    expect(retried.ok).toBe(true);
    expect(await slotInfo()).toMatchObject({ booked: 1, available: 2 });
  });
});
