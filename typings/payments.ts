/**
 * Payment through WeChat Pay for cloud development (cloudPay): the `order.pay` action, the
 * `payments` collection and the callback event the `payNotify` function receives. Money is integer fen.
 */
import type { PropertyId } from './domain';

/** pending: ordered, not paid yet; paid: WeChat Pay's callback said SUCCESS; failed: it said FAIL; refunded: given back (a revoke) */
export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'refunded';

/** A refund recorded on a payment (cloudPay.refund answered SUCCESS). */
export interface PaymentRefund {
  outRefundNo: string;
  refundId: string;
  /** fen */
  amount: number;
  /** who caused it (the desk's revoke) */
  by: string;
  at: string;
}

/**
 * One WeChat Pay order for one order's amount due (collection `payments`, id = outTradeNo): asking
 * again for the same amount reuses it, so a retried payment is never a second charge.
 */
export interface Payment {
  id: string;
  outTradeNo: string;
  orderId: string;
  orderNo: string;
  propertyId: PropertyId;
  /** the reporter who pays */
  openid: string;
  /** fen: the order's `fee.due` when the payment was asked for */
  amount: number;
  status: PaymentStatus;
  /** WeChat Pay's transaction id, once paid */
  transactionId?: string;
  /** why WeChat Pay said FAIL */
  failReason?: string;
  refund?: PaymentRefund;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  failedAt?: string;
}

/** What `wx.requestPayment` takes, as cloudPay.unifiedOrder answers it. */
export interface WxPaymentParams {
  appId?: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface OrderPayPayload {
  orderId: string;
}

export interface OrderPayResult {
  outTradeNo: string;
  /** pass to wx.requestPayment as is */
  payment: WxPaymentParams;
}

/**
 * WeChat Pay's result notification as the function named in unifiedOrder's functionName receives
 * it (camelCase v2 fields). The mini-program user is `subOpenid`; `openid` is the service provider's.
 */
export interface PayCallbackEvent {
  returnCode: string;
  resultCode: 'SUCCESS' | 'FAIL' | string;
  outTradeNo: string;
  totalFee: number;
  subMchId?: string;
  subOpenid?: string;
  transactionId?: string;
  timeEnd?: string;
  errCode?: string;
  errCodeDes?: string;
}

/** What the callback answers: errcode 0 stops WeChat Pay's retries; anything else makes it call again (and alert). */
export interface PayCallbackReply {
  errcode: number;
  errmsg: string;
}

export interface PaymentActions {
  'order.pay': [OrderPayPayload, OrderPayResult];
}
