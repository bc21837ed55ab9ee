import { dueAfterHold, dueDates, dueFromNow } from '../../cloudfunctions/core/order/sla';
import { maskPhone, orderFor, orderWithTimelineFor, viewerOf } from '../../cloudfunctions/core/order/order-view';
import type { OrderWithTimeline } from '../../typings/domain';
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

describe('due dates when a step starts a new clock', () => {
  const now = new Date('2026-11-26T02:00:00.000Z');

  it('count from now, keeping an appointment still ahead and dropping one already past', () => {
    const ahead = { start: '2026-11-27T06:00:00.000Z', end: '2026-11-27T08:00:00.000Z' };
    expect(dueFromNow(now, sla, 'normal', ahead)).toEqual({ acceptBy: '2026-11-26T02:30:00.000Z', arriveBy: ahead.end, completeBy: '2026-11-27T14:00:00.000Z' });
    const past = { start: '2026-11-25T06:00:00.000Z', end: '2026-11-25T08:00:00.000Z' };
    expect(dueFromNow(now, sla, 'normal', past)).toEqual(dueDates(now, sla, 'normal'));
  });

  it('after a hold: arrive at the next visit, complete the category’s time after it, acceptance unchanged', () => {
    const due = dueDates(created, sla, 'normal');
    expect(dueAfterHold(due, sla, new Date('2026-11-27T01:00:00.000Z'))).toEqual({
      acceptBy: due.acceptBy,
      arriveBy: '2026-11-27T01:00:00.000Z',
      completeBy: '2026-11-27T09:00:00.000Z',
    });
  });
});

describe('what each person reads of an order', () => {
  const full = {
    reporter: { openid: 'resident', name: '张伟', phone: '13800000001' },
    assignee: { id: 'tech', openid: 'tech', name: '赵强', phone: '13900000002' },
    assistants: [],
    teamPath: ['eng'],
    reassignRequest: { by: 'tech', reason: '业主难缠', at: '2026-11-26T02:00:00.000Z' },
    revisits: [{ result: 'unsatisfied', note: '脾气差', by: 'desk', at: '2026-11-26T03:00:00.000Z' }],
    revisit: { result: 'unsatisfied', note: '脾气差', by: 'desk', at: '2026-11-26T03:00:00.000Z' },
    followUps: [{ at: '2026-11-26T03:00:00.000Z', by: 'desk', note: '内部跟进', failed: false }],
    timeline: [
      { at: '2026-11-26T01:00:00.000Z', step: 'assign', by: { openid: 'desk', name: '陈静', role: 'dispatcher' }, to: 'assigned', audience: 'all', staffNote: '他离得近' },
      { at: '2026-11-26T02:00:00.000Z', step: 'requestReassign', by: { openid: 'tech', name: '赵强', role: 'technician' }, to: 'assigned', audience: 'staff', reason: '业主难缠' },
    ],
  } as unknown as OrderWithTimeline;

  it('masks a phone as 138****0001', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
  });

  it('the reporter: public steps without staff notes, no reassignment request, revisit results without notes', () => {
    const seen = orderWithTimelineFor(viewerOf(actor('resident'), 'resident', full), full);
    expect(seen.timeline).toEqual([{ at: '2026-11-26T01:00:00.000Z', step: 'assign', by: { openid: 'desk', name: '陈静', role: 'dispatcher' }, to: 'assigned', audience: 'all' }]);
    expect(seen.reassignRequest).toBeUndefined();
    expect(seen.followUps).toEqual([]);
    expect(seen.revisit).toEqual({ result: 'unsatisfied', by: 'desk', at: '2026-11-26T03:00:00.000Z' });
    expect(JSON.stringify(seen)).not.toMatch(/难缠|脾气差|他离得近|内部跟进/);
  });

  it('a technician who is not on it reads the phone masked; its technician, its team leader and the desk read everything', () => {
    expect(viewerOf({ ...actor('technician', ['eng']), openid: 'tech-2' }, 'tech-2', full)).toBe('pool');
    expect(orderFor('pool', full).reporter.phone).toBe('138****0001');
    expect(viewerOf({ ...actor('technician', ['eng']), openid: 'tech' }, 'tech', full)).toBe('staff');
    expect(viewerOf({ ...actor('technician', ['eng'], ['eng']), openid: 'leader' }, 'leader', full)).toBe('staff');
    expect(viewerOf(actor('dispatcher'), 'me', full)).toBe('staff');
    expect(orderWithTimelineFor('staff', full)).toBe(full);
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
