/**
 * Stock given back for an order whose unconfirmed completion is replaced: corrected by the
 * technician, or reopened by the reporter before confirming it. What the replaced record took (it
 * says so itself: `Completion.stock`, written with it) returns to stock as one `return` move; the
 * requisition it raised is cancelled (nothing was taken for it; the new record raises its own).
 * Read from the order version the step replaced, never from the moves: a correction racing the
 * give-back of the one before could otherwise count the same stock twice.
 *
 * Exactly once: it runs after the order's write landed (one winner per order version), and the
 * move's id names that version, so a second run for the same step finds its record and stops. The
 * record is written before the stock moves: a run that dies between the two leaves an auditable
 * move rather than stock no record explains.
 */
import type { StockMove, StockMoveLine } from '../../../../typings/fees';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Store } from '../../../runtime/db';

export interface GiveBackInput {
  order: Pick<OrderDoc, 'id' | 'orderNo' | 'propertyId'>;
  /** the order version the replacing step wrote */
  version: number;
  /** what the replaced record took */
  lines: readonly StockMoveLine[];
  /** the replaced record's requisition */
  requisitionId?: string;
  by: string;
  byName: string;
  now: Date;
}

/** The return move's id for the step that wrote `version`. */
export const returnMoveId = (orderId: string, version: number): string => `${orderId}-v${version}-return`;

/** 1 insert, 1 update per line given back, 1 update cancelling the replaced record's requisition. */
export async function giveBackStock(db: Store, input: GiveBackInput): Promise<void> {
  const { order, version, lines, by, byName, now } = input;
  const _ = db.command;
  const at = now.toISOString();
  const cancelled = input.requisitionId ? db.updateWhere('requisitions', { _id: input.requisitionId, status: 'open' }, { status: 'cancelled', updatedAt: at }) : Promise.resolve(0);
  if (lines.length === 0) {
    await cancelled;
    return;
  }
  const move: StockMove = { id: returnMoveId(order.id, version), propertyId: order.propertyId, kind: 'return', orderId: order.id, orderNo: order.orderNo, lines: [...lines], by, byName, at };
  try {
    await db.insert('stock_moves', { _id: move.id, ...move });
  } catch (err) {
    await cancelled;
    // recorded by an earlier run of this very step: the stock went back with it
    if (await db.get<StockMove>('stock_moves', move.id)) return;
    throw err;
  }
  await Promise.all([cancelled, ...lines.map((l) => db.updateWhere('materials', { _id: l.materialId, propertyId: order.propertyId }, { stock: _.inc(l.qty), updatedAt: at }))]);
}
