import type { Slot } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import type { Store } from '../../../runtime/db';

/** A slot as stored: `orderIds` are the orders holding its places, so booking is idempotent. */
export type SlotDoc = Slot & { orderIds?: string[] };

/** Takes a place in the slot for the order: one conditional write, never past its capacity. */
export async function bookSlot(db: Store, slot: SlotDoc, orderId: string): Promise<void> {
  if (slot.orderIds?.includes(orderId)) return; // a retry of a create that already booked it
  const _ = db.command;
  const updated = await db.updateWhere(
    'slots',
    { _id: slot.id, booked: _.lt(slot.capacity), orderIds: _.neq(orderId) },
    { booked: _.inc(1), orderIds: _.push(orderId) },
  );
  if (updated === 0) {
    // Full, or a concurrent retry of this very create booked it a moment ago (orderIds has it now).
    const latest = await db.get<SlotDoc>('slots', slot.id);
    if (latest?.orderIds?.includes(orderId)) return;
    fail('SLOT_FULL', '这个时段已约满，请换一个时段');
  }
}

/** Gives the order's place back (cancelled, revoked, or never created); a no-op when it holds none. */
export async function releaseSlot(db: Store, slotId: string, orderId: string): Promise<void> {
  const _ = db.command;
  await db.updateWhere('slots', { _id: slotId, orderIds: orderId }, { booked: _.inc(-1), orderIds: _.pull(orderId) });
}
