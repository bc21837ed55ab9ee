/**
 * Stock leaving for a completion. Each material line is one conditional update
 * (`where({ _id, stock >= qty }).update({ stock: inc(-qty) })`), so concurrent completions can never
 * drive stock below zero: of two that race for the last piece, one update matches and the other
 * does not. A line stock cannot cover is not taken at all; it goes on a requisition (领料单) for
 * the storekeeper, and the completion lands anyway (seed 001: 暂无库存，请申领).
 *
 * Taken before the order's write, so the records know what was taken; `giveBack` undoes it when
 * that write then loses its race. Record ids name the order, the version the completion writes and
 * the attempt, so each completion of an order (a reopened one completes again) has its own.
 */
import { randomUUID } from 'node:crypto';
import type { MaterialLine } from '../../../../typings/domain';
import type { Requisition, StockMove, StockMoveLine } from '../../../../typings/fees';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Store } from '../../../runtime/db';

export interface StockOutcome {
  /** lines taken from stock */
  taken: StockMoveLine[];
  /** lines stock could not cover, requisitioned */
  short: StockMoveLine[];
  /** the requisition raised for `short`, when there is one */
  requisitionId?: string;
  /** puts back what was taken and removes the records (the completion did not land) */
  giveBack(): Promise<void>;
}

export interface TakeInput {
  order: Pick<OrderDoc, '_id' | 'id' | 'orderNo' | 'propertyId' | 'version'>;
  lines: readonly MaterialLine[];
  by: string;
  byName: string;
  now: Date;
}

const lineOf = (l: MaterialLine): StockMoveLine => ({ materialId: l.materialId, name: l.name, spec: l.spec, unit: l.unit, qty: l.qty });

/** Takes each line from stock if it can (1 request per line), then records the move and any requisition (1 request each). */
export async function takeStock(db: Store, input: TakeInput): Promise<StockOutcome> {
  const { order, lines, by, byName, now } = input;
  const at = now.toISOString();
  const _ = db.command;
  const results = await Promise.all(
    lines.map((l) =>
      db.updateWhere('materials', { _id: l.materialId, propertyId: order.propertyId, stock: _.gte(l.qty) }, { stock: _.inc(-l.qty), updatedAt: at }),
    ),
  );
  const taken = lines.filter((_l, i) => results[i] === 1).map(lineOf);
  const short = lines.filter((_l, i) => results[i] !== 1).map(lineOf);
  // one id per attempt: two racing completions of one order each own their records, and the loser removes only its own
  const key = `${order.id}-v${order.version + 1}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const moveId = `${key}-use`;
  const requisitionId = `${key}-req`;
  const restore = (): Promise<unknown> =>
    Promise.all(taken.map((l) => db.updateWhere('materials', { _id: l.materialId, propertyId: order.propertyId }, { stock: _.inc(l.qty), updatedAt: at })));
  try {
    await Promise.all([
      taken.length ? db.insert('stock_moves', toDoc<StockMove>({ id: moveId, propertyId: order.propertyId, kind: 'use', orderId: order.id, orderNo: order.orderNo, lines: taken, by, byName, at })) : null,
      short.length
        ? db.insert('requisitions', toDoc<Requisition>({ id: requisitionId, propertyId: order.propertyId, orderId: order.id, orderNo: order.orderNo, status: 'open', lines: short, by, byName, at }))
        : null,
    ]);
  } catch (err) {
    // no stock leaves without its record
    await restore();
    await removeRecords(db, moveId, requisitionId);
    throw err;
  }
  return {
    taken,
    short,
    ...(short.length ? { requisitionId } : {}),
    async giveBack() {
      await restore();
      await removeRecords(db, moveId, requisitionId);
    },
  };
}

async function removeRecords(db: Store, moveId: string, requisitionId: string): Promise<void> {
  await Promise.all([db.removeWhere('stock_moves', { _id: moveId }), db.removeWhere('requisitions', { _id: requisitionId })]);
}

const toDoc = <T extends { id: string }>(row: T): Record<string, unknown> => ({ _id: row.id, ...row });
