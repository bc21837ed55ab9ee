/**
 * Working time (seed 004: a coordination order is visited within 0.5 个工作日): half the property's
 * day window, counted only inside its business hours on its working days, in its time zone.
 */
import { DEFAULT_WORKING_TIME, addWorkingMinutes, halfWorkingDayAfter, workingDayMinutes, workingTimeOf, type WorkingTime } from '../../cloudfunctions/core/time/working-time';

const SHANGHAI_DAY: WorkingTime = { timezone: 'Asia/Shanghai', businessHours: { start: '08:30', end: '17:30' } };
const WEEKDAYS: WorkingTime = { ...SHANGHAI_DAY, workingDays: [1, 2, 3, 4, 5] };
const NIGHT: WorkingTime = { timezone: 'Asia/Shanghai', businessHours: { start: '22:00', end: '06:00' } };
const NEW_YORK: WorkingTime = { timezone: 'America/New_York', businessHours: { start: '09:00', end: '17:00' } };
const NEW_YORK_NIGHT: WorkingTime = { timezone: 'America/New_York', businessHours: { start: '22:00', end: '06:00' } };
const ROUND_THE_CLOCK: WorkingTime = { timezone: 'Asia/Shanghai', businessHours: { start: '00:00', end: '00:00' } };

describe('half a working day', () => {
  // 2026-12-07 is a Monday; 2026-12-11 a Friday
  it.each([
    ['in the morning: the same afternoon', SHANGHAI_DAY, '2026-12-07T10:00:00+08:00', '2026-12-07T14:30:00+08:00'],
    ['at 16:30: one hour today, the rest tomorrow (12:00)', SHANGHAI_DAY, '2026-12-07T16:30:00+08:00', '2026-12-08T12:00:00+08:00'],
    ['used up exactly at closing time: due at closing', SHANGHAI_DAY, '2026-12-07T13:00:00+08:00', '2026-12-07T17:30:00+08:00'],
    ['taken at closing: counted from the next opening', SHANGHAI_DAY, '2026-12-07T17:30:00+08:00', '2026-12-08T13:00:00+08:00'],
    ['taken in the evening: across midnight to the next morning', SHANGHAI_DAY, '2026-12-07T20:00:00+08:00', '2026-12-08T13:00:00+08:00'],
    ['taken just after midnight: from the opening that morning', SHANGHAI_DAY, '2026-12-08T00:10:00+08:00', '2026-12-08T13:00:00+08:00'],
    ['taken before opening: from the opening', SHANGHAI_DAY, '2026-12-07T07:00:00+08:00', '2026-12-07T13:00:00+08:00'],
    ['every day works without working days set: Friday 16:30 → Saturday 12:00', SHANGHAI_DAY, '2026-12-11T16:30:00+08:00', '2026-12-12T12:00:00+08:00'],
    ['Monday to Friday: Friday 16:30 → Monday 12:00, over the weekend', WEEKDAYS, '2026-12-11T16:30:00+08:00', '2026-12-14T12:00:00+08:00'],
    ['Monday to Friday: taken on Saturday → Monday 13:00', WEEKDAYS, '2026-12-12T10:00:00+08:00', '2026-12-14T13:00:00+08:00'],
    ['night hours 22:00–06:00, taken at 23:00: 03:00', NIGHT, '2026-12-07T23:00:00+08:00', '2026-12-08T03:00:00+08:00'],
    ['night hours, taken at 05:00: one hour left, the rest the next night', NIGHT, '2026-12-08T05:00:00+08:00', '2026-12-09T01:00:00+08:00'],
    ['night hours, taken at noon: from 22:00', NIGHT, '2026-12-08T12:00:00+08:00', '2026-12-09T02:00:00+08:00'],
    ['round the clock (start = end): twelve hours', ROUND_THE_CLOCK, '2026-12-07T20:00:00+08:00', '2026-12-08T08:00:00+08:00'],
    // the same instant, another property's clock: 15:30 in New York (20:30Z), 04:30 the next day in Shanghai
    ['New York 09:00–17:00 at 15:30: 1.5 h today, 2.5 h tomorrow', NEW_YORK, '2026-12-07T20:30:00Z', '2026-12-08T16:30:00Z'],
    ['Shanghai at the same instant (04:30 there): from its 08:30 opening', SHANGHAI_DAY, '2026-12-07T20:30:00Z', '2026-12-08T05:00:00Z'],
    // 2026-03-08 02:00 New York springs forward: that night's window is 7 real hours; four of them are due at 04:00 EDT
    ['New York night hours across the daylight-saving change', NEW_YORK_NIGHT, '2026-03-08T04:00:00Z', '2026-03-08T08:00:00Z'],
  ] as const)('%s', (_what, wt, taken, due) => {
    expect(halfWorkingDayAfter(new Date(taken), wt).toISOString()).toBe(new Date(due).toISOString());
  });

  it('is half the day window, whatever its hours', () => {
    expect(workingDayMinutes({ start: '08:30', end: '17:30' })).toBe(540);
    expect(workingDayMinutes({ start: '09:00', end: '17:30' })).toBe(510);
    expect(workingDayMinutes({ start: '22:00', end: '06:00' })).toBe(480);
    expect(workingDayMinutes({ start: '00:00', end: '00:00' })).toBe(24 * 60);
  });

  it('counts any length of working time, and stops on settings without any', () => {
    expect(addWorkingMinutes(new Date('2026-12-07T16:30:00+08:00'), 60 + 540 + 30, SHANGHAI_DAY).toISOString()).toBe(new Date('2026-12-09T09:00:00+08:00').toISOString());
    expect(addWorkingMinutes(new Date('2026-12-07T07:00:00+08:00'), 0, SHANGHAI_DAY).toISOString()).toBe(new Date('2026-12-07T08:30:00+08:00').toISOString());
    expect(() => addWorkingMinutes(new Date('2026-12-07T07:00:00+08:00'), 60, { ...SHANGHAI_DAY, workingDays: [8] })).toThrow(/no working time/);
  });

  it('a property without settings counts in the default hours (09:00–17:30, Shanghai)', () => {
    expect(workingTimeOf(undefined)).toEqual(DEFAULT_WORKING_TIME);
    expect(workingTimeOf({ timezone: 'Asia/Tokyo', businessHours: { start: '08:00', end: '20:00' } })).toEqual({ timezone: 'Asia/Tokyo', businessHours: { start: '08:00', end: '20:00' } });
    expect(halfWorkingDayAfter(new Date('2026-12-07T16:30:00+08:00'), DEFAULT_WORKING_TIME).toISOString()).toBe(new Date('2026-12-08T12:15:00+08:00').toISOString());
  });
});
