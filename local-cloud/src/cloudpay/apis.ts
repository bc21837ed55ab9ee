/**
 * The cloudPay APIs (WeChat Pay v2 for cloud development) local-cloud answers: unifiedOrder,
 * queryOrder, refund. Parameters and answers are WeChat Pay's snake_case JSON (the SDK converts
 * both ways). As in WeChat Pay v2, a malformed request answers return_code FAIL with return_msg,
 * a well-formed one that cannot be done answers result_code FAIL with err_code / err_code_des.
 * (wx-server-sdk then overwrites `errCode` with 0, so callers read resultCode and errCodeDes.)
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Clock } from '../clock';
import type { PayOrder, PayStore } from './store';

export type PayBody = Record<string, unknown>;

export interface PayDeps {
  store: PayStore;
  clock: Clock;
  appid: string;
  env: string;
  /** the WeChat user whose function invocation made the request, if any */
  callerOpenid?: string;
}

/** the cloud-development service provider's merchant number (mch_id); sub_mch_id is the caller's */
export const LOCAL_MCH_ID = '1800008281';
/** the key local-cloud signs with; nothing verifies it, but paySign has WeChat's shape */
const SIGN_KEY = 'local-cloud-wechat-pay-signing-key';
const OUT_TRADE_NO = /^[A-Za-z0-9_\-|*]{6,32}$/;
const FUNCTION_NAME = /^[\w-]{1,60}$/;
const TRADE_TYPES = new Set(['JSAPI', 'NATIVE']);

export const nonce = (): string => randomBytes(16).toString('hex');

/** WeChat Pay v2 MD5 signature: sorted non-empty key=value pairs, &key=…, MD5, upper case. */
export function paySign(params: Record<string, unknown>): string {
  const text = Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== null && params[k] !== '')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
  return createHash('md5').update(`${text}&key=${SIGN_KEY}`).digest('hex').toUpperCase();
}

/** yyyyMMddHHmmss in Beijing time, WeChat Pay's time format */
export function beijingStamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/[-T:]/g, '').slice(0, 14);
}

const digits = (n: number): string => Array.from({ length: n }, () => randomInt(10)).join('');

export function newTransactionId(ms: number): string {
  // 28 digits like "4200004561202203217657282768": 4200, 6 digits, the date, 10 digits
  return `4200${digits(6)}${beijingStamp(ms).slice(0, 8)}${digits(10)}`;
}

/** the fields every answer with return_code SUCCESS carries */
function envelope(deps: PayDeps, subMchId: string): PayBody {
  const base = { appid: deps.appid, mch_id: LOCAL_MCH_ID, sub_appid: deps.appid, sub_mch_id: subMchId, nonce_str: nonce() };
  return { return_code: 'SUCCESS', return_msg: 'OK', ...base, sign: paySign(base) };
}

/** A malformed request: answered return_code FAIL with this return_msg. */
class FormatError extends Error {}

export function bizError(deps: PayDeps, subMchId: string, errCode: string, errCodeDes: string): PayBody {
  return { ...envelope(deps, subMchId), result_code: 'FAIL', err_code: errCode, err_code_des: errCodeDes };
}

/** A string of at most `max` characters; absent (undefined, null, '') is undefined. */
function optText(params: PayBody, key: string, max: number): string | undefined {
  const v = params[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || [...v].length > max) throw new FormatError(`${key} 参数格式校验错误`);
  return v;
}

function text(params: PayBody, key: string, max: number): string {
  const v = optText(params, key, max);
  if (v === undefined) throw new FormatError(`缺少参数 ${key}`);
  return v;
}

/** an amount in fen: a positive integer */
function fen(params: PayBody, key: string): number {
  const v = params[key];
  if (v === undefined || v === null) throw new FormatError(`缺少参数 ${key}`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new FormatError(`${key} 参数格式校验错误: 以分为单位的正整数`);
  return v;
}

function orderKey(params: PayBody): void {
  if (typeof params.out_trade_no !== 'string' && typeof params.transaction_id !== 'string') {
    throw new FormatError('缺少参数 out_trade_no 或 transaction_id');
  }
}

export function unifiedOrder(params: PayBody, deps: PayDeps): PayBody {
  const body = text(params, 'body', 128);
  const outTradeNo = text(params, 'out_trade_no', 32);
  if (!OUT_TRADE_NO.test(outTradeNo)) throw new FormatError('out_trade_no 参数格式校验错误: 6-32 个字母、数字或 _-|*');
  const totalFee = fen(params, 'total_fee');
  const ip = text(params, 'spbill_create_ip', 64);
  const subMchId = text(params, 'sub_mch_id', 32);
  const envId = text(params, 'env_id', 64);
  const functionName = text(params, 'function_name', 60);
  if (!FUNCTION_NAME.test(functionName)) throw new FormatError('function_name 参数格式校验错误');
  optText(params, 'nonce_str', 32);
  const attach = optText(params, 'attach', 127);
  const tradeType = optText(params, 'trade_type', 16) ?? 'JSAPI';
  if (!TRADE_TYPES.has(tradeType)) throw new FormatError('trade_type 参数格式校验错误');
  // the callback goes to a function of this environment; another env would never be called back
  if (envId !== deps.env) throw new FormatError(`env_id ${envId} 不存在`);
  const payer = optText(params, 'sub_openid', 128) ?? deps.callerOpenid;
  if (tradeType === 'JSAPI' && !payer) throw new FormatError('JSAPI支付必须传openid');

  const existing = deps.store.order(outTradeNo);
  if (existing) {
    if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return bizError(deps, subMchId, 'ORDERPAID', '该订单已支付');
    const same =
      existing.body === body && existing.totalFee === totalFee && existing.subMchId === subMchId && existing.functionName === functionName;
    if (!same) return bizError(deps, subMchId, 'INVALID_REQUEST', '201 商户订单号重复');
    // WeChat Pay answers the same prepay_id for the same unpaid order ordered again
    return orderAnswer(existing, deps);
  }

  const nowMs = deps.clock.nowMs();
  const order: PayOrder = {
    outTradeNo,
    body,
    totalFee,
    subMchId,
    envId,
    functionName,
    tradeType,
    spbillCreateIp: ip,
    attach: attach ?? null,
    openid: payer ?? '',
    prepayId: `wx${beijingStamp(nowMs)}${randomBytes(10).toString('hex')}`,
    tradeState: 'NOTPAY',
    transactionId: null,
    timeEnd: null,
    refundedFee: 0,
    createdAt: new Date(nowMs).toISOString(),
  };
  deps.store.insertOrder(order);
  return orderAnswer(order, deps);
}

/** unifiedOrder's success: the prepay id and, for JSAPI, what wx.requestPayment takes. */
function orderAnswer(order: PayOrder, deps: PayDeps): PayBody {
  const answer: PayBody = { ...envelope(deps, order.subMchId), result_code: 'SUCCESS', trade_type: order.tradeType, prepay_id: order.prepayId };
  if (order.tradeType === 'NATIVE') return { ...answer, code_url: `weixin://wxpay/bizpayurl?pr=${order.prepayId.slice(-7)}` };
  const pay = {
    appId: deps.appid,
    timeStamp: String(Math.floor(deps.clock.nowMs() / 1000)),
    nonceStr: nonce(),
    package: `prepay_id=${order.prepayId}`,
    signType: 'MD5',
  };
  return { ...answer, payment: { ...pay, paySign: paySign(pay) } };
}

function findOrder(params: PayBody, deps: PayDeps): PayOrder | undefined {
  const byNo = typeof params.out_trade_no === 'string' ? deps.store.order(params.out_trade_no) : undefined;
  const order = byNo ?? (typeof params.transaction_id === 'string' ? deps.store.orderByTransaction(params.transaction_id) : undefined);
  // an order belongs to its sub-merchant
  return order && order.subMchId === params.sub_mch_id ? order : undefined;
}

const STATE_DESC: Record<string, string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  PAYERROR: '支付失败(其他原因，如银行返回失败)',
  REFUND: '转入退款',
};

export function queryOrder(params: PayBody, deps: PayDeps): PayBody {
  const subMchId = text(params, 'sub_mch_id', 32);
  orderKey(params);
  const order = findOrder(params, deps);
  if (!order) return bizError(deps, subMchId, 'ORDERNOTEXIST', '订单不存在');
  const paid = order.transactionId !== null && order.tradeState !== 'PAYERROR';
  return {
    ...envelope(deps, order.subMchId),
    result_code: 'SUCCESS',
    out_trade_no: order.outTradeNo,
    trade_state: order.tradeState,
    trade_state_desc: STATE_DESC[order.tradeState],
    total_fee: order.totalFee,
    fee_type: 'CNY',
    trade_type: order.tradeType,
    sub_openid: order.openid,
    ...(order.attach !== null ? { attach: order.attach } : {}),
    ...(paid ? { transaction_id: order.transactionId, time_end: order.timeEnd, cash_fee: order.totalFee, bank_type: 'OTHERS' } : {}),
  };
}

export function refund(params: PayBody, deps: PayDeps): PayBody {
  const sub = text(params, 'sub_mch_id', 32);
  const outRefundNo = text(params, 'out_refund_no', 64);
  orderKey(params);
  const totalFee = fen(params, 'total_fee');
  const fee = fen(params, 'refund_fee');
  const order = findOrder(params, deps);
  if (!order) return bizError(deps, sub, 'ORDERNOTEXIST', '订单不存在');
  if (order.totalFee !== totalFee) return bizError(deps, sub, 'PARAM_ERROR', '订单金额或退款金额与之前请求不一致');
  const done = deps.store.refund(outRefundNo);
  if (done) {
    // a retried refund with the same out_refund_no is the same refund
    if (done.outTradeNo !== order.outTradeNo || done.refundFee !== fee) return bizError(deps, sub, 'REFUND_FEE_MISMATCH', '订单金额或退款金额与之前请求不一致');
    return refundAnswer(order, done.outRefundNo, done.refundId, done.refundFee, deps);
  }
  if (order.tradeState !== 'SUCCESS' && order.tradeState !== 'REFUND') return bizError(deps, sub, 'ORDER_NOT_READY_FOR_REFUND', '订单未支付，不能退款');
  if (order.refundedFee + fee > order.totalFee) return bizError(deps, sub, 'INVALID_REQUEST', '退款金额大于支付金额');
  const refundId = `5030${digits(6)}${beijingStamp(deps.clock.nowMs()).slice(0, 8)}${digits(10)}`;
  deps.store.addRefund({
    outRefundNo,
    outTradeNo: order.outTradeNo,
    refundId,
    refundFee: fee,
    totalFee: order.totalFee,
    createdAt: deps.clock.now().toISOString(),
  });
  return refundAnswer(order, outRefundNo, refundId, fee, deps);
}

function refundAnswer(order: PayOrder, outRefundNo: string, refundId: string, refundFee: number, deps: PayDeps): PayBody {
  return {
    ...envelope(deps, order.subMchId),
    result_code: 'SUCCESS',
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    out_refund_no: outRefundNo,
    refund_id: refundId,
    refund_fee: refundFee,
    total_fee: order.totalFee,
    cash_fee: order.totalFee,
    cash_refund_fee: refundFee,
  };
}

const PAY_APIS: Record<string, (params: PayBody, deps: PayDeps) => PayBody> = {
  unifiedOrder,
  queryOrder,
  refund,
};

/** The api's answer; undefined for an api local-cloud does not have. */
export function callPayApi(apiName: string, params: PayBody, deps: PayDeps): PayBody | undefined {
  const api = PAY_APIS[apiName];
  if (!api) return undefined;
  try {
    return api(params, deps);
  } catch (err) {
    if (err instanceof FormatError) return { return_code: 'FAIL', return_msg: err.message };
    throw err;
  }
}
