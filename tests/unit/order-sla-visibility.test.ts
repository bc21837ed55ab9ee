import { dueDates } from '../../cloudfunctions/core/order/sla';
import { canView, scopeFilter } from '../../cloudfunctions/core/order/visibility';
import type { Actor } from '../../cloudfunctions/core/order/state-machine';

const created = new Date('2026-11-24T02:00:00.000Z');
const sla = { acceptMinutes: 30, arriveMinutes: 120, completeMinutes: 480 };

describe('due dates', () => {
  it('follow the category SLA for a normal repair', () => {
    expect(dueDates(created, sla, 'normal')).toEqual({
      acceptBy: '2026-11-24T02:30:00.000Z',
      arriveBy: '2026-11-24T04:00:00.000Z',
      completeBy: '2026-11-24T10:00:00.000Z',
    });
  });

  it('give an urgent repair 15 minutes to arrive', () => {
    expect(dueDates(created, sla, 'urgent')).toMatchObject({ acceptBy: '2026-11-24T02:15:00.000Z', arriveBy: '2026-11-24T02:15:00.000Z' });
  });

  it('move the visit into a booked slot', () => {
    const slot = { start: '2026-11-25T06:00:00.000Z', end: '2026-11-25T08:00:00.000Z' };
    expect(dueDates(created, sla, 'normal', slot)).toMatchObject({ arriveBy: slot.end, completeBy: '2026-11-25T14:00:00.000Z' });
  });
});

const actor = (role: Actor['role'], teamIds: string[] = [], ledTeamIds: string[] = []): Actor => ({ openid: 'me', role, teamIds, ledTeamIds });
const order = { status: 'pending' as const, reporter: { openid: 'resident', name: '', phone: '' }, createdBy: 'resident', assistants: [], teamId: 'hvac', teamPath: ['eng', 'hvac'] };

describe('who sees an order', () => {
  it('the reporter even without a role, and nobody else without one', () => {
    expect(canView(undefined, 'resident', order)).toBe(true);
    expect(canView(undefined, 'me', order)).toBe(false);
    expect(canView(actor('resident'), 'me', order)).toBe(false);
  });

  it('technicians of its team while it waits in the pool, leaders of a parent team always, not other technicians', () => {
    expect(canView(actor('technician', ['hvac']), 'me', order)).toBe(true);
    expect(canView(actor('technician', ['hvac']), 'me', { ...order, status: 'accepted' })).toBe(false);
    expect(canView(actor('technician', ['hvac']), 'me', { ...order, status: 'accepted', assignee: { id: 'me', openid: 'me', name: '', phone: '' } })).toBe(true);
    expect(canView(actor('technician', ['eng'], ['eng']), 'me', { ...order, status: 'accepted' })).toBe(true);
    expect(canView(actor('technician', ['eng'], ['eng']), 'me', order)).toBe(true);
    expect(canView(actor('technician', ['night']), 'me', order)).toBe(false);
  });

  it('the service center and managers of the property', () => {
    expect(canView(actor('dispatcher'), 'me', order)).toBe(true);
    expect(canView(actor('manager'), 'me', order)).toBe(true);
  });
});

describe('list scopes', () => {
  it('mine needs no role; the others need one in the property', () => {
    expect(scopeFilter('mine', 'me', undefined, undefined)).toEqual({ kind: 'reporter', openid: 'me' });
    expect(scopeFilter('all', 'me', 'demo', undefined).kind).toBe('forbidden');
    expect(scopeFilter('all', 'me', undefined, actor('manager')).kind).toBe('forbidden');
  });

  it('all is the property for the desk, the led teams for a leader, refused for others', () => {
    expect(scopeFilter('all', 'me', 'demo', actor('dispatcher'))).toEqual({ kind: 'property', propertyId: 'demo' });
    expect(scopeFilter('all', 'me', 'demo', actor('technician', ['eng'], ['eng']))).toEqual({ kind: 'teams', propertyId: 'demo', ledTeamIds: ['eng'] });
    expect(scopeFilter('all', 'me', 'demo', actor('technician', ['eng'])).kind).toBe('forbidden');
    expect(scopeFilter('all', 'me', 'demo', actor('resident')).kind).toBe('forbidden');
  });

  it('the pool is the pending orders of my teams; residents have none', () => {
    expect(scopeFilter('pool', 'me', 'demo', actor('technician', ['eng'], ['eng']))).toEqual({ kind: 'pool', propertyId: 'demo', teamIds: ['eng'], ledTeamIds: ['eng'] });
    expect(scopeFilter('pool', 'me', 'demo', actor('technician', ['hvac']))).toEqual({ kind: 'pool', propertyId: 'demo', teamIds: ['hvac'], ledTeamIds: [] });
    expect(scopeFilter('pool', 'me', 'demo', actor('resident')).kind).toBe('forbidden');
  });
});
