/**
 * Pay on order (issue 10): a deposit or fixed-price category asks for its payment before anyone is
 * dispatched; the deposit comes off the bill at completion. Clock fixed; payments played through
 * local-cloud's WeChat Pay (POST /_local/pay/<outTradeNo>).
 */
import { initSdk, localPost } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, REPORTER, createOrder, err, ok, resetDemo, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

/** 空调维修 as a deposit category: 50 元 on order, the visit fee 30 元 and labor at completion. */
beforeEach(async () => {
  await resetDemo(url, '2026-12-07T10:00:00+08:00');
  await initSdk(url).database().collection('categories').doc('demo-appliance-ac').update({ data: { feeMode: 'deposit', prepayFen: 5000 } });
});

const order = () => createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷' });

describe('pay on order', () => {
  it('waits for the deposit: nobody is dispatched before it is paid; then the bill takes it off', async () => {
    const o = await order();
    expect(o).toMatchObject({ status: 'pending', prepay: { amount: 5000, paid: false } });
    expect(await err(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE })).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('支付') });
    // nobody's pool shows it until it is paid
    expect((await ok(url, DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((i) => i.id)).not.toContain(o.id);

    const { outTradeNo, payment } = await ok(url, REPORTER, 'order.pay', { orderId: o.id });
    expect(outTradeNo).toBe(`BX${o.orderNo}P5000`);
    expect(payment).toMatchObject({ package: expect.stringMatching(/^prepay_id=/) });
    const res = await localPost<{ errcode: number }>(url, `pay/${outTradeNo}`, { result: 'SUCCESS' });
    expect(res).toMatchObject({ errcode: 0 });
    await localPost(url, `pay/${outTradeNo}`, { result: 'SUCCESS' }); // WeChat Pay calls again: nothing changes

    const paid = await ok(url, DISPATCHER, 'order.get', { orderId: o.id });
    expect(paid.prepay).toMatchObject({ amount: 5000, paid: true });
    expect(paid.timeline.filter((e) => e.step === 'pay').map((e) => e.note)).toEqual(['已预付 50.00 元']);

    expect((await ok(url, DISPATCHER, 'order.list', { propertyId: 'demo', scope: 'pool' })).items.map((i) => i.id)).toContain(o.id);
    await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
    await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
    await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
    const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '清洗并补充冷媒', workMinutes: 60 });
    // 60 min × 80 元/h (空调班组? no: 工程部 60 元/h) + 30 元 visit = total; 50 元 paid on order comes off
    expect(done.fee?.total).toBeGreaterThan(5000);
    expect(done.fee?.due).toBe((done.fee?.total ?? 0) - 5000);
  });

  it('a reporter cannot cancel once the deposit is paid (the desk revokes and refunds)', async () => {
    const o = await order();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: o.id });
    await localPost(url, `pay/${outTradeNo}`, { result: 'SUCCESS' });
    expect(await err(url, REPORTER, 'order.cancel', { orderId: o.id, reason: '不修了' })).toMatchObject({ code: 'CONFLICT' });
    const revoked = await ok(url, DISPATCHER, 'order.revoke', { orderId: o.id, reason: '业主不修了' });
    expect(revoked.status).toBe('cancelled');
  });

  it('an unpaid order can still be cancelled by its reporter', async () => {
    const o = await order();
    expect((await ok(url, REPORTER, 'order.cancel', { orderId: o.id, reason: '不修了' })).status).toBe('cancelled');
  });
});
