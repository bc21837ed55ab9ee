import { availableSteps, decide, type Actor, type OrderFacts } from '../../cloudfunctions/core/order/state-machine';
import type { OrderStatus } from '../../typings/domain';

const NOW = new Date('2026-11-23T10:00:00+08:00');

const order = (status: OrderStatus, over: Partial<OrderFacts> = {}): OrderFacts => ({
  status,
  reporterOpenid: 'resident',
  assigneeOpenid: ['pending'].includes(status) ? undefined : 'tech',
  assistantOpenids: ['helper'],
  teamId: 'eng',
  teamPath: ['eng-parent', 'eng'],
  grabbable: true,
  reassignRequested: false,
  completedAt: ['completed', 'closed'].includes(status) ? new Date('2026-11-22T10:00:00+08:00') : undefined,
  ...over,
});

const actor = (openid: string, role: Actor['role'], teamIds: string[] = [], ledTeamIds: string[] = []): Actor => ({ openid, role, teamIds, ledTeamIds });

const reporter = actor('resident', 'resident');
const otherResident = actor('resident-2', 'resident');
const assignee = actor('tech', 'technician', ['eng']);
const assistant = actor('helper', 'technician', ['eng']);
const teammate = actor('tech-2', 'technician', ['eng']);
const otherTeamTech = actor('night', 'technician', ['night']);
const leader = actor('leader', 'technician', ['eng-parent'], ['eng-parent']);
const dispatcher = actor('desk', 'dispatcher', ['service']);
const manager = actor('boss', 'manager');

const STATUSES: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed', 'closed', 'cancelled'];

/** What each person may do in each state, written from product.md's lifecycle table. */
const EXPECTED: Record<string, Partial<Record<OrderStatus, string[]>>> = {
  reporter: {
    pending: ['cancel'],
    assigned: ['cancel'],
    completed: ['rate', 'reopen'],
    closed: ['reopen'],
  },
  // the assignee and assistant are in the order's team, so a pending order is theirs to grab too
  assignee: {
    pending: ['grab'],
    assigned: ['accept', 'reject', 'transfer', 'requestReassign'],
    accepted: ['transfer', 'requestReassign', 'checkIn', 'progress', 'hold'],
    in_progress: ['requestReassign', 'progress', 'hold', 'complete'],
    on_hold: ['requestReassign', 'checkIn', 'progress'],
  },
  assistant: {
    pending: ['grab'],
    accepted: ['checkIn', 'progress'],
    in_progress: ['progress'],
    on_hold: ['checkIn', 'progress'],
  },
  teammate: { pending: ['grab'] },
  otherTeamTech: {},
  otherResident: {},
  leader: {
    pending: ['assign', 'assignTeam', 'grab'],
    assigned: ['assign', 'transfer'],
    accepted: ['transfer'],
    in_progress: ['complete'],
  },
  dispatcher: {
    pending: ['assign', 'assignTeam', 'revoke'],
    assigned: ['assign', 'transfer', 'revoke'],
    accepted: ['transfer', 'revoke'],
    in_progress: ['revoke'],
    on_hold: ['revoke'],
    completed: ['revisit', 'close'],
    closed: ['revisit'],
  },
};
EXPECTED.manager = EXPECTED.dispatcher;

const ACTORS: Record<string, Actor> = { reporter, assignee, assistant, teammate, otherTeamTech, otherResident, leader, dispatcher, manager };

describe('order state machine: who may do what in each state', () => {
  for (const [name, who] of Object.entries(ACTORS)) {
    for (const status of STATUSES) {
      const expected = [...(EXPECTED[name][status] ?? [])].sort();
      it(`${name} on a ${status} order may: ${expected.join(', ') || 'nothing'}`, () => {
        expect(availableSteps(order(status), who, NOW).sort()).toEqual(expected);
      });
    }
  }
});

describe('order state machine: where each step leads', () => {
  it('walks the whole life of a repair', () => {
    const path: [Parameters<typeof decide>[0], Actor, OrderStatus, OrderStatus][] = [
      ['assign', dispatcher, 'pending', 'assigned'],
      ['accept', assignee, 'assigned', 'accepted'],
      ['checkIn', assignee, 'accepted', 'in_progress'],
      ['progress', assignee, 'in_progress', 'in_progress'],
      ['hold', assignee, 'in_progress', 'on_hold'],
      ['checkIn', assignee, 'on_hold', 'in_progress'],
      ['complete', assignee, 'in_progress', 'completed'],
      ['rate', reporter, 'completed', 'closed'],
    ];
    for (const [step, who, from, to] of path) expect(decide(step, order(from), who, NOW)).toEqual({ ok: true, to });
  });

  it('a grab accepts the order at once', () => {
    expect(decide('grab', order('pending'), teammate, NOW)).toEqual({ ok: true, to: 'accepted' });
  });

  it('a rejected order goes back to the pool', () => {
    expect(decide('reject', order('assigned'), assignee, NOW)).toEqual({ ok: true, to: 'pending' });
  });

  it('a reassignment approved with a technician reassigns, without one returns to the pool, rejected stays', () => {
    const waiting = order('accepted', { reassignRequested: true });
    expect(decide('decideReassign', waiting, dispatcher, NOW, { approve: true, reassignTo: 'tech-2' })).toEqual({ ok: true, to: 'assigned' });
    expect(decide('decideReassign', waiting, dispatcher, NOW, { approve: true })).toEqual({ ok: true, to: 'pending' });
    expect(decide('decideReassign', waiting, dispatcher, NOW, { approve: false })).toEqual({ ok: true, to: 'accepted' });
  });

  it('a reopened order goes back to its technician, or to the pool when it had none', () => {
    expect(decide('reopen', order('closed'), reporter, NOW)).toEqual({ ok: true, to: 'assigned' });
    expect(decide('reopen', order('completed', { assigneeOpenid: undefined }), reporter, NOW)).toEqual({ ok: true, to: 'pending' });
  });

  it('the scheduler closes completed orders', () => {
    expect(decide('close', order('completed'), actor('scheduler', 'system'), NOW)).toEqual({ ok: true, to: 'closed' });
  });
});

describe('order state machine: refusals', () => {
  it('refuses strangers before telling them anything about the state', () => {
    for (const status of STATUSES) {
      expect(decide('cancel', order(status), otherResident, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(decide('accept', order(status), teammate, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
  });

  it('answers CONFLICT to a right person at the wrong time', () => {
    expect(decide('cancel', order('accepted'), reporter, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('grab', order('accepted'), teammate, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('revoke', order('completed'), dispatcher, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('a category that is not grab-enabled cannot be grabbed', () => {
    expect(decide('grab', order('pending', { grabbable: false }), teammate, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('only one reassignment request waits at a time, and a decision needs one', () => {
    expect(decide('requestReassign', order('accepted', { reassignRequested: true }), assignee, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('decideReassign', order('accepted'), dispatcher, NOW, { approve: true })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('reopens only within 7 days of completion', () => {
    const completedAt = new Date('2026-11-16T09:59:00+08:00');
    expect(decide('reopen', order('closed', { completedAt }), reporter, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('reopen', order('closed', { completedAt: new Date('2026-11-16T10:01:00+08:00') }), reporter, NOW)).toMatchObject({ ok: true });
  });
});
