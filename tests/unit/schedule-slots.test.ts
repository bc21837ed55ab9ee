/**
 * Appointment slots from a schedule (core/schedule/slots.ts): weekdays, exceptions, the team's
 * schedule as a fallback, readable ids, and what may be booked at a given clock.
 */
import type { SlotSchedule } from '../../typings/domain';
import { bookableSlot, daySlots, isoWeekday, lastBookableDate, parseSlotId, scheduleOf, slotIdOf, slotStatus, windowsOn } from '../../cloudfunctions/core/schedule/slots';

const TZ = 'Asia/Shanghai';
const WEEKDAYS = [1, 2, 3, 4, 5];
const schedule: SlotSchedule = {
  windows: [
    { weekdays: WEEKDAYS, start: '14:00', end: '16:00', capacity: 3 },
    { weekdays: WEEKDAYS, start: '09:00', end: '11:00', capacity: 2 },
    { weekdays: [6], start: '10:00', end: '12:00', capacity: 1 },
  ],
  exceptions: [
    { date: '2026-12-09', closed: true },
    { date: '2026-12-10', capacity: 5 },
    { date: '2026-12-13', windows: [{ start: '08:00', end: '09:00', capacity: 4 }] },
  ],
};
const at = (local: string): Date => new Date(`${local}+08:00`);

describe('the windows of a date', () => {
  it('knows the ISO weekday of a calendar date whatever the machine’s time zone', () => {
    expect(['2026-12-07', '2026-12-12', '2026-12-13', '2028-02-29'].map(isoWeekday)).toEqual([1, 6, 7, 2]);
  });

  it.each([
    ['a Monday: the weekday windows in time order', '2026-12-07', [['09:00', 2], ['14:00', 3]]],
    ['a Saturday: its own window', '2026-12-12', [['10:00', 1]]],
    ['a closed Wednesday', '2026-12-09', []],
    ['a Thursday with another capacity', '2026-12-10', [['09:00', 5], ['14:00', 5]]],
    ['a Sunday that opens by exception only', '2026-12-13', [['08:00', 4]]],
    ['a Sunday without an exception', '2026-12-20', []],
  ])('%s', (_what, date, expected) => {
    expect(windowsOn(schedule, date).map((w) => [w.start, w.capacity])).toEqual(expected);
  });

  it('has no windows without a schedule', () => {
    expect(windowsOn(undefined, '2026-12-07')).toEqual([]);
  });

  it('gives each slot its instants in the property’s time zone and a readable id', () => {
    expect(daySlots({ categoryId: 'demo-water-leak', schedule, date: '2026-12-07', timezone: TZ })).toEqual([
      { id: 'demo-water-leak-2026-12-07-0900', categoryId: 'demo-water-leak', date: '2026-12-07', start: '2026-12-07T01:00:00.000Z', end: '2026-12-07T03:00:00.000Z', capacity: 2 },
      { id: 'demo-water-leak-2026-12-07-1400', categoryId: 'demo-water-leak', date: '2026-12-07', start: '2026-12-07T06:00:00.000Z', end: '2026-12-07T08:00:00.000Z', capacity: 3 },
    ]);
  });

  it('reads a slot id back, category ids with dashes included', () => {
    expect(slotIdOf('demo2-appliance-ac', '2026-12-07', '16:00')).toBe('demo2-appliance-ac-2026-12-07-1600');
    expect(parseSlotId('demo2-appliance-ac-2026-12-07-1600')).toEqual({ categoryId: 'demo2-appliance-ac', date: '2026-12-07', start: '16:00' });
    expect(parseSlotId('demo-water-leak-tomorrow')).toBeUndefined();
    expect(parseSlotId('demo-water-leak-2026-13-45-0900')).toBeUndefined();
  });

  it('prefers the category’s own schedule to its team’s', () => {
    const team: SlotSchedule = { windows: [] };
    expect(scheduleOf({ schedule }, { schedule: team })).toBe(schedule);
    expect(scheduleOf({}, { schedule: team })).toBe(team);
    expect(scheduleOf({}, undefined)).toBeUndefined();
  });
});

describe('what may be booked at a clock', () => {
  const input = { categoryId: 'demo-water-leak', schedule, timezone: TZ };

  it('is open until the window starts, full when its places are taken, past once it has started', () => {
    const [slot] = daySlots({ ...input, date: '2026-12-07' });
    expect(slotStatus(slot, 1, at('2026-12-07T08:59:59'))).toBe('open');
    expect(slotStatus(slot, 2, at('2026-12-07T08:00:00'))).toBe('full');
    expect(slotStatus(slot, 0, at('2026-12-07T09:00:00'))).toBe('past');
  });

  it('books up to the booking horizon, counted in local dates (default 14 days)', () => {
    // 23:50 on 11-30 in Shanghai is still 11-30 there (15:50 UTC): the horizon ends 12-14
    expect(lastBookableDate(at('2026-11-30T23:50:00'), TZ)).toBe('2026-12-14');
    expect(lastBookableDate(at('2026-12-01T00:10:00'), TZ)).toBe('2026-12-15');
    expect(lastBookableDate(at('2026-12-01T00:10:00'), TZ, 3)).toBe('2026-12-04');
    const now = at('2026-11-30T10:00:00');
    expect(bookableSlot({ ...input, now, slotId: 'demo-water-leak-2026-12-14-0900' })).toMatchObject({ slot: { capacity: 2 } });
    expect(bookableSlot({ ...input, now, slotId: 'demo-water-leak-2026-12-15-0900' })).toEqual({ refusal: 'beyond_horizon' });
    expect(bookableSlot({ ...input, now, horizonDays: 3, slotId: 'demo-water-leak-2026-12-07-0900' })).toEqual({ refusal: 'beyond_horizon' });
  });

  it.each([
    ['a window that started', 'demo-water-leak-2026-12-07-0900', at('2026-12-07T09:30:00'), { refusal: 'past' }],
    ['a window the schedule does not open', 'demo-water-leak-2026-12-07-1000', at('2026-12-06T10:00:00'), { refusal: 'not_found' }],
    ['a closed date', 'demo-water-leak-2026-12-09-0900', at('2026-12-06T10:00:00'), { refusal: 'not_found' }],
    ['another category’s slot', 'demo-appliance-ac-2026-12-07-0900', at('2026-12-06T10:00:00'), { refusal: 'not_found' }],
    ['a day that does not exist', 'demo-water-leak-2026-02-30-0900', at('2026-02-25T10:00:00'), { refusal: 'not_found' }],
  ])('refuses %s', (_what, slotId, now, refusal) => {
    expect(bookableSlot({ ...input, now, slotId })).toEqual(refusal);
  });
});
