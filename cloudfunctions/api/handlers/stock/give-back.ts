/**
 * Stock given back for an order (a reopen whose materials were not used after all): what the
 * order's completions took from stock, less what was already given back, returns to stock and is
 * recorded as a `return` move. Requisitions are not touched: nothing was taken for them.
 */
import type { StockMove, StockMoveLine } from '../../../../typings/fees';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Store } from '../../../runtime/db';

export interface GiveBackInput {
  order: Pick<OrderDoc, 'id' | 'orderNo' | 'propertyId' | 'version'>;
  by: string;
  byName: string;
  now: Date;
}

/** 1 read, 1 update per material still out, 1 insert; returns the lines given back (empty: nothing was out). */
export async function returnStock(db: Store, input: GiveBackInput): Promise<StockMoveLine[]> {
  const { order, by, byName, now } = input;
  const moves = await db.list<StockMove>('stock_moves', { orderId: order.id }, { limit: 100 });
  const out = new Map<string, StockMoveLine>();
  for (const move of moves) {
    const sign = move.kind === 'use' ? 1 : move.kind === 'return' ? -1 : 0;
    for (const l of move.lines) {
      const prev = out.get(l.materialId);
      // hundredths, so 2.5 + 0.1 does not drift
      const qty = Math.round(((prev?.qty ?? 0) + sign * l.qty) * 100) / 100;
      out.set(l.materialId, { ...l, qty });
    }
  }
  const lines = [...out.values()].filter((l) => l.qty > 0);
  if (lines.length === 0) return [];
  const at = now.toISOString();
  await Promise.all(lines.map((l) => db.updateWhere('materials', { _id: l.materialId, propertyId: order.propertyId }, { stock: db.command.inc(l.qty), updatedAt: at })));
  const move: StockMove = { id: `${order.id}-v${order.version + 1}-return`, propertyId: order.propertyId, kind: 'return', orderId: order.id, orderNo: order.orderNo, lines, by, byName, at };
  await db.insert('stock_moves', { _id: move.id, ...move });
  return lines;
}
