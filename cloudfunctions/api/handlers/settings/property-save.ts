/**
 * settings.property.save: the property's 工单设置 — business hours (after them new repairs go to the
 * night team), dispatch mode, the grab limit (抢单数上限), auto-close days and the booking horizon.
 * Each rule reads these at the moment it applies, so a change affects later steps only: an order's
 * due dates, auto-close time and recorded fee stay as they were set.
 */
import { z } from 'zod';
import { fail } from '../../../core/errors';
import { DEFAULT_BOOKING_HORIZON_DAYS } from '../../../core/schedule/slots';
import type { PropertySettings } from '../../../../typings/settings';
import { defineAction } from '../../actions';
import { clockTime, docId, wholeNumber } from '../../fields';
import { MANAGERS_ONLY, loadSettings, type Stored } from './load';
import type { Property } from '../../../../typings/domain';

export const propertySave = defineAction({
  name: 'settings.property.save',
  summary:
    "Saves the property's order settings: `businessHours` (HH:mm; start after end spans midnight, e.g. 22:00–06:00), " +
    '`dispatchMode` (manual: new orders wait in the team pool; auto: assigned at once), `grabLimit` (1–20 open orders a ' +
    'technician may hold by grabbing), `autoCloseDays` (1–30), `bookingHorizonDays` (1–60) and `nightTeamId` (a team of the ' +
    'property; left out: after-hours orders stay with their category’s team). Changes apply to later steps only.',
  who: 'managers of the property',
  schema: z
    .object({
      propertyId: docId,
      businessHours: z
        .object({ start: clockTime, end: clockTime })
        .strict()
        .refine((h) => h.start !== h.end, { path: ['end'], message: 'differs from start' }),
      dispatchMode: z.enum(['manual', 'auto']),
      grabLimit: wholeNumber(1, 20),
      autoCloseDays: wholeNumber(1, 30),
      bookingHorizonDays: wholeNumber(1, 60),
      nightTeamId: docId.optional().describe('a team of the property'),
    })
    .strict(),
  returns: 'PropertySettings',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND'],
  example: {
    openid: 'demo-manager',
    payload: {
      propertyId: 'demo',
      businessHours: { start: '08:30', end: '18:00' },
      dispatchMode: 'manual',
      grabLimit: 5,
      autoCloseDays: 7,
      bookingHorizonDays: 14,
      nightTeamId: 'demo-team-night',
    },
  },
  async handle(ctx, p): Promise<PropertySettings> {
    const { db } = ctx;
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { teams: p.nightTeamId !== undefined }, MANAGERS_ONLY);
    if (p.nightTeamId !== undefined && !row.teams.some((t) => t.id === p.nightTeamId)) {
      return fail('NOT_FOUND', '该小区没有这个班组', { 'payload.nightTeamId': 'no such team in this property' });
    }
    const at = ctx.clock.now().toISOString();
    const changes = {
      businessHours: p.businessHours,
      dispatchMode: p.dispatchMode,
      grabLimit: p.grabLimit,
      autoCloseDays: p.autoCloseDays,
      bookingHorizonDays: p.bookingHorizonDays,
    };
    await db.updateWhere('properties', { _id: p.propertyId }, {
      ...changes,
      businessHours: db.command.set(p.businessHours),
      nightTeamId: p.nightTeamId ?? db.command.remove(),
      updatedAt: at,
      updatedBy: ctx.openid,
    });
    return propertySettings({ ...(row.property as Stored<Property>), ...changes, nightTeamId: p.nightTeamId });
  },
});

export function propertySettings(p: Property): PropertySettings {
  return {
    id: p.id,
    name: p.name,
    timezone: p.timezone,
    businessHours: p.businessHours,
    dispatchMode: p.dispatchMode,
    grabLimit: p.grabLimit,
    autoCloseDays: p.autoCloseDays,
    bookingHorizonDays: p.bookingHorizonDays ?? DEFAULT_BOOKING_HORIZON_DAYS,
    ...(p.nightTeamId ? { nightTeamId: p.nightTeamId } : {}),
  };
}
