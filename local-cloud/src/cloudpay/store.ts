/**
 * Pay orders made by cloudPay.unifiedOrder, the payment callbacks fired for them and their refunds,
 * in SQLite on the shared handle (durable before the SDK or the test is answered).
 */
import type BetterSqlite3 from 'better-sqlite3';

/** WeChat Pay's trade_state as queryOrder reports it */
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'PAYERROR' | 'REFUND';

export interface PayOrder {
  outTradeNo: string;
  body: string;
  totalFee: number;
  subMchId: string;
  envId: string;
  functionName: string;
  tradeType: string;
  spbillCreateIp: string;
  attach: string | null;
  /** the payer: the mini-program user who called the function that ordered (sub_openid) */
  openid: string;
  prepayId: string;
  tradeState: TradeState;
  /** set by the first SUCCESS callback, the same on every retry */
  transactionId: string | null;
  /** yyyyMMddHHmmss, Beijing time */
  timeEnd: string | null;
  refundedFee: number;
  createdAt: string;
}

export interface PayCallback {
  id: number;
  outTradeNo: string;
  result: 'SUCCESS' | 'FAIL';
  /** the event the function got */
  event: Record<string, unknown>;
  /** the function answered { errcode: 0 }: WeChat Pay stops retrying */
  acknowledged: boolean;
  /** what the function returned, or { errCode, errMsg } when it failed */
  response: unknown;
  at: string;
}

export interface PayRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  refundFee: number;
  totalFee: number;
  createdAt: string;
}

interface OrderRow {
  out_trade_no: string;
  body: string;
  total_fee: number;
  sub_mch_id: string;
  env_id: string;
  function_name: string;
  trade_type: string;
  spbill_create_ip: string;
  attach: string | null;
  openid: string;
  prepay_id: string;
  trade_state: TradeState;
  transaction_id: string | null;
  time_end: string | null;
  refunded_fee: number;
  created_at: string;
}

export class PayStore {
  constructor(private readonly db: BetterSqlite3.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS pay_orders (
        out_trade_no TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        total_fee INTEGER NOT NULL,
        sub_mch_id TEXT NOT NULL,
        env_id TEXT NOT NULL,
        function_name TEXT NOT NULL,
        trade_type TEXT NOT NULL,
        spbill_create_ip TEXT NOT NULL,
        attach TEXT,
        openid TEXT NOT NULL,
        prepay_id TEXT NOT NULL,
        trade_state TEXT NOT NULL,
        transaction_id TEXT,
        time_end TEXT,
        refunded_fee INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS pay_callbacks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        out_trade_no TEXT NOT NULL,
        result TEXT NOT NULL,
        event TEXT NOT NULL,
        acknowledged INTEGER NOT NULL,
        response TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS pay_callbacks_order ON pay_callbacks (out_trade_no, id);
      CREATE TABLE IF NOT EXISTS pay_refunds (
        out_refund_no TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        refund_id TEXT NOT NULL,
        refund_fee INTEGER NOT NULL,
        total_fee INTEGER NOT NULL,
        created_at TEXT NOT NULL
      );
    `);
  }

  order(outTradeNo: string): PayOrder | undefined {
    const row = this.db.prepare('SELECT * FROM pay_orders WHERE out_trade_no = ?').get(outTradeNo) as OrderRow | undefined;
    return row ? toOrder(row) : undefined;
  }

  orderByTransaction(transactionId: string): PayOrder | undefined {
    const row = this.db.prepare('SELECT * FROM pay_orders WHERE transaction_id = ?').get(transactionId) as OrderRow | undefined;
    return row ? toOrder(row) : undefined;
  }

  insertOrder(o: PayOrder): void {
    this.db
      .prepare(
        `INSERT INTO pay_orders (out_trade_no, body, total_fee, sub_mch_id, env_id, function_name, trade_type, spbill_create_ip,
           attach, openid, prepay_id, trade_state, transaction_id, time_end, refunded_fee, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        o.outTradeNo, o.body, o.totalFee, o.subMchId, o.envId, o.functionName, o.tradeType, o.spbillCreateIp,
        o.attach, o.openid, o.prepayId, o.tradeState, o.transactionId, o.timeEnd, o.refundedFee, o.createdAt,
      );
  }

  /** The payment's outcome, as the callback reports it. */
  settle(outTradeNo: string, state: 'SUCCESS' | 'PAYERROR', transactionId: string | null, timeEnd: string | null): void {
    this.db
      .prepare('UPDATE pay_orders SET trade_state = ?, transaction_id = ?, time_end = ? WHERE out_trade_no = ?')
      .run(state, transactionId, timeEnd, outTradeNo);
  }

  recordCallback(c: Omit<PayCallback, 'id'>): number {
    const res = this.db
      .prepare('INSERT INTO pay_callbacks (out_trade_no, result, event, acknowledged, response, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.outTradeNo, c.result, JSON.stringify(c.event), c.acknowledged ? 1 : 0, JSON.stringify(c.response ?? null), c.at);
    return Number(res.lastInsertRowid);
  }

  callbacks(outTradeNo: string): PayCallback[] {
    const rows = this.db.prepare('SELECT * FROM pay_callbacks WHERE out_trade_no = ? ORDER BY id').all(outTradeNo) as {
      id: number;
      out_trade_no: string;
      result: 'SUCCESS' | 'FAIL';
      event: string;
      acknowledged: number;
      response: string;
      at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      outTradeNo: r.out_trade_no,
      result: r.result,
      event: JSON.parse(r.event) as Record<string, unknown>,
      acknowledged: r.acknowledged === 1,
      response: JSON.parse(r.response) as unknown,
      at: r.at,
    }));
  }

  refund(outRefundNo: string): PayRefund | undefined {
    const r = this.db.prepare('SELECT * FROM pay_refunds WHERE out_refund_no = ?').get(outRefundNo) as
      | { out_refund_no: string; out_trade_no: string; refund_id: string; refund_fee: number; total_fee: number; created_at: string }
      | undefined;
    return r
      ? { outRefundNo: r.out_refund_no, outTradeNo: r.out_trade_no, refundId: r.refund_id, refundFee: r.refund_fee, totalFee: r.total_fee, createdAt: r.created_at }
      : undefined;
  }

  refunds(outTradeNo: string): PayRefund[] {
    const ids = this.db.prepare('SELECT out_refund_no FROM pay_refunds WHERE out_trade_no = ? ORDER BY created_at, rowid').all(outTradeNo) as {
      out_refund_no: string;
    }[];
    return ids.map((r) => this.refund(r.out_refund_no)).filter((r): r is PayRefund => r !== undefined);
  }

  /** The refund and the order's refunded total in one transaction. */
  addRefund(r: PayRefund): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO pay_refunds (out_refund_no, out_trade_no, refund_id, refund_fee, total_fee, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(r.outRefundNo, r.outTradeNo, r.refundId, r.refundFee, r.totalFee, r.createdAt);
      this.db
        .prepare("UPDATE pay_orders SET refunded_fee = refunded_fee + ?, trade_state = 'REFUND' WHERE out_trade_no = ?")
        .run(r.refundFee, r.outTradeNo);
    })();
  }

  reset(): void {
    this.db.exec('DELETE FROM pay_orders; DELETE FROM pay_callbacks; DELETE FROM pay_refunds;');
  }
}

function toOrder(r: OrderRow): PayOrder {
  return {
    outTradeNo: r.out_trade_no,
    body: r.body,
    totalFee: r.total_fee,
    subMchId: r.sub_mch_id,
    envId: r.env_id,
    functionName: r.function_name,
    tradeType: r.trade_type,
    spbillCreateIp: r.spbill_create_ip,
    attach: r.attach,
    openid: r.openid,
    prepayId: r.prepay_id,
    tradeState: r.trade_state,
    transactionId: r.transaction_id,
    timeEnd: r.time_end,
    refundedFee: r.refunded_fee,
    createdAt: r.created_at,
  };
}
