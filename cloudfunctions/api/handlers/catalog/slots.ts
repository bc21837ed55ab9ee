import { z } from 'zod';
import type { Category, Property, Team, User } from '../../../../typings/domain';
import type { SlotView } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { daySlots, lastBookableDate, scheduleOf, slotStatus } from '../../../core/schedule/slots';
import { defineAction } from '../../actions';
import { calendarDate, docId } from '../../fields';
import type { SlotBookingDoc } from '../orders/slots';

interface SlotsContext extends Category {
  property: Property[];
  team: Team[];
  caller: User[];
  bookings: SlotBookingDoc[];
}

export const slotsList = defineAction({
  name: 'slots.list',
  summary:
    'Appointment slots of a category on one day (the property’s local date), in time order, computed from the ' +
    'category’s schedule (or its team’s) at the server clock. `available` is capacity − booked, and 0 for a slot ' +
    'that has started; `status` is open, full or past. A date beyond the property’s booking horizon (14 days by ' +
    'default) is refused; a category without a schedule has no slots.',
  who: 'anyone with a role in the property',
  schema: z.object({ propertyId: docId, categoryId: docId, date: calendarDate }).strict(),
  returns: 'SlotView[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND'],
  example: { openid: 'demo-resident', payload: { propertyId: 'demo', categoryId: 'demo-appliance-ac', date: '2026-12-08' } },
  async handle(ctx, p): Promise<SlotView[]> {
    const { db } = ctx;
    // one request: the category with its property, team, the caller and the day's bookings
    const [context] = await db.aggregate<SlotsContext>('categories', [
      ['match', { _id: p.categoryId, propertyId: p.propertyId }],
      ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: 'property' }],
      ['lookup', { from: 'teams', localField: 'teamId', foreignField: '_id', as: 'team' }],
      ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: ctx.openid }]]), as: 'caller' }],
      [
        'lookup',
        {
          from: 'slots',
          pipeline: db.pipeline([['match', { propertyId: p.propertyId, categoryId: p.categoryId, date: p.date }], ['limit', 100]]),
          as: 'bookings',
        },
      ],
      ['limit', 1],
    ]);
    const property = context?.property[0];
    if (!context || !property) return fail('NOT_FOUND', '找不到这个报修类别', { 'payload.categoryId': 'not found in this property' });
    if (grantsIn(context.caller[0]?.roles, p.propertyId).length === 0) return fail('FORBIDDEN', '你还不是这个小区的住户或员工');
    const now = ctx.clock.now();
    const last = lastBookableDate(now, property.timezone, property.bookingHorizonDays);
    if (p.date > last) return fail('INVALID_ARGUMENT', `只能预约 ${last} 之前的时段`, { 'payload.date': `after the booking horizon (${last})` });
    const booked = new Map(context.bookings.map((b) => [b.id, b.booked]));
    return daySlots({ categoryId: context.id, schedule: scheduleOf(context, context.team[0]), date: p.date, timezone: property.timezone }).map((s) => {
      const taken = booked.get(s.id) ?? 0;
      const status = slotStatus(s, taken, now);
      return {
        id: s.id,
        start: s.start,
        end: s.end,
        capacity: s.capacity,
        booked: taken,
        available: status === 'past' ? 0 : Math.max(0, s.capacity - taken),
        status,
      };
    });
  },
});
