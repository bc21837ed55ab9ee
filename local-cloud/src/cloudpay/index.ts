/**
 * cloudPay: WeChat Pay for cloud development. node-sdk posts `wx.wxPayApi` as multipart/form-data
 * (`apiName` e.g. "unifiedOrder", `requestData` = the snake_case parameters as JSON bytes,
 * `apiOptions` = protobuf ApiOptions { appid }) and reads the answer body as WeChat Pay's JSON.
 * The HTTP content type must not be exactly `application/json; charset=utf-8`: node-sdk would parse
 * it into an object and wx-server-sdk then throws "unknown response".
 *
 * `POST /_local/pay/<outTradeNo>` stands in for the user paying: it fires the payment callback
 * into the function unifiedOrder named, through the function runner.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Clock } from '../clock';
import type { Faults } from '../faults';
import type { FunctionRunner } from '../functions/runner';
import type { FormPart } from '../openapi/multipart';
import { tcbError, type HttpAnswer } from '../openapi';
import { beijingStamp, bizError, callPayApi, newTransactionId, type PayBody, type PayDeps } from './apis';
import { acknowledged, callbackEvent, type PayResult } from './callback';
import { PayStore, type PayCallback, type PayOrder, type PayRefund } from './store';

export interface CloudPayOptions {
  sqlite: BetterSqlite3.Database;
  clock: Clock;
  faults: Faults;
  appid: string;
  env: string;
  runner: Pick<FunctionRunner, 'invoke'>;
}

/** What `POST /_local/pay/<outTradeNo>` answers: the callback function's result, as /_local/triggers does. */
export type NotifyOutcome =
  | { status: 404 | 400 | 409; body: { ok: false; message: string } }
  | { status: 200 | 500; body: unknown; invocationId: string; acknowledged: boolean; attempt: number };

/** TCB error names wx-server-sdk maps to these numbers (its TCB_ERR_CODE), for injected faults */
const TCB_CODE_NAMES: Record<number, string> = {
  [-501001]: 'SYS_ERR',
  [-501002]: 'SERVER_TIMEOUT',
  [-501003]: 'EXCEED_REQUEST_LIMIT',
  [-501004]: 'EXCEED_CONCURRENT_REQUEST_LIMIT',
  [-501005]: 'INVALIID_ENV',
  [-501007]: 'INVALID_PARAM',
};

export class CloudPay {
  private readonly store: PayStore;

  constructor(private readonly options: CloudPayOptions) {
    this.store = new PayStore(options.sqlite);
  }

  /** A `wx.wxPayApi` request; `callerOpenid` is the user whose function invocation sent it. */
  handleForm(form: Map<string, FormPart>, callerOpenid: string | undefined): HttpAnswer {
    const apiName = form.get('apiName')?.data.toString('utf8') ?? '';
    let params: PayBody;
    try {
      const parsed = JSON.parse(form.get('requestData')?.data.toString('utf8') ?? '') as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('requestData is not an object');
      params = parsed as PayBody;
    } catch (err) {
      return tcbError('INVALID_PARAM', `bad wx.wxPayApi request: ${err instanceof Error ? err.message : String(err)}`);
    }
    const deps: PayDeps = {
      store: this.store,
      clock: this.options.clock,
      appid: this.options.appid,
      env: this.options.env,
      ...(callerOpenid ? { callerOpenid } : {}),
    };
    const fault = this.options.faults.openapiFault(`cloudPay.${apiName}`);
    if (typeof fault === 'number') return tcbError(TCB_CODE_NAMES[fault] ?? 'SYS_ERR', `local-cloud fault injection (${fault})`);
    if (typeof fault === 'string') {
      return payAnswer(bizError(deps, typeof params.sub_mch_id === 'string' ? params.sub_mch_id : '', fault, 'local-cloud fault injection'));
    }
    const answer = callPayApi(apiName, params, deps);
    if (!answer) return tcbError('INVALID_PARAM', `local-cloud does not implement cloudPay.${apiName}`);
    return payAnswer(answer);
  }

  /**
   * The user paid (SUCCESS) or the payment failed (FAIL): the order's state changes, then its
   * callback function runs with WeChat Pay's event. Repeatable, as WeChat Pay retries until the
   * function answers errcode 0; a retry carries the same transactionId and timeEnd.
   */
  async notify(outTradeNo: string, result: unknown): Promise<NotifyOutcome> {
    const order = this.store.order(outTradeNo);
    if (!order) return { status: 404, body: { ok: false, message: `no pay order ${outTradeNo}` } };
    if (result !== 'SUCCESS' && result !== 'FAIL') return { status: 400, body: { ok: false, message: 'give "result": "SUCCESS" or "FAIL"' } };
    const paid = order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND';
    if (result === 'FAIL' && paid) return { status: 409, body: { ok: false, message: `pay order ${outTradeNo} is already paid` } };
    const settled = this.settle(order, result, paid);

    const event = callbackEvent(settled, result, this.options.appid);
    const out = await this.options.runner.invoke(settled.functionName, event, { source: 'wx_pay' });
    const response = out.ok ? (out.result ?? null) : { errCode: out.errCode, errMsg: out.errMsg };
    const ack = out.ok && acknowledged(out.result);
    this.store.recordCallback({ outTradeNo, result, event, acknowledged: ack, response, at: this.options.clock.now().toISOString() });
    const attempt = this.store.callbacks(outTradeNo).length;
    return { status: out.ok ? 200 : 500, body: response, invocationId: out.invocationId, acknowledged: ack, attempt };
  }

  /** The order with its callbacks and refunds (`GET /_local/pay/<outTradeNo>`). */
  describe(outTradeNo: string): { order: PayOrder; callbacks: PayCallback[]; refunds: PayRefund[] } | undefined {
    const order = this.store.order(outTradeNo);
    return order ? { order, callbacks: this.store.callbacks(outTradeNo), refunds: this.store.refunds(outTradeNo) } : undefined;
  }

  reset(): void {
    this.store.reset();
  }

  private settle(order: PayOrder, result: PayResult, paid: boolean): PayOrder {
    if (paid) return order; // a retried success changes nothing
    const nowMs = this.options.clock.nowMs();
    if (result === 'SUCCESS') {
      const transactionId = newTransactionId(nowMs);
      const timeEnd = beijingStamp(nowMs);
      this.store.settle(order.outTradeNo, 'SUCCESS', transactionId, timeEnd);
      return { ...order, tradeState: 'SUCCESS', transactionId, timeEnd };
    }
    this.store.settle(order.outTradeNo, 'PAYERROR', null, null);
    return { ...order, tradeState: 'PAYERROR', transactionId: null, timeEnd: null };
  }
}

function payAnswer(body: PayBody): HttpAnswer {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  return { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) }, body: bytes };
}
