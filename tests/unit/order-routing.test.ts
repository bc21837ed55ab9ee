import { routeOrder, type RouteInput, type TechnicianLoad } from '../../cloudfunctions/core/order/routing';
import { formatOrderNo } from '../../cloudfunctions/core/order/order-number';
import { localDate, withinBusinessHours } from '../../cloudfunctions/core/time/local-time';

const tech = (openid: string, over: Partial<TechnicianLoad> = {}): TechnicianLoad => ({
  openid, teamId: 'eng', skills: ['水电'], areas: [], openOrders: 0, ...over,
});

const input = (over: Partial<RouteInput> = {}): RouteInput => ({
  property: { dispatchMode: 'manual', businessHours: { start: '09:00', end: '17:30' }, timezone: 'Asia/Shanghai', nightTeamId: 'night' },
  category: { teamId: 'eng', skill: '水电', kind: 'repair' },
  technicians: [tech('a', { openOrders: 2 }), tech('b', { openOrders: 1 }), tech('n', { teamId: 'night' })],
  now: new Date('2026-11-23T10:00:00+08:00'),
  ...over,
});

describe('routing a new order', () => {
  it('in manual mode waits in the category team pool during business hours', () => {
    expect(routeOrder(input())).toEqual({ teamId: 'eng', afterHours: false });
  });

  it('outside business hours goes to the night on-duty team (17:30 is already after hours)', () => {
    expect(routeOrder(input({ now: new Date('2026-11-23T17:30:00+08:00') }))).toEqual({ teamId: 'night', afterHours: true });
    expect(routeOrder(input({ now: new Date('2026-11-24T08:59:00+08:00') }))).toMatchObject({ teamId: 'night' });
    expect(routeOrder(input({ now: new Date('2026-11-24T09:00:00+08:00') }))).toMatchObject({ teamId: 'eng' });
  });

  it('a complaint after hours still waits for its own team', () => {
    const complaint = input({ category: { teamId: 'service', kind: 'matter' }, now: new Date('2026-11-23T22:00:00+08:00') });
    expect(routeOrder(complaint)).toEqual({ teamId: 'service', afterHours: true });
  });

  it('in auto mode assigns the least loaded skilled technician of the team', () => {
    const auto = input({ property: { ...input().property, dispatchMode: 'auto' } });
    expect(routeOrder(auto)).toEqual({ teamId: 'eng', assigneeOpenid: 'b', afterHours: false });
  });

  it('in auto mode prefers skill, then the building a technician covers, then load', () => {
    const property = { ...input().property, dispatchMode: 'auto' as const };
    const technicians = [
      tech('unskilled', { skills: ['家电'], openOrders: 0 }),
      tech('far', { openOrders: 0 }),
      tech('near', { areas: ['3栋'], openOrders: 4 }),
    ];
    expect(routeOrder(input({ property, technicians, building: '3栋' })).assigneeOpenid).toBe('near');
    expect(routeOrder(input({ property, technicians, building: '9栋' })).assigneeOpenid).toBe('far');
  });

  it('in auto mode with nobody on the team leaves the order in the pool', () => {
    const auto = input({ property: { ...input().property, dispatchMode: 'auto' }, technicians: [] });
    expect(routeOrder(auto)).toEqual({ teamId: 'eng', afterHours: false });
  });
});

describe('local time rules', () => {
  it('uses the Asia/Shanghai date, not UTC, for the day of an order', () => {
    expect(localDate(new Date('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-24');
  });

  it('handles business hours that span midnight', () => {
    const night = { start: '22:00', end: '06:00' };
    expect(withinBusinessHours(new Date('2026-11-23T23:00:00+08:00'), 'Asia/Shanghai', night)).toBe(true);
    expect(withinBusinessHours(new Date('2026-11-23T12:00:00+08:00'), 'Asia/Shanghai', night)).toBe(false);
  });

  it('numbers orders YYYYMMDD + 5 digits', () => {
    expect(formatOrderNo('2026-11-23', 42)).toBe('2026112300042');
    expect(() => formatOrderNo('2026-11-23', 100_000)).toThrow(RangeError);
  });
});
