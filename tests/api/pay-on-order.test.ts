/**
 * Pay on order (issue 10): a deposit or fixed-price category asks for its payment before anyone is
 * dispatched; the deposit comes off the bill at completion. Clock fixed; payments played through
 * local-cloud's WeChat Pay (POST /_local/pay/<outTradeNo>).
 */
import type { Payment } from '../../typings/payments';
import { initSdk, localGet, localPost } from '../support/local-cloud';
import { sdkDatabase } from '../local-cloud/database-sdk';
import { ASSIGNEE, DISPATCHER, REPORTER, createOrder, err, ok, resetDemo, useDemoCloud } from '../support/orders';

let url: string;
useDemoCloud((started) => (url = started));

/** 空调维修 as a deposit category: 50 元 on order, the visit fee 30 元 and labor at completion. */
beforeEach(async () => {
  await resetDemo(url, '2026-12-07T10:00:00+08:00');
  await initSdk(url).database().collection('categories').doc('demo-appliance-ac').update({ data: { feeMode: 'deposit', prepayFen: 5000 } });
});

const order = () => createOrder(url, { categoryId: 'demo-appliance-ac', description: '空调不制冷' });

/** An order paid on order (`prepayFen`), dispatched by the desk, worked and completed after `workMinutes`. */
async function paidThenCompleted(prepayFen: number, workMinutes: number) {
  await initSdk(url).database().collection('categories').doc('demo-appliance-ac').update({ data: { prepayFen } });
  const o = await order();
  const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: o.id });
  await localPost(url, `pay/${outTradeNo}`, { result: 'SUCCESS' });
  await ok(url, DISPATCHER, 'order.assign', { orderId: o.id, technicianId: ASSIGNEE });
  await ok(url, ASSIGNEE, 'order.accept', { orderId: o.id });
  await ok(url, ASSIGNEE, 'order.checkIn', { orderId: o.id });
  const done = await ok(url, ASSIGNEE, 'order.complete', { orderId: o.id, summary: '清洗滤网', workMinutes });
  return { o, outTradeNo, done };
}

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

  it('auto mode: the order waits in the pool for its payment, then goes to a technician with it, who is told', async () => {
    await initSdk(url).database().collection('properties').doc('demo').update({ data: { dispatchMode: 'auto' } });
    const o = await order();
    expect(o).toMatchObject({ status: 'pending', prepay: { paid: false } });
    expect(o.assignee).toBeUndefined();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: o.id });
    expect(await localPost(url, `pay/${outTradeNo}`, { result: 'SUCCESS' })).toMatchObject({ errcode: 0 });

    const paid = await ok(url, DISPATCHER, 'order.get', { orderId: o.id });
    expect(paid).toMatchObject({ status: 'assigned', prepay: { paid: true }, assignee: { openid: expect.stringMatching(/^demo-tech-/) } });
    expect(paid.timeline.at(-1)).toMatchObject({ step: 'pay', from: 'pending', to: 'assigned', note: '已预付 50.00 元', by: { openid: 'system' } });
    const inbox = await ok(url, paid.assignee?.openid ?? '', 'inbox.list', {});
    expect(inbox.items.map((i) => [i.event, i.orderId])).toContainEqual(['order.assigned', o.id]);
    // WeChat Pay calls again: still one step, one assignment
    await localPost(url, `pay/${outTradeNo}`, { result: 'SUCCESS' });
    expect((await ok(url, DISPATCHER, 'order.get', { orderId: o.id })).version).toBe(paid.version);
  });

  it('a deposit larger than the bill: nothing due; the unused part goes back once the resident confirms, once', async () => {
    const { o, outTradeNo, done } = await paidThenCompleted(20000, 30);
    // 30 min at 60 元/h + 30 元 visit = 60 元 of a 200 元 deposit
    expect(done.fee).toMatchObject({ total: 6000, due: 0, refund: 14000 });
    expect(done.fee?.refunded).toBeUndefined();
    expect(await err(url, REPORTER, 'order.pay', { orderId: o.id })).toMatchObject({ code: 'CONFLICT' });

    const rated = await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 5 });
    expect(rated.fee).toMatchObject({ refund: 14000, refunded: { amount: 14000, refundId: expect.any(String) } });
    const trade = await localGet<{ refunds: { outRefundNo: string; refundFee: number }[] }>(url, `pay/${outTradeNo}`);
    expect(trade.refunds).toEqual([expect.objectContaining({ outRefundNo: `S${outTradeNo}`, refundFee: 14000 })]);
    const [payment] = (await sdkDatabase(url).collection('payments').where({ _id: outTradeNo }).get()).data as unknown as Payment[];
    expect(payment).toMatchObject({ status: 'paid', refund: { amount: 14000, by: REPORTER } });
    // the desk's revisit call later refunds nothing more
    await ok(url, DISPATCHER, 'order.revisit', { orderId: o.id, result: 'satisfied' });
    expect((await localGet<{ refunds: unknown[] }>(url, `pay/${outTradeNo}`)).refunds).toHaveLength(1);
  });

  it('a deposit smaller than the bill: the balance is due and paid as its own trade', async () => {
    const { o, outTradeNo: first, done } = await paidThenCompleted(5000, 90);
    // 90 min at 60 元/h + 30 元 = 120 元, 50 元 paid on order
    expect(done.fee).toMatchObject({ total: 12000, due: 7000 });
    expect(done.fee?.refund).toBeUndefined();
    const balance = await ok(url, REPORTER, 'order.pay', { orderId: o.id });
    expect(balance.outTradeNo).not.toBe(first);
    await localPost(url, `pay/${balance.outTradeNo}`, { result: 'SUCCESS' });
    expect((await ok(url, REPORTER, 'order.get', { orderId: o.id })).fee).toMatchObject({ paid: true, paidAmount: 7000 });
  });

  it('WeChat Pay refuses the refund at the rating: the rating lands; the desk’s verification or revisit refunds it later', async () => {
    const { o } = await paidThenCompleted(20000, 30);
    await localPost(url, 'faults', { openapi: { 'cloudPay.refund': 'SYSTEMERROR' } });
    const rated = await ok(url, REPORTER, 'order.rate', { orderId: o.id, score: 4 });
    expect(rated.status).toBe('closed');
    expect(rated.fee?.refunded).toBeUndefined();
    await localPost(url, 'faults', {});
    const called = await ok(url, DISPATCHER, 'order.revisit', { orderId: o.id, result: 'satisfied' });
    expect(called.fee?.refunded).toMatchObject({ amount: 14000 });
  });
});

