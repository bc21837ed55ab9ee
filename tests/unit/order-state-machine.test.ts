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
    // the completion record is corrected until the reporter confirms it
    completed: ['correct'],
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
  // a leader moves stuck work and reports completion on the assignee's behalf (代报完工)
  leader: {
    pending: ['assign', 'assignTeam', 'grab'],
    assigned: ['assign', 'transfer'],
    accepted: ['transfer', 'complete'],
    in_progress: ['transfer', 'complete'],
    on_hold: ['transfer', 'complete'],
    completed: ['correct'],
  },
  // the desk also handles orders itself; it closes a completed order only to verify it or after the rating window
  dispatcher: {
    pending: ['assign', 'assignTeam', 'revoke', 'handle'],
    assigned: ['assign', 'transfer', 'revoke'],
    accepted: ['transfer', 'revoke', 'complete'],
    in_progress: ['transfer', 'revoke', 'complete'],
    on_hold: ['transfer', 'revoke', 'complete'],
    completed: ['correct', 'revisit'],
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

  it('the scheduler closes a completed order once the rating window has passed, not before', () => {
    const scheduler = actor('scheduler', 'system');
    const completedAt = new Date('2026-11-16T10:00:00+08:00'); // 7 days before NOW
    expect(decide('close', order('completed', { completedAt }), scheduler, NOW)).toEqual({ ok: true, to: 'closed' });
    expect(decide('close', order('completed', { completedAt: new Date('2026-11-16T10:01:00+08:00') }), scheduler, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('close', order('completed', { completedAt, autoCloseDays: 10 }), scheduler, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  it('the desk takes a matter itself: a verbal dispatch closes at once, a coordination order stays in progress', () => {
    expect(decide('handle', order('pending'), dispatcher, NOW, { handling: 'verbal' })).toEqual({ ok: true, to: 'closed' });
    expect(decide('handle', order('pending'), dispatcher, NOW, { handling: 'coordination' })).toEqual({ ok: true, to: 'in_progress' });
    const coordination = order('in_progress', { assigneeOpenid: 'desk', handling: 'coordination' });
    expect(decide('followUp', coordination, dispatcher, NOW)).toEqual({ ok: true, to: 'in_progress' });
    expect(decide('complete', coordination, dispatcher, NOW)).toEqual({ ok: true, to: 'completed' });
    expect(decide('followUp', order('in_progress'), dispatcher, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('handle', order('pending'), leader, NOW, { handling: 'verbal' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('a completion reported on behalf stays completed when rated, until the desk verifies it', () => {
    const onBehalf = order('completed', { completedOnBehalf: true, completedBy: 'leader' });
    expect(decide('rate', onBehalf, reporter, NOW)).toEqual({ ok: true, to: 'completed' });
    expect(decide('close', onBehalf, dispatcher, NOW)).toEqual({ ok: true, to: 'closed' });
    expect(decide('close', { ...onBehalf, rated: true }, dispatcher, NOW)).toEqual({ ok: true, to: 'closed' });
    expect(decide('rate', { ...onBehalf, rated: true }, reporter, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
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

  it('a category that is not grab-enabled cannot be grabbed, and the refusal says so', () => {
    expect(decide('grab', order('pending', { grabbable: false }), teammate, NOW)).toEqual({ ok: false, code: 'FORBIDDEN', message: '这个类别不开放抢单，请等待派单' });
  });

  it('the desk cannot close a fresh completion the reporter may still rate', () => {
    expect(decide('close', order('completed'), dispatcher, NOW)).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('评价') });
  });

  it('closes a phone report without a registered reporter only after the revisit call', () => {
    const phone = order('completed', { reporterOpenid: '' });
    expect(decide('close', phone, dispatcher, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(decide('close', { ...phone, revisited: true }, dispatcher, NOW)).toEqual({ ok: true, to: 'closed' });
    expect(decide('rate', phone, actor('', 'resident'), NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('nobody approves their own work', () => {
    // a self-inspection: the technician reported it and did it
    const selfInspection = order('completed', { reporterOpenid: 'tech', completedBy: 'tech' });
    expect(decide('rate', selfInspection, assignee, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decide('reopen', selfInspection, assignee, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decide('close', selfInspection, dispatcher, NOW)).toEqual({ ok: true, to: 'closed' });
    // a leader's own reassignment request is decided by someone else
    const leadersOwn = order('accepted', { assigneeOpenid: 'leader', reassignRequested: true, reassignRequestedBy: 'leader' });
    expect(decide('decideReassign', leadersOwn, leader, NOW, { approve: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decide('decideReassign', leadersOwn, dispatcher, NOW, { approve: true })).toEqual({ ok: true, to: 'pending' });
    // whoever recorded a completion on behalf does not verify it
    const deskOnBehalf = order('completed', { completedOnBehalf: true, completedBy: 'desk' });
    expect(decide('close', deskOnBehalf, dispatcher, NOW)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decide('close', deskOnBehalf, manager, NOW)).toEqual({ ok: true, to: 'closed' });
  });

  it('the desk moves a stuck order: transfer from in progress or on hold leads back to assigned', () => {
    expect(decide('transfer', order('in_progress'), dispatcher, NOW)).toEqual({ ok: true, to: 'assigned' });
    expect(decide('transfer', order('on_hold'), leader, NOW)).toEqual({ ok: true, to: 'assigned' });
    expect(decide('transfer', order('in_progress'), assignee, NOW)).toMatchObject({ ok: false, code: 'CONFLICT' });
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
