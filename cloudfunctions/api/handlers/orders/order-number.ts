import { formatOrderNo } from '../../../core/order/order-number';
import type { Store } from '../../../runtime/db';

interface DailyCounter {
  _id: string;
  /** order ids in the order they took a number: position + 1 is the daily sequence */
  orders: string[];
}

/**
 * The next daily number of a property, race-free without a transaction: each order adds its id
 * to the day's list with $addToSet (atomic, and a no-op on a retry), then reads its position.
 * Two requests; a retried create gets the same number back.
 */
export async function allocateOrderNo(db: Store, propertyId: string, localDate: string, orderId: string): Promise<string> {
  const counterId = `orders:${propertyId}:${localDate}`;
  await db.updateById('counters', counterId, { orders: db.command.addToSet(orderId) });
  let counter = await db.get<DailyCounter>('counters', counterId);
  if (!counter) {
    // The day's first order: create the list. A concurrent first order may win the insert.
    try {
      await db.insert('counters', { _id: counterId, orders: [orderId] });
    } catch {
      await db.updateById('counters', counterId, { orders: db.command.addToSet(orderId) });
    }
    counter = await db.get<DailyCounter>('counters', counterId);
  }
  const position = counter?.orders.indexOf(orderId) ?? -1;
  if (position < 0) throw new Error(`order ${orderId} missing from counter ${counterId}`);
  return formatOrderNo(localDate, position + 1);
}
