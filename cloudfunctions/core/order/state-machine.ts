/**
 * The order state machine of product.md: for each step, who may take it and from which states,
 * and the state it leads to. Pure: handlers load the order, ask `decide`, and write the answer
 * with a conditional update on (status, version), so a decision made on a stale read loses the race.
 */
import type { OrderStatus, OrderStep, RoleName } from '../../../typings/domain';
import { STATUS_LABELS, STEP_LABELS } from './labels';

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

/** the service center (客服) and managers: they see and act on every order of their property */
export const isDesk = (a: Actor | undefined): boolean => a?.role === 'dispatcher' || a?.role === 'manager';
const isAssignee: Who = (a, o) => a.role === 'technician' && !!o.assigneeOpenid && o.assigneeOpenid === a.openid;
const isCrew: Who = (a, o) => isAssignee(a, o) || (a.role === 'technician' && o.assistantOpenids.includes(a.openid));
const leadsTeam: Who = (a, o) => a.role === 'technician' && o.teamPath.some((t) => a.ledTeamIds.includes(t));
/** dispatchers and managers of the property, and leaders of the order's team or a parent of it */
const dispatches: Who = (a, o) => isDesk(a) || leadsTeam(a, o);
const isReporter: Who = (a, o) => a.openid === o.reporterOpenid;

interface Rule {
  who: Who;
  /** why `who` failed, in Chinese: the error message a person sees */
  whoText: string;
  from: readonly OrderStatus[];
  to: (order: OrderFacts, options: StepOptions) => OrderStatus;
}

const stay = (o: OrderFacts): OrderStatus => o.status;

export const RULES: Readonly<Record<Exclude<OrderStep, 'create'>, Rule>> = {
  assign: { who: dispatches, whoText: '只有客服中心或班组长可以派单', from: ['pending', 'assigned'], to: () => 'assigned' },
  // to a team's pool rather than a person: a parent team hands work down to a sub-team
  assignTeam: { who: dispatches, whoText: '只有客服中心或班组长可以派单', from: ['pending'], to: () => 'pending' },
  grab: {
    who: (a, o) => a.role === 'technician' && o.grabbable && (a.teamIds.includes(o.teamId) || leadsTeam(a, o)),
    whoText: '只有本班组的师傅可以抢这张可抢的单',
    from: ['pending'],
    to: () => 'accepted',
  },
  accept: { who: isAssignee, whoText: '只有被派单的师傅可以接单', from: ['assigned'], to: () => 'accepted' },
  reject: { who: isAssignee, whoText: '只有被派单的师傅可以拒单', from: ['assigned'], to: () => 'pending' },
  transfer: {
    who: (a, o) => isAssignee(a, o) || dispatches(a, o),
    whoText: '只有当前师傅或客服中心可以转单',
    from: ['assigned', 'accepted'],
    to: () => 'assigned',
  },
  requestReassign: {
    who: isAssignee,
    whoText: '只有当前师傅可以申请改派',
    from: ['assigned', 'accepted', 'in_progress', 'on_hold'],
    to: stay,
  },
  decideReassign: {
    who: dispatches,
    whoText: '只有客服中心或班组长可以审批改派',
    from: ['assigned', 'accepted', 'in_progress', 'on_hold'],
    to: (o, opt) => (opt.approve ? (opt.reassignTo ? 'assigned' : 'pending') : o.status),
  },
  checkIn: { who: isCrew, whoText: '只有这张单的师傅可以签到', from: ['accepted', 'on_hold'], to: () => 'in_progress' },
  progress: { who: isCrew, whoText: '只有这张单的师傅可以更新进度', from: ['accepted', 'in_progress', 'on_hold'], to: stay },
  hold: { who: isAssignee, whoText: '只有当前师傅可以挂起', from: ['accepted', 'in_progress'], to: () => 'on_hold' },
  complete: {
    // A team leader may report completion on behalf of the team (代报完工); the service center verifies by closing.
    who: (a, o) => isAssignee(a, o) || leadsTeam(a, o),
    whoText: '只有当前师傅或班组长可以完工',
    from: ['in_progress'],
    to: () => 'completed',
  },
  rate: { who: isReporter, whoText: '只有报修人可以评价', from: ['completed'], to: () => 'closed' },
  reopen: {
    who: isReporter,
    whoText: '只有报修人可以重新打开',
    from: ['completed', 'closed'],
    to: (o) => (o.assigneeOpenid ? 'assigned' : 'pending'),
  },
  cancel: { who: isReporter, whoText: '只有报修人可以取消', from: ['pending', 'assigned'], to: () => 'cancelled' },
  revoke: { who: (a) => isDesk(a), whoText: '只有客服中心可以撤销', from: OPEN_BEFORE_COMPLETION, to: () => 'cancelled' },
  revisit: { who: (a) => isDesk(a), whoText: '只有客服中心可以回访', from: ['completed', 'closed'], to: stay },
  close: {
    who: (a) => isDesk(a) || a.role === 'system',
    whoText: '只有客服中心可以关闭',
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
  if (!rule.from.includes(order.status)) return conflict(`订单当前${STATUS_LABELS[order.status]}，不能${STEP_LABELS[step]}`);
  if (step === 'requestReassign' && order.reassignRequested) return conflict('已有改派申请等待审批');
  if (step === 'decideReassign' && !order.reassignRequested) return conflict('没有等待审批的改派申请');
  if (step === 'reopen') {
    const completedAt = order.completedAt?.getTime();
    if (completedAt === undefined || now.getTime() - completedAt > REOPEN_WINDOW_DAYS * 24 * 60 * 60 * 1000) {
      return conflict(`完工 ${REOPEN_WINDOW_DAYS} 天内才能重新打开`);
    }
  }
  return { ok: true, to: rule.to(order, options) };
}

/** The steps `actor` may take on `order` now: what the UI offers as buttons. */
export function availableSteps(order: OrderFacts, actor: Actor, now: Date): Exclude<OrderStep, 'create'>[] {
  return (Object.keys(RULES) as Exclude<OrderStep, 'create'>[]).filter((step) => decide(step, order, actor, now).ok);
}
