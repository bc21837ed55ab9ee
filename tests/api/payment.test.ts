/**
 * Payment through WeChat Pay (issue 10): order.pay answers what wx.requestPayment takes, the
 * payNotify callback marks the order paid exactly once (however often WeChat Pay calls), refuses
 * unknown trades, wrong amounts and forged events, records failures; a paid order is refunded
 * before it can be revoked. Every test starts from a fresh demo seed on a fixed clock.
 */
import type { ApiResponse } from '../../typings/api';
import type { OrderWithTimeline } from '../../typings/domain';
import type { OrderPayResult, PayCallbackReply, Payment } from '../../typings/payments';
import { sdkDatabase, type Db } from '../local-cloud/database-sdk';
import { callFunction, initSdk, localGet, localPost } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, MANAGER, OTHER_RESIDENT, REPORTER, call, driveTo, err, getOrder, ok, resetDemo, snapshot, useDemoCloud } from '../support/orders';

let url = '';
let db: Db;
useDemoCloud((u) => {
  url = u;
  db = sdkDatabase(u);
});
beforeEach(async () => {
  await resetDemo(url);
  await localPost(url, 'faults', {});
});

const AC = 'demo-appliance-ac';
/** 40 minutes bill as 45 at 工程部's 60 元/h (45 元) + the 30 元 visit fee */
const DUE = 7500;

async function completedAc(): Promise<OrderWithTimeline> {
  const order = await driveTo(url, 'in_progress', { categoryId: AC, description: '空调不制冷' });
  return ok(url, ASSIGNEE, 'order.complete', { orderId: order.id, summary: '清洗滤网并补充冷媒', workMinutes: 40 });
}

const payments = async (): Promise<Payment[]> => (await db.collection('payments').where({}).limit(100).get()).data as unknown as Payment[];

interface Fired {
  status: number;
  acknowledged: boolean;
  body: PayCallbackReply;
}
/** WeChat Pay's side: the user paid (or not), and the callback runs. */
async function fire(outTradeNo: string, result: 'SUCCESS' | 'FAIL'): Promise<Fired> {
  const res = await fetch(`${url}/_local/pay/${outTradeNo}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result }) });
  return { status: res.status, acknowledged: res.headers.get('x-local-pay-acknowledged') === 'true', body: (await res.json()) as PayCallbackReply };
}

/** payNotify invoked with an event of our making, as a caller without a user (a forger inside the cloud) would */
const notifyDirectly = async (event: Record<string, unknown>, openid?: string) => (await callFunction<PayCallbackReply>(url, 'payNotify', openid, event)).body;

describe('order.pay', () => {
  it('answers the WeChat Pay order number and the parameters for wx.requestPayment, and records a pending payment', async () => {
    const order = await completedAc();
    expect(order.fee).toMatchObject({ payer: 'resident', due: DUE, paid: false });
    const before = await snapshot(url, order.id);

    const paid = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    expect(paid).toEqual({
      outTradeNo: `BX${order.orderNo}V1F${DUE}`,
      payment: {
        appId: expect.any(String),
        timeStamp: expect.stringMatching(/^\d{10}$/),
        nonceStr: expect.any(String),
        package: expect.stringMatching(/^prepay_id=wx\w+$/),
        signType: 'MD5',
        paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
      },
    } satisfies OrderPayResult);
    const stored = await localGet<{ order: Record<string, unknown> }>(url, `pay/${paid.outTradeNo}`);
    expect(stored.order).toMatchObject({ totalFee: DUE, openid: REPORTER, functionName: 'payNotify', body: `报修费-${order.orderNo}`, tradeState: 'NOTPAY' });
    expect(await payments()).toEqual([
      expect.objectContaining({ _id: paid.outTradeNo, orderId: order.id, orderNo: order.orderNo, openid: REPORTER, amount: DUE, status: 'pending', createdAt: expect.stringMatching(/^2026-11-24T02:0/) }),
    ]);
    // asking for payment changes nothing on the order
    expect(await snapshot(url, order.id)).toEqual(before);

    // the sheet closed without paying: asking again is the same WeChat Pay order, not a second one
    const again = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    expect(again.outTradeNo).toBe(paid.outTradeNo);
    expect(again.payment.package).toBe(paid.payment.package);
    expect(await payments()).toHaveLength(1);
  });

  it('refuses when nothing is due, the order is not completed, cancelled or already paid (CONFLICT), nothing written', async () => {
    const free = await driveTo(url, 'completed');
    expect(free.fee).toMatchObject({ payer: 'company', due: 0 });
    expect(await err(url, REPORTER, 'order.pay', { orderId: free.id })).toMatchObject({ code: 'CONFLICT', message: '这张单没有需要您支付的费用' });
    const working = await driveTo(url, 'in_progress', { categoryId: AC });
    expect(await err(url, REPORTER, 'order.pay', { orderId: working.id })).toMatchObject({ code: 'CONFLICT', message: '订单当前处理中，完工后才能支付' });
    const cancelled = await driveTo(url, 'cancelled', { categoryId: AC });
    expect(await err(url, REPORTER, 'order.pay', { orderId: cancelled.id })).toMatchObject({ code: 'CONFLICT', message: '订单已取消，无需支付' });
    expect(await payments()).toEqual([]);

    const order = await completedAc();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    await fire(outTradeNo, 'SUCCESS');
    expect(await err(url, REPORTER, 'order.pay', { orderId: order.id })).toMatchObject({ code: 'CONFLICT', message: '这张单已经支付过了' });
  });

  it('only the reporter pays: another resident, the technician and the desk are FORBIDDEN; nothing written', async () => {
    const order = await completedAc();
    for (const who of [OTHER_RESIDENT, ASSIGNEE, DISPATCHER, MANAGER, 'demo2-resident']) {
      expect(await err(url, who, 'order.pay', { orderId: order.id })).toMatchObject({ code: 'FORBIDDEN', message: '只能支付自己报修的工单' });
    }
    expect(await payments()).toEqual([]);
  });

  it('authorization and bad input: UNAUTHENTICATED without a WeChat identity, INVALID_ARGUMENT naming the payload field, NOT_FOUND', async () => {
    const order = await completedAc();
    expect(await err(url, undefined, 'order.pay', { orderId: order.id })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await err(url, REPORTER, 'order.pay', {})).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.orderId': expect.any(String) } });
    expect(await err(url, REPORTER, 'order.pay', { orderId: 42 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.orderId': expect.any(String) } });
    expect(await err(url, REPORTER, 'order.pay', { orderId: { $ne: '' } })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.orderId': expect.any(String) } });
    expect(await err(url, REPORTER, 'order.pay', { orderId: order.id, amount: 1 })).toMatchObject({ code: 'INVALID_ARGUMENT', fields: { 'payload.amount': 'unknown field' } });
    expect(await err(url, REPORTER, 'order.pay', { orderId: 'no-such-order' })).toMatchObject({ code: 'NOT_FOUND', fields: { 'payload.orderId': 'not found' } });
    expect(await payments()).toEqual([]);
    const res: ApiResponse<unknown> = await call(url, REPORTER, 'order.pay', { orderId: order.id });
    expect(res.ok).toBe(true);
  });

  it('a WeChat Pay refusal is INTERNAL (logged), and the same bill can be paid once it works again', async () => {
    const order = await completedAc();
    await localPost(url, 'faults', { openapi: { 'cloudPay.unifiedOrder': 'SYSTEMERROR' } });
    expect(await err(url, REPORTER, 'order.pay', { orderId: order.id })).toMatchObject({ code: 'INTERNAL' });
    await localPost(url, 'faults', {});
    const paid = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    expect(await payments()).toEqual([expect.objectContaining({ _id: paid.outTradeNo, status: 'pending' })]);
  });
});

describe('payNotify (WeChat Pay’s callback)', () => {
  it('marks the order paid once even when the callback comes three times, and answers errcode 0 each time', async () => {
    const order = await completedAc();
    const rated = await ok(url, REPORTER, 'order.rate', { orderId: order.id, score: 5 });
    expect(rated.status).toBe('closed');
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: order.id });

    const first = await fire(outTradeNo, 'SUCCESS');
    expect(first).toMatchObject({ status: 200, acknowledged: true, body: { errcode: 0, errmsg: 'OK' } });
    const after = await snapshot(url, order.id);
    expect(after.version).toBe(rated.version + 1);
    for (let i = 0; i < 2; i++) expect(await fire(outTradeNo, 'SUCCESS')).toMatchObject({ status: 200, acknowledged: true, body: { errcode: 0 } });
    expect(await snapshot(url, order.id)).toEqual(after);

    // the reporter reads it paid, with one public timeline entry
    const seen = await getOrder(url, order.id, REPORTER);
    expect(seen.status).toBe('closed');
    expect(seen.fee).toMatchObject({ paid: true, paidAmount: DUE, due: DUE });
    const entries = seen.timeline.filter((e) => e.step === 'pay');
    expect(entries).toEqual([expect.objectContaining({ step: 'pay', from: 'closed', to: 'closed', audience: 'all', note: '已支付 75.00 元', by: expect.objectContaining({ role: 'system' }) })]);
    const [payment] = await payments();
    const trade = await localGet<{ order: { transactionId: string } }>(url, `pay/${outTradeNo}`);
    expect(payment).toMatchObject({ status: 'paid', transactionId: trade.order.transactionId, paidAt: expect.any(String) });
  });

  it('FAIL marks the payment failed and leaves the order unpaid; paying again then succeeds', async () => {
    const order = await completedAc();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    const before = await snapshot(url, order.id);
    expect(await fire(outTradeNo, 'FAIL')).toMatchObject({ acknowledged: true, body: { errcode: 0 } });
    expect(await payments()).toEqual([expect.objectContaining({ status: 'failed', failReason: '支付失败', failedAt: expect.any(String) })]);
    expect(await snapshot(url, order.id)).toEqual(before);
    expect((await getOrder(url, order.id)).fee?.paid).toBe(false);

    const again = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    expect(again.outTradeNo).toBe(outTradeNo);
    expect(await payments()).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(await fire(outTradeNo, 'SUCCESS')).toMatchObject({ acknowledged: true });
    expect((await getOrder(url, order.id)).fee).toMatchObject({ paid: true, paidAmount: DUE });
  });

  it('refuses an unknown trade and a wrong amount with a non-zero errcode (WeChat Pay calls again), writing nothing', async () => {
    // a WeChat Pay order nobody recorded, calling back into payNotify
    const sdk = initSdk(url) as unknown as { cloudPay: { unifiedOrder(p: Record<string, unknown>): Promise<Record<string, unknown>> } };
    const stray = await sdk.cloudPay.unifiedOrder({
      body: '报修费-stray', outTradeNo: 'BXSTRAY000001', totalFee: 100, spbillCreateIp: '127.0.0.1', subMchId: '1900000109',
      envId: 'local', functionName: 'payNotify', subOpenid: REPORTER, tradeType: 'JSAPI',
    });
    expect(stray).toMatchObject({ resultCode: 'SUCCESS' });
    const unknown = await fire('BXSTRAY000001', 'SUCCESS');
    expect(unknown.acknowledged).toBe(false);
    expect(unknown.body.errcode).not.toBe(0);

    const order = await completedAc();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    const before = await snapshot(url, order.id);
    const event = { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo, subMchId: '1900000109', subOpenid: REPORTER, transactionId: '4200000000202611240000000001' };
    // the amount is not the payment's
    expect((await notifyDirectly({ ...event, totalFee: 1 })).errcode).toBe(409);
    // the right amount, but WeChat Pay has not been paid: a forged event changes nothing
    expect((await notifyDirectly({ ...event, totalFee: DUE })).errcode).toBe(402);
    // a mini-program user calling the function is not WeChat Pay
    expect((await notifyDirectly({ ...event, totalFee: DUE }, REPORTER)).errcode).toBe(403);
    expect((await notifyDirectly({ nonsense: true })).errcode).toBe(400);
    expect(await snapshot(url, order.id)).toEqual(before);
    expect(await payments()).toEqual([expect.objectContaining({ status: 'pending' })]);
  });
});

describe('order.revoke of a paid order', () => {
  it('refunds what was paid first; while WeChat Pay refuses the refund the revoke is CONFLICT and nothing changes', async () => {
    const order = await completedAc();
    const { outTradeNo } = await ok(url, REPORTER, 'order.pay', { orderId: order.id });
    await fire(outTradeNo, 'SUCCESS');
    // not fixed: reopened, so the desk may revoke it again before the new visit
    const reopened = await ok(url, REPORTER, 'order.reopen', { orderId: order.id, reason: '还是不制冷' });
    expect(reopened.visits[0]?.fee).toMatchObject({ paid: true, paidAmount: DUE });

    await localPost(url, 'faults', { openapi: { 'cloudPay.refund': 'SYSTEMERROR' } });
    const before = await snapshot(url, order.id);
    expect(await err(url, DISPATCHER, 'order.revoke', { orderId: order.id, reason: '住户改约' })).toMatchObject({ code: 'CONFLICT', message: '已支付的费用退款未成功，暂不能撤销，请稍后重试' });
    expect(await snapshot(url, order.id)).toEqual(before);
    expect(await payments()).toEqual([expect.objectContaining({ status: 'paid' })]);

    await localPost(url, 'faults', {});
    const revoked = await ok(url, DISPATCHER, 'order.revoke', { orderId: order.id, reason: '住户改约' });
    expect(revoked.status).toBe('cancelled');
    expect(revoked.timeline[revoked.timeline.length - 1]).toMatchObject({ step: 'revoke', reason: '住户改约', note: '已退款 75.00 元' });
    const [payment] = await payments();
    expect(payment).toMatchObject({ status: 'refunded', refund: { outRefundNo: `R${outTradeNo}`, refundId: expect.any(String), amount: DUE, by: DISPATCHER } });
    const trade = await localGet<{ order: { tradeState: string }; refunds: { refundFee: number }[] }>(url, `pay/${outTradeNo}`);
    expect(trade.order.tradeState).toBe('REFUND');
    expect(trade.refunds.map((r) => r.refundFee)).toEqual([DUE]);
    // a late retry of the payment callback changes nothing on the revoked order
    const after = await snapshot(url, order.id);
    expect(await fire(outTradeNo, 'SUCCESS')).toMatchObject({ acknowledged: true });
    expect(await snapshot(url, order.id)).toEqual(after);
  });

});
