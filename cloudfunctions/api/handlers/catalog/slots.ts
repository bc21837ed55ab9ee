import { z } from 'zod';
import type { Slot, User } from '../../../../typings/domain';
import type { SlotView } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { calendarDate, docId } from '../../fields';

export const slotsList = defineAction({
  name: 'slots.list',
  summary:
    'Appointment slots of a category on one day (the property’s local date), in time order. `available` is ' +
    'capacity − booked, and 0 for a slot that has already started.',
  who: 'anyone with a role in the property',
  schema: z.object({ propertyId: docId, categoryId: docId, date: calendarDate }).strict(),
  returns: 'SlotView[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-resident', payload: { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-11-25' } },
  async handle(ctx, p): Promise<SlotView[]> {
    const [caller, slots] = await Promise.all([
      ctx.db.get<User>('users', ctx.openid),
      // a day has a handful of slots per category
      ctx.db.list<Slot>('slots', { propertyId: p.propertyId, categoryId: p.categoryId, date: p.date }, { orderBy: [['start', 'asc']], limit: 100 }),
    ]);
    if (grantsIn(caller?.roles, p.propertyId).length === 0) return fail('FORBIDDEN', '你还不是这个小区的住户或员工');
    const now = ctx.clock.now().getTime();
    return slots.map((s) => ({
      id: s.id,
      start: s.start,
      end: s.end,
      capacity: s.capacity,
      booked: s.booked,
      available: Date.parse(s.start) <= now ? 0 : Math.max(0, s.capacity - s.booked),
    }));
  },
});
