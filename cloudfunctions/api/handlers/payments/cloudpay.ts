/**
 * cloudPay (WeChat Pay for cloud development) as the payment handlers use it. wx-server-sdk's
 * typings leave cloudPay out and it overwrites `errCode` with 0, so WeChat Pay's own verdict is read
 * from `returnCode` (the request was well formed), `resultCode` (it was done) and `errCodeDes`.
 *
 * Configuration (environment variables of the `api` function):
 * - PAY_SUB_MCH_ID: the merchant number (子商户号) bound to the cloud environment; default 1900000109,
 *   WeChat Pay's documentation example, which local-cloud accepts like any other.
 * - PAY_ENV_ID: the environment whose `payNotify` function WeChat Pay calls back; default the
 *   environment the function runs in (local-cloud: `local`).
 */
import { randomBytes } from 'node:crypto';
import type { WxPaymentParams } from '../../../../typings/payments';

export const PAY_NOTIFY_FUNCTION = 'payNotify';
export const DEFAULT_SUB_MCH_ID = '1900000109';

/**
 * wx-server-sdk, loaded on first use: the registry (and so every handler module) is also loaded by
 * the API reference generator, where the SDK is not installed.
 */
async function sdk(): Promise<ReturnType<typeof import('../../../runtime/cloud').getCloud>> {
  const { getCloud } = await import('../../../runtime/cloud');
  return getCloud();
}

export async function payConfig(): Promise<{ subMchId: string; envId: string; clientIp: string }> {
  const wx = (await sdk()).getWXContext();
  return {
    subMchId: process.env.PAY_SUB_MCH_ID || DEFAULT_SUB_MCH_ID,
    envId: process.env.PAY_ENV_ID || wx.ENV || process.env.TCB_ENV || '',
    // the payer's IP as WeChat saw the call; WeChat Pay requires one
    clientIp: wx.CLIENTIP || '127.0.0.1',
  };
}

/** WeChat Pay's answer, as far as we read it. */
export interface PayAnswer {
  returnCode?: string;
  returnMsg?: string;
  resultCode?: string;
  errCodeDes?: string;
  payment?: WxPaymentParams;
  refundId?: string;
  /** queryOrder: NOTPAY, SUCCESS, PAYERROR, REFUND … */
  tradeState?: string;
  totalFee?: number;
  transactionId?: string;
}

type PayCall = (params: Record<string, unknown>) => Promise<PayAnswer>;

type PayApi = Record<'unifiedOrder' | 'queryOrder' | 'refund', PayCall>;

/**
 * One cloudPay call. The SDK's cloudPay answers any property as an API name (even `then`), so it is
 * never itself the value of a promise: only the call's answer is.
 */
async function callPay(api: keyof PayApi, params: Record<string, unknown>): Promise<PayAnswer> {
  const pay = ((await sdk()) as unknown as { cloudPay: PayApi }).cloudPay;
  return pay[api](params);
}

/** WeChat Pay's nonce_str: up to 32 random characters */
const nonceStr = (): string => randomBytes(16).toString('hex');

/** Done: well formed and carried out. */
export const succeeded = (a: PayAnswer): boolean => a.returnCode === 'SUCCESS' && a.resultCode === 'SUCCESS';
/** Why not, for logs and errors. */
export const whyNot = (a: PayAnswer): string => a.errCodeDes ?? a.returnMsg ?? 'unknown';

export interface UnifiedOrderInput {
  body: string;
  outTradeNo: string;
  totalFee: number;
}

export async function unifiedOrder(input: UnifiedOrderInput): Promise<PayAnswer> {
  const config = await payConfig();
  return callPay('unifiedOrder', {
    body: input.body,
    outTradeNo: input.outTradeNo,
    totalFee: input.totalFee,
    spbillCreateIp: config.clientIp,
    subMchId: config.subMchId,
    envId: config.envId,
    functionName: PAY_NOTIFY_FUNCTION,
    tradeType: 'JSAPI',
    nonceStr: nonceStr(),
    // the payer is the calling mini-program user (the function runs as them)
  });
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  totalFee: number;
  refundFee: number;
}

export async function refund(input: RefundInput): Promise<PayAnswer> {
  const config = await payConfig();
  return callPay('refund', { ...input, subMchId: config.subMchId, envId: config.envId, nonceStr: nonceStr() });
}

/** What WeChat Pay itself says of a trade (the callback confirms an event with it). */
export async function queryOrder(outTradeNo: string): Promise<PayAnswer> {
  const config = await payConfig();
  return callPay('queryOrder', { subMchId: config.subMchId, outTradeNo, nonceStr: nonceStr() });
}
