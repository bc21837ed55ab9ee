/**
 * The event WeChat Pay for cloud development passes to the function named in unifiedOrder's
 * functionName: the v2 payment notification in camelCase, as developers.weixin.qq.com
 * (wxcloudrun …/pay/callback, "支付结果回调") shows it:
 *   { returnCode, appid, mchId, subAppid, subMchId, nonceStr, resultCode, openid, isSubscribe,
 *     subOpenid, subIsSubscribe, tradeType, bankType, totalFee, feeType, cashFee, transactionId,
 *     outTradeNo, timeEnd }
 * `openid` is the payer under the service provider's appid; the mini-program user is `subOpenid`.
 * The function must answer { errcode: 0 } or WeChat Pay calls again (for up to two days).
 */
import { createHash } from 'node:crypto';
import { LOCAL_MCH_ID, nonce } from './apis';
import type { PayOrder } from './store';

export type PayResult = 'SUCCESS' | 'FAIL';

/** A stable stand-in for the payer's openid under the service provider's appid. */
function providerOpenid(subOpenid: string): string {
  return `oPoo${createHash('sha256').update(subOpenid).digest('base64url').slice(0, 24)}`;
}

export function callbackEvent(order: PayOrder, result: PayResult, appid: string): Record<string, unknown> {
  const common = {
    returnCode: 'SUCCESS',
    appid,
    mchId: LOCAL_MCH_ID,
    subAppid: appid,
    subMchId: order.subMchId,
    nonceStr: nonce().slice(0, 16),
    resultCode: result,
    openid: providerOpenid(order.openid),
    isSubscribe: 'N',
    subOpenid: order.openid,
    subIsSubscribe: 'N',
    tradeType: order.tradeType,
    totalFee: order.totalFee,
    feeType: 'CNY',
    outTradeNo: order.outTradeNo,
    ...(order.attach !== null ? { attach: order.attach } : {}),
  };
  if (result === 'FAIL') {
    // WeChat Pay itself only notifies successes; a failure is for tests of the failure path
    return { ...common, errCode: 'PAYERROR', errCodeDes: '支付失败' };
  }
  return {
    ...common,
    bankType: 'OTHERS',
    cashFee: order.totalFee,
    transactionId: order.transactionId,
    timeEnd: order.timeEnd,
  };
}

/** WeChat Pay stops calling back once the function answers errcode 0. */
export function acknowledged(response: unknown): boolean {
  return typeof response === 'object' && response !== null && (response as { errcode?: unknown }).errcode === 0;
}
