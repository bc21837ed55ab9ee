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
 * Two requests; the day's first order creates the list instead (also two). A retried create gets
 * the same number back.
 */
export async function allocateOrderNo(db: Store, propertyId: string, localDate: string, orderId: string): Promise<string> {
  const counterId = `orders:${propertyId}:${localDate}`;
  const added = await db.updateById('counters', counterId, { orders: db.command.addToSet(orderId) });
  if (added === 0) {
    // No list yet (the day's first order), or a retry whose id is already in it (nothing changed).
    try {
      await db.insert('counters', { _id: counterId, orders: [orderId] });
      return formatOrderNo(localDate, 1);
    } catch {
      // The list exists: a concurrent first order won the insert, or this is a retry.
      await db.updateById('counters', counterId, { orders: db.command.addToSet(orderId) });
    }
  }
  const counter = await db.get<DailyCounter>('counters', counterId);
  const position = counter?.orders.indexOf(orderId) ?? -1;
  if (position < 0) throw new Error(`order ${orderId} missing from counter ${counterId}`);
  return formatOrderNo(localDate, position + 1);
}
