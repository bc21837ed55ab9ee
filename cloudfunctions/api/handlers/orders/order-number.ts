import { dailyCounterId, formatOrderNo } from '../../../core/order/order-number';
import type { Store } from '../../../runtime/db';

/**
 * The next number of the deployment's daily sequence (one for all properties: the call center
 * numbers every order in one series), race-free without a transaction: each order adds its id to
 * the day's list with $addToSet (atomic, and a no-op on a retry), then asks for its position in
 * the list, which the database computes ($indexOfArray) so the list itself never travels back.
 * Two requests; the day's first order creates the list instead (also two). A retried create gets
 * the same number back. `localDate` is the ordering property's local date (YYYY-MM-DD).
 *
 * `propertyId` no longer picks the counter (numbers are per deployment); it is kept so callers
 * need not change.
 */
export async function allocateOrderNo(db: Store, propertyId: string, localDate: string, orderId: string): Promise<string> {
  void propertyId;
  const counterId = dailyCounterId(localDate);
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
  const [found] = await db.aggregate<{ position: number }>('counters', [
    ['match', { _id: counterId }],
    ['project', { _id: 0, position: db.command.aggregate.indexOfArray(['$orders', orderId]) }],
    ['limit', 1],
  ]);
  const position = found?.position ?? -1;
  if (position < 0) throw new Error(`order ${orderId} missing from counter ${counterId}`);
  return formatOrderNo(localDate, position + 1);
}
