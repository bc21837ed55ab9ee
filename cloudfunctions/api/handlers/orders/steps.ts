/** Every order step after creation: what it records and whom it tells. */
import type { Assignee, Category, Completion, Holder, Team, Visit } from '../../../../typings/domain';
import { teamPathOf } from '../../../core/people/team-path';
import type { CompletePayload } from '../../../../typings/order-actions';
import { fail } from '../../../core/errors';
import type { StepDefinition, StepInput, StepPlan } from './transition';
import { loadCrew, type Crew } from './technicians';
import { takeGrabPlace } from './grab-place';
import { releaseSlot } from './slots';
import { dueAfterHold, dueFromNow } from '../../../core/order/sla';
import { targetTeam } from '../../../core/order/routing';
import type { OrderDoc } from '../../../core/order/order-doc';
import { deskOf } from '../../../core/notify/recipients';
import { priceCompletion, type PricedCompletion } from './pricing';
import { takeStock, type StockOutcome } from '../stock/take';
import { giveBackStock } from '../stock/give-back';
import { refundPaid } from '../payments/refund';
import { settleAdvance } from '../payments/settle';
import { assertOwnFiles } from '../../own-files';
import { assertCleanText } from '../../clean-text';
import { yuan } from '../payments/rules';

type Of<P> = StepDefinition<P & { orderId: string }>;

/** Who an order is handed to; a batch passes one that reads the technicians once per property. */
export type CrewLoader = (input: StepInput, technicianId: string, assistantIds?: string[]) => Promise<Crew>;

const readCrew: CrewLoader = (input, technicianId, assistantIds) => loadCrew(input.ctx.db, input.order.propertyId, input.actor, technicianId, assistantIds);

/** Who holds the order now: its technician, or its team's pool. */
export const holderOf = (order: Pick<OrderDoc, 'assignee' | 'teamId'>): Holder =>
  order.assignee ? { kind: 'person', id: order.assignee.openid, name: order.assignee.name } : { kind: 'team', id: order.teamId };

const personHolder = (a: Assignee): Holder => ({ kind: 'person', id: a.openid, name: a.name });

/** A new clock starts: due dates from now (an appointment still ahead keeps its window). */
const freshDue = ({ order, now }: StepInput): StepPlan['changes'] => ({ due: dueFromNow(now, order.sla, order.urgency, order.slot) });

/** The order goes to another technician: a new clock, no stale hold or reassignment request. */
export const handOver = async (
  input: StepInput,
  technicianId: string,
  assistantIds?: string[],
  crewOf: CrewLoader = readCrew,
): Promise<Pick<StepPlan, 'changes' | 'holder' | 'knownGrants'>> => {
  const crew = await crewOf(input, technicianId, assistantIds);
  return {
    changes: {
      assignee: crew.assignee,
      assistants: crew.assistants,
      teamId: crew.teamId,
      teamPath: crew.teamPath,
      acceptedAt: undefined,
      reassignRequest: undefined,
      hold: undefined,
      ...freshDue(input),
    },
    holder: { before: holderOf(input.order), after: personHolder(crew.assignee) },
    knownGrants: crew.grants,
  };
};

/** Back to a team's pool: nobody holds it, a new clock. */
const backToPool = (input: StepInput, teamId: string, teamPath: string[], teamName?: string): Pick<StepPlan, 'changes' | 'holder'> => ({
  changes: { assignee: undefined, assistants: [], acceptedAt: undefined, reassignRequest: undefined, hold: undefined, teamId, teamPath, ...freshDue(input) },
  holder: { before: holderOf(input.order), after: { kind: 'team', id: teamId, ...(teamName ? { name: teamName } : {}) } },
});

export const assignStepWith = (crewOf: CrewLoader): Of<{ technicianId: string; assistantIds?: string[]; note?: string }> => ({
  step: 'assign',
  async plan(input, p) {
    // the dispatch note is for the technicians, not the resident
    return { ...(await handOver(input, p.technicianId, p.assistantIds, crewOf)), staffNote: p.note, notify: [{ event: 'order.assigned', touser: p.technicianId }] };
  },
});

export const assignStep = assignStepWith(readCrew);

export const assignTeamStep: Of<{ teamId: string; note?: string }> = {
  step: 'assignTeam',
  async plan({ ctx, order, actor }, p) {
    const teams = await ctx.db.list<Team>('teams', { propertyId: order.propertyId }, { limit: 200 });
    const teamPath = teamPathOf(teams, p.teamId);
    if (!teamPath) return fail('NOT_FOUND', '该小区没有这个班组', { 'payload.teamId': 'no such team in this property' });
    // a team leader hands orders down within the teams they lead
    if (actor.role === 'technician' && !teamPath.some((t) => actor.ledTeamIds.includes(t))) return fail('FORBIDDEN', '只能派给本班组或下级班组');
    const team = teams.find((t) => t.id === p.teamId);
    return {
      changes: { teamId: p.teamId, teamPath },
      staffNote: p.note,
      holder: { before: holderOf(order), after: { kind: 'team', id: p.teamId, ...(team ? { name: team.name } : {}) } },
    };
  },
};

export const grabStep: Of<object> = {
  step: 'grab',
  async plan(input) {
    const { ctx, caller, property, order, actor, now } = input;
    const releasePlace = await takeGrabPlace(ctx.db, { caller, actor, order, property, now });
    const grant = caller.roles.find((r) => r.propertyId === order.propertyId && r.role === 'technician');
    const assignee: Assignee = { id: actor.openid, openid: actor.openid, name: caller.name, phone: caller.phone, ...(grant?.teamId ? { teamId: grant.teamId } : {}) };
    return {
      changes: { assignee, assistants: [], acceptedAt: now.toISOString(), ...freshDue(input) },
      holder: { before: holderOf(order), after: personHolder(assignee) },
      notify: [{ event: 'order.accepted', touser: order.reporter.openid }],
      // another technician got the order: free the place this grab claimed
      onLostRace: releasePlace,
    };
  },
};

export const acceptStep: Of<object> = {
  step: 'accept',
  plan: ({ order, now }) => ({ changes: { acceptedAt: now.toISOString() }, notify: [{ event: 'order.accepted', touser: order.reporter.openid }] }),
};

/** The order's category and its property's teams, in one request: where routing sends it now. */
async function routingOf(input: StepInput): Promise<{ teamId: string; teamPath: string[]; teamName?: string }> {
  const { ctx, order, property, now } = input;
  const [row] = await ctx.db.aggregate<Category & { teams: Team[] }>('categories', [
    ['match', { _id: order.categoryId }],
    ['lookup', { from: 'teams', localField: 'propertyId', foreignField: 'propertyId', as: 'teams' }],
    ['limit', 1],
  ]);
  // a category since removed, or no property settings: it stays in its team
  if (!row || !property) return { teamId: order.teamId, teamPath: order.teamPath };
  const { teamId } = targetTeam({ property, category: row, now });
  const team = row.teams.find((t) => t.id === teamId);
  return { teamId, teamPath: teamPathOf(row.teams, teamId) ?? [teamId], ...(team ? { teamName: team.name } : {}) };
}

export const rejectStep: Of<{ reason: string }> = {
  step: 'reject',
  async plan(input, p) {
    // back where routing sends it at this moment: a night order refused by day goes to the day team
    const route = await routingOf(input);
    return {
      ...backToPool(input, route.teamId, route.teamPath, route.teamName),
      staffNote: p.reason,
      notify: [{ event: 'order.rejected', touser: deskOf(input.order.propertyId) }],
    };
  },
};

export const transferStep: Of<{ technicianId: string; reason: string }> = {
  step: 'transfer',
  async plan(input, p) {
    if (p.technicianId === input.order.assignee?.openid) fail('INVALID_ARGUMENT', '不能转给当前师傅', { 'payload.technicianId': 'already the assignee' });
    return { ...(await handOver(input, p.technicianId)), staffNote: p.reason, notify: [{ event: 'order.assigned', touser: p.technicianId }] };
  },
};

export const requestReassignStep: Of<{ reason: string }> = {
  step: 'requestReassign',
  plan: ({ order, actor, now }, p) => ({
    changes: { reassignRequest: { by: actor.openid, reason: p.reason, at: now.toISOString() } },
    reason: p.reason,
    audience: 'staff',
    notify: [{ event: 'order.reassignRequested', touser: deskOf(order.propertyId) }],
  }),
};

export const decideReassignStep: Of<{ approve: boolean; technicianId?: string; reason?: string }> = {
  step: 'decideReassign',
  options: (p) => ({ approve: p.approve, ...(p.technicianId ? { reassignTo: p.technicianId } : {}) }),
  async plan(input, p) {
    const requester = input.order.reassignRequest?.by;
    const notify: StepPlan['notify'] = [{ event: 'order.reassignDecided', touser: requester }];
    // a refused request changes nothing the reporter can see
    if (!p.approve) return { changes: { reassignRequest: undefined }, reason: p.reason, audience: 'staff', notify };
    if (p.technicianId) {
      // the new technician first: a step sends one subscription message at once, the rest a minute later
      return { ...(await handOver(input, p.technicianId)), staffNote: p.reason, notify: [{ event: 'order.assigned', touser: p.technicianId }, ...notify] };
    }
    return { ...backToPool(input, input.order.teamId, input.order.teamPath), staffNote: p.reason, notify };
  },
};

export const checkInStep: Of<{ location?: { lat: number; lng: number } }> = {
  step: 'checkIn',
  plan: ({ order, now }, p) => ({
    changes: {
      // the first arrival counts for the arrival SLA; a return visit after a hold keeps it
      arrivedAt: order.arrivedAt ?? now.toISOString(),
      hold: undefined,
      ...(p.location ? { checkInLocation: p.location } : {}),
    },
    notify: [{ event: 'order.checkedIn', touser: order.reporter.openid }],
  }),
};

export const progressStep: Of<{ note: string; photos?: string[] }> = {
  step: 'progress',
  plan: async ({ ctx, order, actor }, p) => {
    assertOwnFiles(actor.openid, { photos: p.photos });
    await assertCleanText(ctx, 'comment', { note: p.note });
    return { note: p.note, photos: p.photos, notify: [{ event: 'order.progress', touser: order.reporter.openid }] };
  },
};

export const holdStep: Of<{ reason: string; nextVisitAt: string }> = {
  step: 'hold',
  plan({ order, now }, p) {
    const next = new Date(p.nextVisitAt);
    if (next.getTime() <= now.getTime()) fail('INVALID_ARGUMENT', '下次上门时间需晚于现在', { 'payload.nextVisitAt': 'must be in the future' });
    return {
      changes: { hold: { reason: p.reason, nextVisitAt: next.toISOString(), at: now.toISOString() }, due: dueAfterHold(order.due, order.sla, next) },
      reason: p.reason,
      notify: [{ event: 'order.onHold', touser: order.reporter.openid }],
    };
  },
};

/** The completion record a payload makes, priced by the server; a correction keeps when the visit happened. */
function completionOf({ order, actor, caller, now }: StepInput, p: Omit<CompletePayload, 'orderId'>, priced: PricedCompletion, stock: StockOutcome | undefined): Completion {
  const replaced = order.completion;
  const arrivedAt = replaced?.arrivedAt ?? order.arrivedAt;
  return {
    summary: p.summary,
    workMinutes: p.workMinutes,
    ...(arrivedAt ? { arrivedAt } : {}),
    departedAt: replaced?.departedAt ?? now.toISOString(),
    materials: priced.materials,
    serviceItems: priced.serviceItems,
    ...(p.measures ? { measures: p.measures } : {}),
    photos: p.photos ?? [],
    ...(p.signature ? { signature: p.signature } : {}),
    ...(p.invoiceNo ? { invoiceNo: p.invoiceNo } : {}),
    ...(p.partBarcodes?.length ? { partBarcodes: p.partBarcodes } : {}),
    // recorded by a leader or the desk for the assignee (代报完工): the desk verifies it
    onBehalf: order.assignee?.openid !== actor.openid,
    by: actor.openid,
    byName: caller.name,
    locked: false,
    ...(replaced ? { correctedAt: now.toISOString() } : {}),
    ...(stock ? { stock: { taken: stock.taken, ...(stock.requisitionId ? { requisitionId: stock.requisitionId } : {}) } } : {}),
  };
}

/** Stock leaves for the record's materials now (a line without stock becomes a requisition); it comes back if the write loses its race. */
const takeFor = ({ ctx, order, actor, caller, now }: StepInput, priced: PricedCompletion) =>
  priced.materials.length ? takeStock(ctx.db, { order, lines: priced.materials, by: actor.openid, byName: caller.name, now }) : Promise.resolve(undefined);

export const completeStep: Of<Omit<CompletePayload, 'orderId'>> = {
  step: 'complete',
  async plan(input, p) {
    assertOwnFiles(input.actor.openid, { photos: p.photos, signature: p.signature });
    await assertCleanText(input.ctx, 'comment', { summary: p.summary, measures: p.measures });
    // fees are the server's: catalog prices, the team's rate, the category's visit fee and mode (order.quote shows the same)
    const priced = await priceCompletion(input.ctx.db, input.order, p);
    const stock = await takeFor(input, priced);
    return {
      changes: { completion: completionOf(input, p, priced, stock), fee: priced.fee, completedAt: input.now.toISOString() },
      note: p.summary,
      photos: p.photos,
      notify: [{ event: 'order.completed', touser: input.order.reporter.openid }],
      ...(stock ? { onLostRace: stock.giveBack } : {}),
    };
  },
};

/**
 * 修改完工记录: until the reporter confirms (or the fee is paid), the record is corrected as a whole.
 * The fee is priced again; the replaced record's stock goes back and the new one's is taken, once.
 * The reporter is told again: what they confirm and pay may have changed.
 */
export const correctStep: Of<Omit<CompletePayload, 'orderId'>> = {
  step: 'correct',
  async plan(input, p) {
    const { ctx, order } = input;
    // the record's own photos and signature stay attachable, whoever took them
    const kept = new Set([...(order.completion?.photos ?? []), ...(order.completion?.signature ? [order.completion.signature] : [])]);
    assertOwnFiles(input.actor.openid, { photos: p.photos, signature: p.signature }, kept);
    await assertCleanText(ctx, 'comment', { summary: p.summary, measures: p.measures });
    const priced = await priceCompletion(ctx.db, order, p);
    const stock = await takeFor(input, priced);
    return {
      changes: { completion: completionOf(input, p, priced, stock), fee: priced.fee },
      note: p.summary,
      photos: p.photos,
      notify: [{ event: 'order.completed', touser: order.reporter.openid }],
      ...(stock ? { onLostRace: stock.giveBack } : {}),
      afterWrite: giveBackFor(input),
    };
  },
};

/** The replaced record's stock and requisition go back once the step replacing it has landed. */
function giveBackFor({ ctx, order, actor, caller, now }: StepInput): StepPlan['afterWrite'] {
  const stock = order.completion?.stock;
  if (!stock || (stock.taken.length === 0 && !stock.requisitionId)) return undefined;
  return () =>
    giveBackStock(ctx.db, { order, version: order.version + 1, lines: stock.taken, requisitionId: stock.requisitionId, by: actor.openid, byName: caller.name, now });
}

export const rateStep: Of<{ score: number; comment?: string }> = {
  step: 'rate',
  plan: async ({ ctx, order, actor, now, to }, p) => {
    await assertCleanText(ctx, 'comment', { comment: p.comment });
    // confirmed: what was paid on order and not used goes back
    const fee = await settleAdvance(ctx, order, actor.openid);
    return {
      changes: {
        rating: { score: p.score as 1 | 2 | 3 | 4 | 5, ...(p.comment ? { comment: p.comment } : {}), at: now.toISOString() },
        // the reporter's confirmation locks the completion record
        ...(order.completion ? { completion: { ...order.completion, locked: true } } : {}),
        // a completion on behalf stays open for the desk's verification
        ...(to === 'closed' ? { closedAt: now.toISOString() } : {}),
        ...(fee ? { fee } : {}),
      },
      note: p.comment,
      notify: [{ event: 'order.rated', touser: order.assignee?.openid }],
    };
  },
};

/** The visit a reopen ends, as confirmed: nothing of it is erased. */
function visitOf(order: OrderDoc, reopenedAt: Date, reason: string, stockReturned: boolean): Visit {
  return {
    no: (order.visits ?? []).length + 1,
    ...(order.assignee ? { assignee: order.assignee } : {}),
    ...(order.completion ? { completion: { ...order.completion, locked: true } } : {}),
    ...(order.fee ? { fee: order.fee } : {}),
    ...(order.rating ? { rating: order.rating } : {}),
    ...(order.completedAt ? { completedAt: order.completedAt } : {}),
    ...(order.closedAt ? { closedAt: order.closedAt } : {}),
    reopenedAt: reopenedAt.toISOString(),
    reopenReason: reason,
    ...(stockReturned ? { stockReturned } : {}),
  };
}

export const reopenStep: Of<{ reason: string }> = {
  step: 'reopen',
  plan: async (input, p) => {
    const { order, now, to } = input;
    await assertCleanText(input.ctx, 'comment', { reason: p.reason });
    // materials of a record the reporter never confirmed go back to stock; a confirmed visit keeps its own
    const giveBack = order.completion?.locked ? undefined : giveBackFor(input);
    return {
      changes: {
        reopenCount: order.reopenCount + 1,
        visits: [...(order.visits ?? []), visitOf(order, now, p.reason, !!giveBack && (order.completion?.stock?.taken ?? []).length > 0)],
        completion: undefined,
        fee: undefined,
        rating: undefined,
        completedAt: undefined,
        closedAt: undefined,
        acceptedAt: undefined,
        arrivedAt: undefined,
        hold: undefined,
        // a matter the desk handled goes back to the desk's pool to be handled again
        ...(to === 'pending' ? { assignee: undefined, assistants: [], handling: undefined } : {}),
        ...freshDue(input),
      },
      reason: p.reason,
      notify: [{ event: 'order.reopened', touser: to === 'pending' ? undefined : order.assignee?.openid }],
      afterWrite: giveBack,
    };
  },
};

/** A cancelled order gives its appointment's place back once the cancellation has landed. */
function freeSlot({ ctx, order }: StepInput): StepPlan['afterWrite'] {
  const slot = order.slot;
  return slot ? () => releaseSlot(ctx.db, slot.id, order.id) : undefined;
}

export const cancelStep: Of<{ reason: string }> = {
  step: 'cancel',
  plan: (input, p) => ({
    changes: { cancelledAt: input.now.toISOString() },
    reason: p.reason,
    notify: [{ event: 'order.cancelled', touser: input.order.assignee?.openid }],
    afterWrite: freeSlot(input),
  }),
};

export const revokeStep: Of<{ reason: string }> = {
  step: 'revoke',
  plan: async (input, p) => ({
    changes: { cancelledAt: input.now.toISOString() },
    reason: p.reason,
    // what the reporter paid goes back first (cloudPay.refund); a refused refund answers CONFLICT
    ...(await refundNote(input)),
    // the technician first, who may be on the way: a step sends one subscription message at once
    notify: [
      { event: 'order.revoked', touser: input.order.assignee?.openid },
      { event: 'order.revoked', touser: input.order.reporter.openid },
    ],
    afterWrite: freeSlot(input),
  }),
};

async function refundNote(input: StepInput): Promise<Pick<StepPlan, 'note'>> {
  const refunded = await refundPaid(input.ctx, input.order, input.actor.openid);
  return refunded > 0 ? { note: `已退款 ${yuan(refunded)} 元` } : {};
}

export const revisitStep: Of<{ result: 'satisfied' | 'unsatisfied' | 'unreachable'; note?: string }> = {
  step: 'revisit',
  plan: async ({ ctx, order, actor, now }, p) => {
    const revisit = { result: p.result, ...(p.note ? { note: p.note } : {}), by: actor.openid, at: now.toISOString() };
    // a refund the confirmation could not make is tried again by the desk's call
    const fee = order.completion?.locked ? await settleAdvance(ctx, order, actor.openid) : undefined;
    // every call is kept: an unsatisfied first call is not overwritten by a later one
    return { changes: { revisit, revisits: [...(order.revisits ?? []), revisit], ...(fee ? { fee } : {}) }, reason: REVISIT_LABELS[p.result], note: p.note, audience: 'staff' };
  },
};
const REVISIT_LABELS = { satisfied: '满意', unsatisfied: '不满意', unreachable: '未联系上' } as const;

export const closeStep: Of<object> = {
  step: 'close',
  plan: async ({ ctx, order, actor, now }) => {
    const fee = await settleAdvance(ctx, order, actor.openid);
    return {
      changes: { closedAt: now.toISOString(), ...(order.completion ? { completion: { ...order.completion, locked: true } } : {}), ...(fee ? { fee } : {}) },
    };
  },
};

/** The service center takes a matter itself (seed 004): a verbal dispatch is done at once; a coordination order stays open. */
export const handleStep: Of<{ handling: 'verbal' | 'coordination'; note: string }> = {
  step: 'handle',
  options: (p) => ({ handling: p.handling }),
  plan: ({ order, caller, actor, now }, p) => {
    const grant = caller.roles.find((r) => r.propertyId === order.propertyId && r.role === actor.role);
    const handler: Assignee = { id: actor.openid, openid: actor.openid, name: caller.name, phone: caller.phone, ...(grant?.teamId ? { teamId: grant.teamId } : {}) };
    const at = now.toISOString();
    const holder = { before: holderOf(order), after: personHolder(handler) };
    if (p.handling === 'coordination') {
      return { changes: { handling: 'coordination', assignee: handler, assistants: [], acceptedAt: at }, note: p.note, holder, notify: [{ event: 'order.accepted', touser: order.reporter.openid }] };
    }
    const completion: Completion = {
      summary: p.note,
      workMinutes: 0,
      departedAt: at,
      materials: [],
      serviceItems: [],
      photos: [],
      onBehalf: false,
      by: actor.openid,
      byName: caller.name,
      // recorded and closed by whoever took the report (口头派工)
      locked: true,
    };
    return {
      changes: { handling: 'verbal', assignee: handler, assistants: [], acceptedAt: at, completion, completedAt: at, closedAt: at },
      note: p.note,
      holder,
      notify: [{ event: 'order.completed', touser: order.reporter.openid }],
    };
  },
};

/** A follow-up on a coordination order: a call, a visit, a report to the owner; failed ones count toward escalation. */
export const followUpStep: Of<{ note: string; failed?: boolean; toReporter?: boolean; visited?: boolean }> = {
  step: 'followUp',
  plan: ({ order, actor, now }, p) => ({
    changes: {
      followUps: [
        ...(order.followUps ?? []),
        { at: now.toISOString(), by: actor.openid, note: p.note, failed: p.failed ?? false, toReporter: p.toReporter ?? false, ...(p.visited ? { visited: true } : {}) },
      ],
    },
    note: p.note,
    audience: p.toReporter ? 'all' : 'staff',
    notify: p.toReporter ? [{ event: 'order.followUp', touser: order.reporter.openid }] : [],
  }),
};

/** 催单: the reporter of an overdue order hurries it; the technician (or the pool's desk) and the desk hear it. */
export const nudgeStep: Of<object> = {
  step: 'nudge',
  plan: ({ order, now }) => ({
    changes: { nudges: { count: (order.nudges?.count ?? 0) + 1, lastAt: now.toISOString() } },
    note: '业主催单',
    notify: [
      { event: 'order.nudged', touser: order.assignee?.openid },
      { event: 'order.nudged', touser: deskOf(order.propertyId) },
    ],
  }),
};
