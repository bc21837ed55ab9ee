/**
 * cloudPay (wx.wxPayApi: multipart, JSON both ways) through the real wx-server-sdk: unifiedOrder
 * from a cloud function as the paying user, the payment callback fired by POST /_local/pay/<no>
 * into the function unifiedOrder named, queryOrder and refund, injected faults and reset.
 */
import path from 'node:path';
import { DEFAULT_TEST_NOW, callFunction, initSdk, localGet, localPost, ROOT, startLocalCloudProcess, type LocalCloudProcess, type WxServerSdk } from '../support/local-cloud';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'functions');

type PayerResult = { ok: true; res: Record<string, unknown> } | { ok: false; errCode: number; errMsg: string };
interface Payment {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

let cloud: LocalCloudProcess;
let sdk: WxServerSdk;

/** wx-server-sdk's typings leave cloudPay out; it is there at run time */
type PayCall = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;
const cloudPay = (): Record<'unifiedOrder' | 'queryOrder' | 'refund', PayCall> =>
  (sdk as unknown as { cloudPay: Record<'unifiedOrder' | 'queryOrder' | 'refund', PayCall> }).cloudPay;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty', functionsDir: FIXTURES });
  sdk = initSdk(cloud.url);
});
afterAll(async () => {
  await cloud.stop();
});
beforeEach(async () => {
  await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
});

const ORDER = {
  body: '报事报修-空调维修上门费',
  outTradeNo: 'BX2026112400001',
  spbillCreateIp: '127.0.0.1',
  subMchId: '1900000109',
  totalFee: 3000,
  functionName: 'paynotify',
  nonceStr: 'n0nce',
  tradeType: 'JSAPI',
};
const pay = (op: string, params: Record<string, unknown>, openid = 'demo-resident') =>
  callFunction<PayerResult>(cloud.url, 'payer', openid, { op, params });
const order = async (params: Record<string, unknown> = {}) => {
  const out = await pay('unifiedOrder', { ...ORDER, ...params });
  if (!out.body.ok) throw new Error(`unifiedOrder threw ${out.body.errCode} ${out.body.errMsg}`);
  return out.body.res;
};
async function fire(outTradeNo: string, result: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${cloud.url}/_local/pay/${encodeURIComponent(outTradeNo)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ result }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('cloudPay.unifiedOrder', () => {
  it('answers SUCCESS with the payment wx.requestPayment takes, and records the order for the caller', async () => {
    const res = await order();
    expect(res).toMatchObject({ errCode: 0, errMsg: 'cloudPay.unifiedOrder:ok', returnCode: 'SUCCESS', resultCode: 'SUCCESS', subMchId: '1900000109', tradeType: 'JSAPI' });
    const payment = res.payment as Payment;
    expect(payment).toEqual({
      appId: expect.any(String),
      timeStamp: expect.stringMatching(/^\d{10}$/),
      nonceStr: expect.stringMatching(/^\w{1,32}$/),
      package: `prepay_id=${String(res.prepayId)}`,
      signType: 'MD5',
      paySign: expect.stringMatching(/^[0-9A-F]{32}$/),
    });
    // seconds on local-cloud's clock, which runs on from the time the test set
    expect(Math.abs(Number(payment.timeStamp) - Date.parse(DEFAULT_TEST_NOW) / 1000)).toBeLessThan(5);
    expect(res.prepayId).toMatch(/^wx20261124100\d{3}[0-9a-f]{20}$/);

    const stored = await localGet<{ order: Record<string, unknown>; callbacks: unknown[] }>(cloud.url, `pay/${ORDER.outTradeNo}`);
    expect(stored.order).toMatchObject({ outTradeNo: ORDER.outTradeNo, totalFee: 3000, openid: 'demo-resident', functionName: 'paynotify', tradeState: 'NOTPAY' });
    expect(stored.callbacks).toEqual([]);
  });

  it('answers the same prepay id for the same unpaid order, and refuses another order under its number', async () => {
    const first = await order();
    const again = await order();
    expect(again.prepayId).toBe(first.prepayId);
    const other = await order({ totalFee: 100 });
    expect(other).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: '201 商户订单号重复' });
    expect(other.payment).toBeUndefined();
  });

  it('answers returnCode FAIL for a malformed order and records nothing', async () => {
    const bad: Record<string, unknown>[] = [
      { totalFee: 0 },
      { totalFee: 12.5 },
      { totalFee: '3000' },
      { outTradeNo: 'abc' },
      { outTradeNo: 'x'.repeat(33) },
      { outTradeNo: 'BX 2026' },
      { functionName: undefined },
      { body: undefined },
      { subMchId: undefined },
      { spbillCreateIp: undefined },
      { envId: 'another-env' },
      { tradeType: 'MICROPAY' },
    ];
    for (const [i, change] of bad.entries()) {
      const res = await order({ ...change, ...(change.outTradeNo === undefined ? { outTradeNo: `BAD000${i}` } : {}) });
      expect(res).toMatchObject({ errCode: 0, returnCode: 'FAIL', returnMsg: expect.any(String) });
      expect(res.payment).toBeUndefined();
    }
    expect((await fetch(`${cloud.url}/_local/pay/BAD0000`)).status).toBe(404);
  });

  it('needs a payer: from the test process without subOpenid it fails, with subOpenid it orders', async () => {
    const bare = await cloudPay().unifiedOrder({ ...ORDER, envId: 'local' });
    expect(bare).toMatchObject({ returnCode: 'FAIL', returnMsg: 'JSAPI支付必须传openid' });
    const withPayer = await cloudPay().unifiedOrder({ ...ORDER, envId: 'local', subOpenid: 'demo-resident-2' });
    expect(withPayer).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' });
  });
});

describe('POST /_local/pay/<outTradeNo>', () => {
  it('fires the callback function with WeChat Pay’s event and answers what it returned', async () => {
    await order({ attach: 'query' });
    const out = await fire(ORDER.outTradeNo, 'SUCCESS');
    expect(out.status).toBe(200);
    expect(out.headers.get('x-local-pay-acknowledged')).toBe('true');
    expect(out.headers.get('x-local-pay-attempt')).toBe('1');
    const event = out.body.event as Record<string, unknown>;
    expect(event).toEqual({
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      appid: expect.any(String),
      mchId: expect.any(String),
      subAppid: expect.any(String),
      subMchId: '1900000109',
      nonceStr: expect.any(String),
      openid: expect.stringMatching(/^oPoo/),
      isSubscribe: 'N',
      subOpenid: 'demo-resident',
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: 3000,
      cashFee: 3000,
      feeType: 'CNY',
      transactionId: expect.stringMatching(/^4200\d{6}20261124\d{10}$/),
      outTradeNo: ORDER.outTradeNo,
      timeEnd: expect.stringMatching(/^20261124100\d{3}$/),
      attach: 'query',
    });
    expect(out.body).toMatchObject({ errcode: 0 });
    // inside the callback the order already reads as paid
    expect(out.body.query).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS', tradeState: 'SUCCESS', transactionId: event.transactionId });
    // the callback is WeChat Pay's call, not a user's
    expect((out.body.wx as Record<string, unknown>).OPENID).toBe('');

    // a retry carries the same payment; each call is recorded
    const retry = await fire(ORDER.outTradeNo, 'SUCCESS');
    expect((retry.body.event as Record<string, unknown>).transactionId).toBe(event.transactionId);
    expect(retry.headers.get('x-local-pay-attempt')).toBe('2');
    const stored = await localGet<{ order: Record<string, unknown>; callbacks: { result: string; acknowledged: boolean }[] }>(cloud.url, `pay/${ORDER.outTradeNo}`);
    expect(stored.order).toMatchObject({ tradeState: 'SUCCESS', transactionId: event.transactionId });
    expect(stored.callbacks.map((c) => [c.result, c.acknowledged])).toEqual([['SUCCESS', true], ['SUCCESS', true]]);

    // a paid order cannot fail any more, nor be ordered again
    expect((await fire(ORDER.outTradeNo, 'FAIL')).status).toBe(409);
    expect(await order({ attach: 'query' })).toMatchObject({ resultCode: 'FAIL', errCodeDes: '该订单已支付' });
  });

  it('fires FAIL, records a callback that did not acknowledge, and reports a function that throws', async () => {
    await order({ attach: 'nack' });
    const failed = await fire(ORDER.outTradeNo, 'FAIL');
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ errcode: 1, event: { resultCode: 'FAIL', errCode: 'PAYERROR', outTradeNo: ORDER.outTradeNo } });
    expect(failed.headers.get('x-local-pay-acknowledged')).toBe('false');
    expect(await cloudPay().queryOrder({ subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo })).toMatchObject({ tradeState: 'PAYERROR' });

    await order({ outTradeNo: 'BX2026112400002', attach: 'throw' });
    const thrown = await fire('BX2026112400002', 'SUCCESS');
    expect(thrown.status).toBe(500);
    expect(thrown.body).toMatchObject({ errCode: expect.any(Number), errMsg: expect.stringContaining('payment callback failed') });
    const stored = await localGet<{ callbacks: { acknowledged: boolean }[] }>(cloud.url, 'pay/BX2026112400002');
    expect(stored.callbacks).toEqual([expect.objectContaining({ acknowledged: false })]);
  });

  it('answers 404 for an unknown order and 400 for an unknown result', async () => {
    expect((await fire('NOSUCHORDER1', 'SUCCESS')).status).toBe(404);
    await order();
    expect((await fire(ORDER.outTradeNo, 'MAYBE')).status).toBe(400);
  });
});

describe('cloudPay.queryOrder and refund', () => {
  it('queries NOTPAY then SUCCESS; refunds once per outRefundNo, never more than paid', async () => {
    await order();
    const q = { subMchId: ORDER.subMchId, outTradeNo: ORDER.outTradeNo };
    expect(await pay('queryOrder', q)).toMatchObject({ body: { ok: true, res: { resultCode: 'SUCCESS', tradeState: 'NOTPAY' } } });
    expect((await pay('refund', { ...q, outRefundNo: 'R1', totalFee: 3000, refundFee: 1000 })).body).toMatchObject({
      ok: true,
      res: { resultCode: 'FAIL', errCodeDes: '订单未支付，不能退款' },
    });
    await fire(ORDER.outTradeNo, 'SUCCESS');

    const refund = { ...q, outRefundNo: 'R1', totalFee: 3000, refundFee: 1000, functionName: 'paynotify' };
    const first = await pay('refund', refund);
    expect(first.body).toMatchObject({ ok: true, res: { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outRefundNo: 'R1', refundFee: 1000, refundId: expect.any(String) } });
    if (!first.body.ok) throw new Error('refund threw');
    const retried = await pay('refund', refund);
    expect(retried.body).toMatchObject({ ok: true, res: { refundId: first.body.res.refundId } });
    expect((await pay('refund', { ...refund, outRefundNo: 'R2', refundFee: 2001 })).body).toMatchObject({ res: { resultCode: 'FAIL', errCodeDes: '退款金额大于支付金额' } });
    expect((await pay('refund', { ...refund, outRefundNo: 'R2', refundFee: 2000 })).body).toMatchObject({ res: { resultCode: 'SUCCESS' } });
    expect((await pay('queryOrder', q)).body).toMatchObject({ res: { tradeState: 'REFUND' } });
    expect((await pay('queryOrder', { subMchId: '1900000999', outTradeNo: ORDER.outTradeNo })).body).toMatchObject({ res: { resultCode: 'FAIL', errCodeDes: '订单不存在' } });
  });
});

describe('faults and reset', () => {
  it('answers an injected WeChat Pay err_code (string) or a thrown system error (number)', async () => {
    await localPost(cloud.url, 'faults', { openapi: { 'cloudPay.unifiedOrder': 'SYSTEMERROR' } });
    expect(await order()).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'FAIL', errCodeDes: 'local-cloud fault injection' });
    await localPost(cloud.url, 'faults', { openapi: { 'cloudPay.unifiedOrder': -501003 } });
    expect((await pay('unifiedOrder', ORDER)).body).toMatchObject({ ok: false, errCode: -501003 });
    expect((await fetch(`${cloud.url}/_local/pay/${ORDER.outTradeNo}`)).status).toBe(404);
    await localPost(cloud.url, 'faults', {});
    expect(await order()).toMatchObject({ resultCode: 'SUCCESS' });
  });

  it('forgets pay orders on reset', async () => {
    await order();
    await fire(ORDER.outTradeNo, 'SUCCESS');
    await localPost(cloud.url, 'reset', { seed: 'empty', now: DEFAULT_TEST_NOW });
    expect((await fetch(`${cloud.url}/_local/pay/${ORDER.outTradeNo}`)).status).toBe(404);
    expect((await fire(ORDER.outTradeNo, 'SUCCESS')).status).toBe(404);
  });
});
