/**
 * The order state machine of product.md: for each step, who may take it and from which states,
 * and the state it leads to. Pure: handlers load the order, ask `decide`, and write the answer
 * with a conditional update on (status, version), so a decision made on a stale read loses the race.
 */
import type { OrderStatus, OrderStep, RoleName } from '../../../typings/domain';

/** Who is acting, as far as the machine cares. */
export interface Actor {
  openid: string;
  /** the actor's role in the order's property; 'system' for the scheduler */
  role: RoleName | 'system';
  /** teams the actor works in */
  teamIds: readonly string[];
  /** teams the actor leads: a leader dispatches within them and their sub-teams */
  ledTeamIds: readonly string[];
}

/** What the machine needs to know of an order. */
export interface OrderFacts {
  status: OrderStatus;
  reporterOpenid: string;
  assigneeOpenid?: string;
  assistantOpenids: readonly string[];
  teamId: string;
  /** the order's team and its ancestors, root first */
  teamPath: readonly string[];
  grabbable: boolean;
  reassignRequested: boolean;
  /** when it was completed (reopen window) */
  completedAt?: Date;
}

export type Refusal = { ok: false; code: 'FORBIDDEN' | 'CONFLICT'; message: string };
export type Decision = { ok: true; to: OrderStatus } | Refusal;

/** Options some steps take that change where they lead. */
export interface StepOptions {
  /** decideReassign: approve or not; with a technician the order is reassigned, without it returns to the pool */
  approve?: boolean;
  reassignTo?: string;
}

export const REOPEN_WINDOW_DAYS = 7;

const OPEN_BEFORE_COMPLETION: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'];

type Who = (actor: Actor, order: OrderFacts) => boolean;

const isDesk = (a: Actor): boolean => a.role === 'dispatcher' || a.role === 'manager';
const isAssignee: Who = (a, o) => a.role === 'technician' && !!o.assigneeOpenid && o.assigneeOpenid === a.openid;
const isCrew: Who = (a, o) => isAssignee(a, o) || (a.role === 'technician' && o.assistantOpenids.includes(a.openid));
const leadsTeam: Who = (a, o) => a.role === 'technician' && o.teamPath.some((t) => a.ledTeamIds.includes(t));
/** dispatchers and managers of the property, and leaders of the order's team or a parent of it */
const dispatches: Who = (a, o) => isDesk(a) || leadsTeam(a, o);
const isReporter: Who = (a, o) => a.openid === o.reporterOpenid;

interface Rule {
  who: Who;
  /** why `who` failed, in words for the error message */
  whoText: string;
  from: readonly OrderStatus[];
  to: (order: OrderFacts, options: StepOptions) => OrderStatus;
}

const stay = (o: OrderFacts): OrderStatus => o.status;

export const RULES: Readonly<Record<Exclude<OrderStep, 'create'>, Rule>> = {
  assign: { who: dispatches, whoText: 'only the service center or a team leader assigns', from: ['pending', 'assigned'], to: () => 'assigned' },
  grab: {
    who: (a, o) => a.role === 'technician' && o.grabbable && (a.teamIds.includes(o.teamId) || leadsTeam(a, o)),
    whoText: "only a technician of the order's team grabs a grab-enabled order",
    from: ['pending'],
    to: () => 'accepted',
  },
  accept: { who: isAssignee, whoText: 'only the assigned technician accepts', from: ['assigned'], to: () => 'accepted' },
  reject: { who: isAssignee, whoText: 'only the assigned technician rejects', from: ['assigned'], to: () => 'pending' },
  transfer: {
    who: (a, o) => isAssignee(a, o) || dispatches(a, o),
    whoText: 'only the assigned technician or the service center transfers',
    from: ['assigned', 'accepted'],
    to: () => 'assigned',
  },
  requestReassign: {
    who: isAssignee,
    whoText: 'only the assigned technician asks for reassignment',
    from: ['assigned', 'accepted', 'in_progress', 'on_hold'],
    to: stay,
  },
  decideReassign: {
    who: dispatches,
    whoText: 'only the service center or a team leader decides a reassignment',
    from: ['assigned', 'accepted', 'in_progress', 'on_hold'],
    to: (o, opt) => (opt.approve ? (opt.reassignTo ? 'assigned' : 'pending') : o.status),
  },
  checkIn: { who: isCrew, whoText: 'only the technicians on the order check in', from: ['accepted', 'on_hold'], to: () => 'in_progress' },
  progress: { who: isCrew, whoText: 'only the technicians on the order add progress', from: ['accepted', 'in_progress', 'on_hold'], to: stay },
  hold: { who: isAssignee, whoText: 'only the assigned technician puts an order on hold', from: ['accepted', 'in_progress'], to: () => 'on_hold' },
  complete: {
    // A team leader may report completion on behalf of the team (代报完工); the service center verifies by closing.
    who: (a, o) => isAssignee(a, o) || leadsTeam(a, o),
    whoText: 'only the assigned technician or the team leader completes',
    from: ['in_progress'],
    to: () => 'completed',
  },
  rate: { who: isReporter, whoText: 'only the reporter rates', from: ['completed'], to: () => 'closed' },
  reopen: {
    who: isReporter,
    whoText: 'only the reporter reopens',
    from: ['completed', 'closed'],
    to: (o) => (o.assigneeOpenid ? 'assigned' : 'pending'),
  },
  cancel: { who: isReporter, whoText: 'only the reporter cancels', from: ['pending', 'assigned'], to: () => 'cancelled' },
  revoke: { who: (a) => isDesk(a), whoText: 'only the service center revokes', from: OPEN_BEFORE_COMPLETION, to: () => 'cancelled' },
  revisit: { who: (a) => isDesk(a), whoText: 'only the service center revisits', from: ['completed', 'closed'], to: stay },
  close: {
    who: (a) => isDesk(a) || a.role === 'system',
    whoText: 'only the service center closes',
    from: ['completed'],
    to: () => 'closed',
  },
};

const forbidden = (message: string): Refusal => ({ ok: false, code: 'FORBIDDEN', message });
const conflict = (message: string): Refusal => ({ ok: false, code: 'CONFLICT', message });

/**
 * May `actor` take `step` on `order` now, and where does it lead?
 * Who comes before state: a stranger learns nothing about the order's state from the answer.
 */
export function decide(step: Exclude<OrderStep, 'create'>, order: OrderFacts, actor: Actor, now: Date, options: StepOptions = {}): Decision {
  const rule = RULES[step];
  if (!rule.who(actor, order)) return forbidden(rule.whoText);
  if (!rule.from.includes(order.status)) return conflict(`cannot ${step} an order that is ${order.status}`);
  if (step === 'requestReassign' && order.reassignRequested) return conflict('a reassignment request is already waiting');
  if (step === 'decideReassign' && !order.reassignRequested) return conflict('no reassignment request is waiting');
  if (step === 'reopen') {
    const completedAt = order.completedAt?.getTime();
    if (completedAt === undefined || now.getTime() - completedAt > REOPEN_WINDOW_DAYS * 24 * 60 * 60 * 1000) {
      return conflict(`an order can be reopened within ${REOPEN_WINDOW_DAYS} days of completion`);
    }
  }
  return { ok: true, to: rule.to(order, options) };
}

/** The steps `actor` may take on `order` now: what the UI offers as buttons. */
export function availableSteps(order: OrderFacts, actor: Actor, now: Date): Exclude<OrderStep, 'create'>[] {
  return (Object.keys(RULES) as Exclude<OrderStep, 'create'>[]).filter((step) => decide(step, order, actor, now).ok);
}
