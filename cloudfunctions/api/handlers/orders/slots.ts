import type { SlotBooking } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import type { DaySlot } from '../../../core/schedule/slots';
import type { Store } from '../../../runtime/db';

/** A booking as stored (collection `slots`, `_id` = the slot id). */
export type SlotBookingDoc = SlotBooking & { _id: string };

/**
 * Takes a place in the slot for the order: one write, never past its capacity. The window's first
 * booking creates its document; later ones add to it with a conditional update. `existing` is the
 * booking document as read with the order's context (absent when nobody booked the window yet).
 */
export async function bookSlot(db: Store, slot: DaySlot & { propertyId: string }, existing: SlotBookingDoc | undefined, orderId: string): Promise<void> {
  if (existing?.orderIds.includes(orderId)) return; // a retry of a create that already booked it
  if (!existing && slot.capacity > 0 && (await insertFirstBooking(db, slot, orderId))) return;
  const _ = db.command;
  const updated = await db.updateWhere(
    'slots',
    { _id: slot.id, booked: _.lt(slot.capacity), orderIds: _.neq(orderId) },
    { booked: _.inc(1), orderIds: _.push(orderId) },
  );
  if (updated === 0) {
    // Full, or a concurrent retry of this very create booked it a moment ago (orderIds has it now).
    const latest = await db.get<SlotBookingDoc>('slots', slot.id);
    if (latest?.orderIds.includes(orderId)) return;
    fail('SLOT_FULL', '这个时段已约满，请换一个时段');
  }
}

/** true when this insert made the window's document; false when another booking made it first. */
async function insertFirstBooking(db: Store, slot: DaySlot & { propertyId: string }, orderId: string): Promise<boolean> {
  const doc: SlotBookingDoc = {
    _id: slot.id,
    id: slot.id,
    propertyId: slot.propertyId,
    categoryId: slot.categoryId,
    date: slot.date,
    start: slot.start,
    end: slot.end,
    booked: 1,
    orderIds: [orderId],
  };
  try {
    await db.insert('slots', doc as unknown as Record<string, unknown>);
    return true;
  } catch (err) {
    // A duplicate id: a concurrent first booking won; anything else is a real failure.
    if (await db.get<SlotBookingDoc>('slots', slot.id)) return false;
    throw err;
  }
}

/** Gives the order's place back (cancelled, revoked, or never created); a no-op when it holds none. */
export async function releaseSlot(db: Store, slotId: string, orderId: string): Promise<void> {
  const _ = db.command;
  await db.updateWhere('slots', { _id: slotId, orderIds: orderId }, { booked: _.inc(-1), orderIds: _.pull(orderId) });
}
