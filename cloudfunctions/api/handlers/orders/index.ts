/** The order actions of the API: schema, who may call, errors, example, and the step they run. */
import type { ErrorCode } from '../../../../typings/api';
import type { OrderActions } from '../../../../typings/order-actions';
import { defineAction, type ActionDefinition } from '../../actions';
import { batchAssign } from './batch-assign';
import { orderCreate } from './create';
import { quoteCompletion } from './quote';
import { getOrder, listOrders } from './read';
import * as s from './schemas';
import * as steps from './steps';
import { runStep, type StepDefinition } from './transition';

type OrderAction = keyof OrderActions;
type Code = Exclude<ErrorCode, 'INTERNAL'>;

const STEP_ERRORS: Code[] = ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT'];
const ORDER_ID = 'ORDER_ID_FROM_order.create';

/** An action that runs one state-machine step on one order. */
function stepAction<A extends OrderAction>(
  name: A,
  def: {
    summary: string;
    who: string;
    schema: ActionDefinition<A>['schema'];
    example: ActionDefinition<A>['example'];
    errors?: Code[];
    step: StepDefinition<OrderActions[A][0] & { orderId: string }>;
  },
): ActionDefinition<A> {
  return defineAction<A>({
    name,
    summary: def.summary,
    who: def.who,
    schema: def.schema,
    returns: 'OrderWithTimeline',
    errors: def.errors ?? STEP_ERRORS,
    example: def.example,
    handle: (ctx, payload) => runStep(ctx, def.step, payload as OrderActions[A][0] & { orderId: string }) as Promise<OrderActions[A][1]>,
  });
}

const ex = <P>(openid: string, payload: P) => ({ openid, payload });

export const ORDER_ACTIONS = [
  orderCreate,
  defineAction({
    name: 'order.get',
    summary: 'One order with its whole timeline.',
    who: 'its reporter, the technicians on it, its team’s technicians while it waits in the pool, team leaders above it, the service center and managers of its property',
    schema: s.orderIdSchema,
    returns: 'OrderWithTimeline',
    errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN'],
    example: ex('demo-resident', { orderId: ORDER_ID }),
    handle: (ctx, p) => getOrder(ctx, p.orderId),
  }),
  defineAction({
    name: 'order.list',
    summary:
      'Orders newest first, 20 a page, or with `sort: \'due\'` the next promise first (a technician\'s open work: overdue on top). ' +
      'Scopes: mine (reported by me), assigned (I work on), pool (pending in my teams; with `grabbable: true` the 抢单池), ' +
      'all (the property; team leaders: their teams).',
    who: 'mine: anyone; assigned/pool: technicians (pool also the service center); all: the service center, managers, team leaders',
    schema: s.listSchema,
    returns: 'OrderPage',
    errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
    example: ex('demo-dispatcher', { propertyId: 'demo', scope: 'all' as const, status: ['pending' as const] }),
    handle: listOrders,
  }),
  stepAction('order.assign', {
    summary:
      'Hand a pending (or re-hand an assigned) order to a technician, with optional assistants (主修 + 协助). The note is for ' +
      'staff; the timeline names who had the order and who has it now. Due dates start again from now (an appointment ' +
      'still ahead keeps its window).',
    who: 'the service center and managers; team leaders within their teams',
    schema: s.assignSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, technicianId: 'demo-tech-2' }),
    step: steps.assignStep,
  }),
  stepAction('order.assignTeam', {
    summary: "Hand a pending order to a team's pool instead of a person, e.g. from 工程部 down to its 空调班组; it stays pending there.",
    who: 'the service center and managers; team leaders to the teams they lead and their sub-teams',
    schema: s.assignTeamSchema,
    example: ex('demo-tech-1', { orderId: ORDER_ID, teamId: 'demo-team-eng-hvac', note: '空调问题，交空调班组' }),
    step: steps.assignTeamStep,
  }),
  defineAction({
    name: 'order.batchAssign',
    summary: 'Assign many orders to one technician; each order succeeds or fails on its own.',
    who: 'the service center and managers; team leaders within their teams',
    schema: s.batchAssignSchema,
    returns: '{ assigned: string[]; failed: { id: string; code: string }[] }',
    errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
    example: ex('demo-dispatcher', { orderIds: [ORDER_ID], technicianId: 'demo-tech-2' }),
    handle: batchAssign,
  }),
  stepAction('order.grab', {
    summary: 'Take a pending grab-enabled order of your team (抢单); it is accepted at once. Exactly one technician wins.',
    who: "technicians of the order's team",
    schema: s.orderIdSchema,
    errors: [...STEP_ERRORS, 'GRAB_LIMIT'],
    example: ex('demo-tech-2', { orderId: ORDER_ID }),
    step: steps.grabStep,
  }),
  stepAction('order.accept', {
    summary: 'Accept an order assigned to you (接单).',
    who: 'the assigned technician',
    schema: s.orderIdSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID }),
    step: steps.acceptStep,
  }),
  stepAction('order.reject', {
    summary:
      'Refuse an assigned order with a reason (for staff only); it returns to the pool where routing sends it now (a night ' +
      'order refused in business hours goes to its category’s team) for re-dispatch.',
    who: 'the assigned technician',
    schema: s.reasonSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, reason: '今天在外区支援，无法上门' }),
    step: steps.rejectStep,
  }),
  stepAction('order.transfer', {
    summary:
      'Pass an order to another technician (转单), with a reason (for staff only). The assigned technician passes an assigned or ' +
      'accepted order; the service center and team leaders also move one that is in progress or on hold (the technician is ill). ' +
      'Due dates start again from now and a hold is cleared.',
    who: 'the assigned technician; the service center; team leaders within their teams',
    schema: s.transferSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, technicianId: 'demo-tech-1', reason: '需要空调专业师傅' }),
    step: steps.transferStep,
  }),
  stepAction('order.requestReassign', {
    summary: 'Ask the service center to reassign your order (申请改派).',
    who: 'the assigned technician',
    schema: s.reasonSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, reason: '需要两人配合' }),
    step: steps.requestReassignStep,
  }),
  stepAction('order.decideReassign', {
    summary:
      'Approve a reassignment request (to a technician, or back to the pool; due dates start again, a hold is cleared) or reject ' +
      'it (驳回). Nobody decides their own request.',
    who: 'the service center and managers; team leaders within their teams (not the requester)',
    schema: s.decideReassignSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, approve: true, technicianId: 'demo-tech-1' }),
    step: steps.decideReassignStep,
  }),
  stepAction('order.checkIn', {
    summary: 'Arrive on site (签到), optionally with the location; starts the work.',
    who: 'the assigned technician and assistants',
    schema: s.checkInSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, location: { lat: 31.2304, lng: 121.4737 } }),
    step: steps.checkInStep,
  }),
  stepAction('order.progress', {
    summary: 'A progress note with photos, shown to the reporter at once.',
    who: 'the assigned technician and assistants',
    schema: s.progressSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, note: '已关闭总阀，正在更换接头' }),
    step: steps.progressStep,
  }),
  stepAction('order.hold', {
    summary: 'Cannot finish now (挂起): a reason and the next visit time; the resident is told. The visit is due then, and completion the category’s time after it.',
    who: 'the assigned technician',
    schema: s.holdSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, reason: '等配件到货', nextVisitAt: '2026-12-01T10:00:00+08:00' }),
    step: steps.holdStep,
  }),
  stepAction('order.complete', {
    summary:
      'The completion record (竣工录入): summary, work minutes, catalog materials, service items, photos, signature. Fees are ' +
      'computed by the server. A team leader or the service center may record it for the assignee whose phone cannot (代报完工, ' +
      'also from accepted or on hold): marked onBehalf with who did it, it waits for the desk’s order.close.',
    who: 'the assigned technician; on behalf of the assignee: team leaders of the order’s team, the service center',
    schema: s.completeSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, summary: '更换水管接头并试压', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 1 }] }),
    step: steps.completeStep,
  }),
  stepAction('order.correct', {
    summary:
      'Correct the completion record (修改完工记录) until the reporter confirms it: the whole record again, as for ' +
      'order.complete. The fee is priced again; the replaced record’s materials go back to stock (a `return` move) and its ' +
      'open requisitions are cancelled, then the new lines are taken. Refused (CONFLICT) once rated, verified or paid.',
    who: 'whoever may complete the order, and whoever recorded the completion',
    schema: s.completeSchema,
    example: ex('demo-tech-2', { orderId: ORDER_ID, summary: '更换水管接头并试压，加装止水阀', workMinutes: 55, materials: [{ materialId: 'demo-mat-tape', qty: 2 }] }),
    step: steps.correctStep,
  }),
  stepAction('order.rate', {
    summary:
      'Confirm the work and rate it 1–5; the completion record locks and the order closes (a completion reported on behalf ' +
      'stays completed until the desk verifies it). Nobody rates work they did.',
    who: 'the reporter, unless they worked on the order',
    schema: s.rateSchema,
    example: ex('demo-resident', { orderId: ORDER_ID, score: 5, comment: '师傅很专业' }),
    step: steps.rateStep,
  }),
  stepAction('order.reopen', {
    summary:
      'Not fixed: reopen within 7 days of completion; it goes back to its technician with new due dates. The visit it ends ' +
      '(completion, fee, rating) is kept in `visits`.',
    who: 'the reporter',
    schema: s.reasonSchema,
    example: ex('demo-resident', { orderId: ORDER_ID, reason: '又开始漏水了' }),
    step: steps.reopenStep,
  }),
  stepAction('order.cancel', {
    summary: 'Withdraw your report before a technician accepts it.',
    who: 'the reporter',
    schema: s.reasonSchema,
    example: ex('demo-resident', { orderId: ORDER_ID, reason: '已自行修好' }),
    step: steps.cancelStep,
  }),
  stepAction('order.revoke', {
    summary: 'Revoke an order any time before completion (撤销), with a reason.',
    who: 'the service center and managers',
    schema: s.reasonSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, reason: '重复报修' }),
    step: steps.revokeStep,
  }),
  stepAction('order.revisit', {
    summary: 'Record the service center’s follow-up call (回访) on a completed or closed order; every call is kept in `revisits` (staff only).',
    who: 'the service center and managers',
    schema: s.revisitSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, result: 'satisfied' as const }),
    step: steps.revisitStep,
  }),
  stepAction('order.close', {
    summary:
      'Verify and close a completed order (待关闭 → 已关闭): a completion reported on behalf, a self-inspection, a phone ' +
      'report with no registered reporter once revisited, or any order whose rating window (the property’s autoCloseDays, ' +
      '7 by default) has passed. Earlier it answers CONFLICT: the reporter’s rating comes first.',
    who: 'the service center and managers (not whoever recorded the completion on behalf)',
    schema: s.orderIdSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID }),
    step: steps.closeStep,
  }),
  stepAction('order.handle', {
    summary:
      'The service center takes a pending order (typically a matter: complaint, suggestion) itself (seed 004). `verbal` ' +
      '(口头派工): done at once, recorded and closed. `coordination` (协调单): stays in progress with the desk as its handler, ' +
      'followed up with order.followUp and completed with order.complete.',
    who: 'the service center and managers',
    schema: s.handleSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, handling: 'verbal' as const, note: '已电话通知门岗放行' }),
    step: steps.handleStep,
  }),
  stepAction('order.followUp', {
    summary:
      'A follow-up on a coordination order (协调单): a call, a visit, a report to the owner (`toReporter`: shown to them); ' +
      '`failed` marks a coordination the reporter did not accept.',
    who: 'the service center and managers',
    schema: s.followUpSchema,
    example: ex('demo-dispatcher', { orderId: ORDER_ID, note: '已与楼上住户沟通，约定周六上门查看', toReporter: true }),
    step: steps.followUpStep,
  }),
  defineAction({
    name: 'order.quote',
    summary:
      'What order.complete with this payload would charge, before it is submitted: labor (work minutes in started ' +
      'quarter-hours × the team’s hourly rate), the category’s visit fee, service items (price × qty), catalog materials ' +
      '(catalog price × qty), each line half-up to a fen; the total, the payer (a free category: the company, 公司承担) and ' +
      'what the resident owes (`due`). On a completed order it previews a correction (order.correct). Nothing is written and ' +
      'no stock is taken.',
    who: 'whoever may complete (or, once completed, correct) the order: the assigned technician; team leaders of the order’s team and the service center on the assignee’s behalf',
    schema: s.completeSchema,
    returns: 'FeeBreakdown',
    errors: STEP_ERRORS,
    example: ex('demo-tech-2', {
      orderId: ORDER_ID,
      summary: '更换空调电源开关',
      workMinutes: 75,
      materials: [{ materialId: 'demo-mat-breaker', qty: 1 }, { materialId: 'demo-mat-wire', qty: 2.5 }],
      serviceItems: [{ name: '高空作业', price: 2000, qty: 1 }],
    }),
    handle: quoteCompletion,
  }),
  stepAction('order.nudge', {
    summary:
      'Hurry an overdue order (催单): the deadline it works towards (accept, arrive or complete) has passed. At most once an ' +
      'hour (RATE_LIMITED); counted on the order (`nudges`); the technician and the service center are told.',
    who: 'the reporter',
    schema: s.orderIdSchema,
    errors: [...STEP_ERRORS, 'RATE_LIMITED'],
    example: ex('demo-resident', { orderId: ORDER_ID }),
    step: steps.nudgeStep,
  }),
] as const;
