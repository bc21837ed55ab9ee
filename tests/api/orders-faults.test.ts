/**
 * Faults midway (quality.md): a failing database write leaves every order consistent, and a
 * batch reports each order's own outcome.
 */
import { localPost } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, call, createOrder, ok, snapshot, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

describe('a database write failing midway', () => {
  it('fails a step as INTERNAL with nothing written, and the step works when retried', async () => {
    const order = await createOrder(url);
    await ok(url, DISPATCHER, 'order.assign', { orderId: order.id, technicianId: ASSIGNEE });
    const before = await snapshot(url, order.id);
    await localPost(url, 'faults', { failWrite: { nth: 1 } });
    const failed = await call(url, ASSIGNEE, 'order.accept', { orderId: order.id }, 'accept-once-0001');
    await localPost(url, 'faults', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(await snapshot(url, order.id)).toEqual(before);
    const retried = await call(url, ASSIGNEE, 'order.accept', { orderId: order.id }, 'accept-once-0001');
    expect(retried).toMatchObject({ ok: true, data: { status: 'accepted', version: before.version + 1 } });
  });

  it('batchAssign assigns the orders it can and reports the one whose write failed', async () => {
    const orders = [await createOrder(url), await createOrder(url), await createOrder(url)];
    // the batch reads the orders and the technician once, then writes each order: fail one write
    await localPost(url, 'faults', { failWrite: { nth: 2 } });
    const result = await ok(url, DISPATCHER, 'order.batchAssign', { orderIds: orders.map((o) => o.id), technicianId: ASSIGNEE });
    await localPost(url, 'faults', {});
    expect(result.assigned).toHaveLength(2);
    expect(result.failed).toEqual([{ id: expect.any(String), code: 'INTERNAL' }]);
    const statuses = await Promise.all(orders.map(async (o) => [o.id, (await snapshot(url, o.id)).status] as const));
    for (const [id, status] of statuses) expect(status).toBe(result.assigned.includes(id) ? 'assigned' : 'pending');
  });
});
