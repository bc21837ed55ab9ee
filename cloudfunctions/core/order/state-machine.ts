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
  /** '' when nobody registered reported it (a phone report for a caller who has not registered) */
  reporterOpenid: string;
  assigneeOpenid?: string;
  assistantOpenids: readonly string[];
  teamId: string;
  /** the order's team and its ancestors, root first */
  teamPath: readonly string[];
  grabbable: boolean;
  reassignRequested: boolean;
  /** who asked for the pending reassignment */
  reassignRequestedBy?: string;
  /** when it was completed (reopen and rating windows) */
  completedAt?: Date;
  /** the current completion was recorded for the assignee by someone else (代报完工): the desk verifies it */
  completedOnBehalf?: boolean;
  /** who recorded the current completion */
  completedBy?: string;
  rated?: boolean;
  /** the reporter confirmed the completion record (or it was verified): it can no longer change */
  completionLocked?: boolean;
  /** the current fee is paid: the record it bills can no longer change */
  feePaid?: boolean;
  revisited?: boolean;
  /** the service center handles it itself */
  handling?: 'verbal' | 'coordination';
  /** days a completed order waits for the reporter's rating before the desk or the scheduler may close it */
  autoCloseDays?: number;
  /** the deadline the order works towards now (acceptBy, arriveBy or completeBy by status) */
  activeDue?: Date;
  /** the reporter's last 催单 */
  lastNudgedAt?: Date;
  /** pay on order: the deposit or price is not paid yet, so nobody is dispatched */
  awaitingPayment?: boolean;
  /** pay on order: paid, so only the desk's revoke (which refunds) ends it */
  prepaid?: boolean;
}

export type Refusal = { ok: false; code: 'FORBIDDEN' | 'CONFLICT' | 'RATE_LIMITED'; message: string };
export type Decision = { ok: true; to: OrderStatus } | Refusal;

/** Options some steps take that change where they lead. */
export interface StepOptions {
  /** decideReassign: approve or not; with a technician the order is reassigned, without it returns to the pool */
  approve?: boolean;
  reassignTo?: string;
  /** handle: a verbal dispatch is done at once; a coordination order stays open */
  handling?: 'verbal' | 'coordination';
  /** pay: the technician auto mode gives a paid-on-order order once paid */
  dispatchTo?: string;
}

export const REOPEN_WINDOW_DAYS = 7;
export const DEFAULT_AUTO_CLOSE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

const OPEN_BEFORE_COMPLETION: OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'];
const WITH_A_TECHNICIAN: OrderStatus[] = ['assigned', 'accepted', 'in_progress', 'on_hold'];

type Who = (actor: Actor, order: OrderFacts) => boolean;

/** the service center (客服) and managers: they see and act on every order of their property */
export const isDesk = (a: Actor | undefined): boolean => a?.role === 'dispatcher' || a?.role === 'manager';
const isAssignee: Who = (a, o) => a.role === 'technician' && !!o.assigneeOpenid && o.assigneeOpenid === a.openid;
const isCrew: Who = (a, o) => isAssignee(a, o) || (a.role === 'technician' && o.assistantOpenids.includes(a.openid));
const leadsTeam: Who = (a, o) => a.role === 'technician' && o.teamPath.some((t) => a.ledTeamIds.includes(t));
/** dispatchers and managers of the property, and leaders of the order's team or a parent of it */
const dispatches: Who = (a, o) => isDesk(a) || leadsTeam(a, o);
const isReporter: Who = (a, o) => !!o.reporterOpenid && a.openid === o.reporterOpenid;
/** worked on the order, so may not approve it: its technicians and whoever recorded the completion */
export const workedOn = (openid: string, o: OrderFacts): boolean =>
  o.assigneeOpenid === openid || o.assistantOpenids.includes(openid) || o.completedBy === openid;

interface Rule {
  who: Who;
  /** why `who` failed, in Chinese: the error message a person sees */
  whoText: string;
  from: readonly OrderStatus[];
  /** further states open to the desk and team leaders (stuck orders move) */
  dispatcherFrom?: readonly OrderStatus[];
  to: (order: OrderFacts, options: StepOptions) => OrderStatus;
}

const stay = (o: OrderFacts): OrderStatus => o.status;

export const RULES: Readonly<Record<Exclude<OrderStep, 'create'>, Rule>> = {
  assign: { who: dispatches, whoText: '只有客服中心或班组长可以派单', from: ['pending', 'assigned'], to: () => 'assigned' },
  // to a team's pool rather than a person: a parent team hands work down, the desk hands a matter to a department
  assignTeam: { who: dispatches, whoText: '只有客服中心或班组长可以派单', from: ['pending'], to: () => 'pending' },
  grab: {
    who: (a, o) => a.role === 'technician' && (a.teamIds.includes(o.teamId) || leadsTeam(a, o)),
    whoText: '只有本班组的师傅可以抢单',
    from: ['pending'],
    to: () => 'accepted',
  },
  accept: { who: isAssignee, whoText: '只有被派单的师傅可以接单', from: ['assigned'], to: () => 'accepted' },
  // WeChat Pay's callback (payNotify) records a payment; money can land in any state but a cancelled one
  pay: {
    who: (a) => a.role === 'system',
    whoText: '支付结果只由微信支付回调记录',
    from: [...OPEN_BEFORE_COMPLETION, 'completed', 'closed'],
    // in auto mode a paid-on-order order is dispatched as its payment lands
    to: (o, opt) => (opt.dispatchTo && o.status === 'pending' ? 'assigned' : o.status),
  },
  reject: { who: isAssignee, whoText: '只有被派单的师傅可以拒单', from: ['assigned'], to: () => 'pending' },
  transfer: {
    who: (a, o) => isAssignee(a, o) || dispatches(a, o),
    whoText: '只有当前师傅或客服中心可以转单',
    from: ['assigned', 'accepted'],
    // the technician fell ill mid-job: the desk moves the order on
    dispatcherFrom: ['in_progress', 'on_hold'],
    to: () => 'assigned',
  },
  requestReassign: { who: isAssignee, whoText: '只有当前师傅可以申请改派', from: WITH_A_TECHNICIAN, to: stay },
  decideReassign: {
    who: dispatches,
    whoText: '只有客服中心或班组长可以审批改派',
    from: WITH_A_TECHNICIAN,
    to: (o, opt) => (opt.approve ? (opt.reassignTo ? 'assigned' : 'pending') : o.status),
  },
  checkIn: { who: isCrew, whoText: '只有这张单的师傅可以签到', from: ['accepted', 'on_hold'], to: () => 'in_progress' },
  progress: { who: isCrew, whoText: '只有这张单的师傅可以更新进度', from: ['accepted', 'in_progress', 'on_hold'], to: stay },
  hold: { who: isAssignee, whoText: '只有当前师傅可以挂起', from: ['accepted', 'in_progress'], to: () => 'on_hold' },
  complete: {
    // the assignee; a team leader or the desk on the assignee's behalf (代报完工) when the phone cannot report
    who: (a, o) => isAssignee(a, o) || dispatches(a, o),
    whoText: '只有当前师傅、班组长或客服中心可以完工',
    from: ['in_progress'],
    dispatcherFrom: ['accepted', 'on_hold'],
    to: () => 'completed',
  },
  // until the reporter confirms it, whoever may complete the order may correct the record (seed 000: 确认后锁定)
  correct: {
    who: (a, o) => isAssignee(a, o) || dispatches(a, o) || (!!o.completedBy && o.completedBy === a.openid),
    whoText: '只有当前师傅、班组长或客服中心可以修改完工记录',
    from: ['completed'],
    to: stay,
  },
  // a completion reported on behalf waits for the desk's verification even once rated
  rate: { who: isReporter, whoText: '只有报修人可以评价', from: ['completed'], to: (o) => (o.completedOnBehalf ? 'completed' : 'closed') },
  reopen: {
    who: isReporter,
    whoText: '只有报修人可以重新打开',
    from: ['completed', 'closed'],
    to: (o) => (o.assigneeOpenid && !o.handling ? 'assigned' : 'pending'),
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
  handle: {
    who: (a) => isDesk(a),
    whoText: '只有客服中心可以直接处理',
    from: ['pending'],
    to: (_o, opt) => (opt.handling === 'verbal' ? 'closed' : 'in_progress'),
  },
  followUp: { who: (a) => isDesk(a), whoText: '只有客服中心可以跟进协调单', from: ['in_progress', 'on_hold'], to: stay },
  nudge: { who: isReporter, whoText: '只有报修人可以催单', from: OPEN_BEFORE_COMPLETION, to: stay },
};

/** The reporter may nudge an overdue order once an hour. */
export const NUDGE_EVERY_MS = 60 * 60 * 1000;

const forbidden = (message: string): Refusal => ({ ok: false, code: 'FORBIDDEN', message });
const conflict = (message: string): Refusal => ({ ok: false, code: 'CONFLICT', message });

/**
 * May `actor` take `step` on `order` now, and where does it lead?
 * Who comes before state: a stranger learns nothing about the order's state from the answer.
 */
export function decide(step: Exclude<OrderStep, 'create'>, order: OrderFacts, actor: Actor, now: Date, options: StepOptions = {}): Decision {
  const rule = RULES[step];
  if (!rule.who(actor, order)) return forbidden(rule.whoText);
  const own = ownWorkRefusal(step, order, actor);
  if (own) return own;
  if (step === 'grab' && !order.grabbable) return forbidden('这个类别不开放抢单，请等待派单');
  const from = dispatches(actor, order) && rule.dispatcherFrom ? [...rule.from, ...rule.dispatcherFrom] : rule.from;
  if (!from.includes(order.status)) return conflict(`订单当前${STATUS_LABELS[order.status]}，不能${STEP_LABELS[step]}`);
  return stateRefusal(step, order, actor, now) ?? { ok: true, to: rule.to(order, options) };
}

/** Nobody approves their own work: rating, confirming or reopening it, or deciding their own request. */
function ownWorkRefusal(step: Exclude<OrderStep, 'create'>, order: OrderFacts, actor: Actor): Refusal | undefined {
  if ((step === 'rate' || step === 'reopen') && workedOn(actor.openid, order)) return forbidden('不能评价或重开自己处理的工单，由客服中心核实');
  if (step === 'decideReassign' && order.reassignRequestedBy === actor.openid) return forbidden('自己的改派申请由客服中心或上级审批');
  if (step === 'close' && actor.role !== 'system' && order.completedBy === actor.openid && order.completedOnBehalf) {
    return forbidden('代报的完工需由另一位客服核实');
  }
  return undefined;
}

/** Refusals that depend on more than the status. */
function stateRefusal(step: Exclude<OrderStep, 'create'>, order: OrderFacts, actor: Actor, now: Date): Refusal | undefined {
  if (step === 'cancel' && order.prepaid) return conflict('已预付的订单请联系客服中心撤销并退款');
  if (order.awaitingPayment && (step === 'assign' || step === 'assignTeam' || step === 'grab' || step === 'handle')) {
    return conflict('业主尚未支付预付款，支付后再派单');
  }
  switch (step) {
    case 'requestReassign':
      return order.reassignRequested ? conflict('已有改派申请等待审批') : undefined;
    case 'decideReassign':
      return order.reassignRequested ? undefined : conflict('没有等待审批的改派申请');
    case 'complete':
      return order.assigneeOpenid || order.handling ? undefined : conflict('还没有派给师傅，不能完工');
    case 'rate':
      return order.rated ? conflict('已经评价过了') : undefined;
    case 'correct':
      if (order.completionLocked || order.rated) return conflict('报修人已确认，完工记录已锁定');
      return order.feePaid ? conflict('费用已支付，完工记录不能再修改') : undefined;
    case 'reopen': {
      const completedAt = order.completedAt?.getTime();
      if (completedAt === undefined || now.getTime() - completedAt > REOPEN_WINDOW_DAYS * DAY_MS) return conflict(`完工 ${REOPEN_WINDOW_DAYS} 天内才能重新打开`);
      return undefined;
    }
    case 'followUp':
      return order.handling === 'coordination' ? undefined : conflict('只有协调单需要跟进');
    case 'close':
      return closeRefusal(order, actor, now);
    case 'nudge':
      if (!order.activeDue || order.activeDue.getTime() > now.getTime()) return conflict('还没到约定的时间，请再耐心等等');
      if (order.lastNudgedAt && now.getTime() - order.lastNudgedAt.getTime() < NUDGE_EVERY_MS) {
        return { ok: false, code: 'RATE_LIMITED', message: '已经催过了，一小时内只能催一次' };
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * The desk closes a completed order only to verify it (a completion on behalf, a self-inspection,
 * a phone report after the revisit call) or once the reporter's rating window has passed; closing
 * earlier would take the reporter's rating away.
 */
function closeRefusal(order: OrderFacts, actor: Actor, now: Date): Refusal | undefined {
  if (order.completedOnBehalf) return undefined;
  const days = order.autoCloseDays ?? DEFAULT_AUTO_CLOSE_DAYS;
  const windowPassed = order.completedAt !== undefined && now.getTime() - order.completedAt.getTime() >= days * DAY_MS;
  if (windowPassed) return undefined;
  if (actor.role === 'system') return conflict(`完工 ${days} 天后才自动关闭`);
  if (!order.reporterOpenid) return order.revisited ? undefined : conflict('请先回访报修人，确认后再关闭');
  if (workedOn(order.reporterOpenid, order)) return undefined; // self-inspection: the desk verifies it
  return conflict(`等待报修人确认评价；完工 ${days} 天后可关闭`);
}

/** The steps `actor` may take on `order` now: what the UI offers as buttons. */
export function availableSteps(order: OrderFacts, actor: Actor, now: Date): Exclude<OrderStep, 'create'>[] {
  return (Object.keys(RULES) as Exclude<OrderStep, 'create'>[]).filter((step) => decide(step, order, actor, now).ok);
}
