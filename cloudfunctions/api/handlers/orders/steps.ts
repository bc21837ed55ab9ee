/** Every order step after creation: what it records and whom it tells. */
import type { Completion, Fee, MaterialLine, Material, Team } from '../../../../typings/domain';
import { teamPathOf } from '../../../core/people/team-path';
import type { CompletePayload } from '../../../../typings/order-actions';
import { fail } from '../../../core/errors';
import type { StepDefinition, StepInput, StepPlan } from './transition';
import { loadCrew, type Crew } from './technicians';
import { takeGrabPlace } from './grab-place';
import { releaseSlot } from './slots';

type Of<P> = StepDefinition<P & { orderId: string }>;

/** Who an order is handed to; a batch passes one that reads the technicians once per property. */
export type CrewLoader = (input: StepInput, technicianId: string, assistantIds?: string[]) => Promise<Crew>;

const readCrew: CrewLoader = (input, technicianId, assistantIds) => loadCrew(input.ctx.db, input.order.propertyId, input.actor, technicianId, assistantIds);

const handOver = async (input: StepInput, technicianId: string, assistantIds?: string[], crewOf: CrewLoader = readCrew): Promise<StepPlan['changes']> => {
  const crew = await crewOf(input, technicianId, assistantIds);
  return {
    assignee: crew.assignee,
    assistants: crew.assistants,
    teamId: crew.teamId,
    teamPath: crew.teamPath,
    acceptedAt: undefined,
    reassignRequest: undefined,
  };
};

export const assignStepWith = (crewOf: CrewLoader): Of<{ technicianId: string; assistantIds?: string[]; note?: string }> => ({
  step: 'assign',
  async plan(input, p) {
    return { changes: await handOver(input, p.technicianId, p.assistantIds, crewOf), note: p.note, notify: [{ event: 'order.assigned', touser: p.technicianId }] };
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
    return { changes: { teamId: p.teamId, teamPath }, note: p.note };
  },
};

export const grabStep: Of<object> = {
  step: 'grab',
  async plan({ ctx, caller, property, order, actor, now }) {
    const releasePlace = await takeGrabPlace(ctx.db, { caller, actor, order, property, now });
    const grant = caller.roles.find((r) => r.propertyId === order.propertyId && r.role === 'technician');
    return {
      changes: {
        assignee: { id: actor.openid, openid: actor.openid, name: caller.name, phone: caller.phone, ...(grant?.teamId ? { teamId: grant.teamId } : {}) },
        assistants: [],
        acceptedAt: now.toISOString(),
      },
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

export const rejectStep: Of<{ reason: string }> = {
  step: 'reject',
  plan: (_input, p) => ({ changes: { assignee: undefined, assistants: [], acceptedAt: undefined, reassignRequest: undefined }, reason: p.reason }),
};

export const transferStep: Of<{ technicianId: string; reason: string }> = {
  step: 'transfer',
  async plan(input, p) {
    if (p.technicianId === input.order.assignee?.openid) fail('INVALID_ARGUMENT', '不能转给当前师傅', { 'payload.technicianId': 'already the assignee' });
    return { changes: await handOver(input, p.technicianId), reason: p.reason, notify: [{ event: 'order.assigned', touser: p.technicianId }] };
  },
};

export const requestReassignStep: Of<{ reason: string }> = {
  step: 'requestReassign',
  plan: ({ actor, now }, p) => ({ changes: { reassignRequest: { by: actor.openid, reason: p.reason, at: now.toISOString() } }, reason: p.reason }),
};

export const decideReassignStep: Of<{ approve: boolean; technicianId?: string; reason?: string }> = {
  step: 'decideReassign',
  options: (p) => ({ approve: p.approve, ...(p.technicianId ? { reassignTo: p.technicianId } : {}) }),
  async plan(input, p) {
    const requester = input.order.reassignRequest?.by;
    const notify = [{ event: 'order.reassignDecided', touser: requester }];
    if (!p.approve) return { changes: { reassignRequest: undefined }, reason: p.reason, notify };
    if (p.technicianId) {
      return { changes: await handOver(input, p.technicianId), reason: p.reason, notify: [...notify, { event: 'order.assigned', touser: p.technicianId }] };
    }
    return { changes: { assignee: undefined, assistants: [], acceptedAt: undefined, reassignRequest: undefined }, reason: p.reason, notify };
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
  plan: ({ order }, p) => ({ note: p.note, photos: p.photos, notify: [{ event: 'order.progress', touser: order.reporter.openid }] }),
};

export const holdStep: Of<{ reason: string; nextVisitAt: string }> = {
  step: 'hold',
  plan({ order, now }, p) {
    const next = new Date(p.nextVisitAt);
    if (next.getTime() <= now.getTime()) fail('INVALID_ARGUMENT', '下次上门时间需晚于现在', { 'payload.nextVisitAt': 'must be in the future' });
    return {
      changes: { hold: { reason: p.reason, nextVisitAt: next.toISOString(), at: now.toISOString() } },
      reason: p.reason,
      notify: [{ event: 'order.onHold', touser: order.reporter.openid }],
    };
  },
};

export const completeStep: Of<Omit<CompletePayload, 'orderId'>> = {
  step: 'complete',
  async plan({ ctx, order, actor, now }, p) {
    const lines = await materialLines(ctx.db, order.propertyId, p.materials ?? []);
    const items = p.serviceItems ?? [];
    const completion: Completion = {
      summary: p.summary,
      workMinutes: p.workMinutes,
      ...(order.arrivedAt ? { arrivedAt: order.arrivedAt } : {}),
      departedAt: now.toISOString(),
      materials: lines,
      serviceItems: items,
      ...(p.measures ? { measures: p.measures } : {}),
      photos: p.photos ?? [],
      ...(p.signature ? { signature: p.signature } : {}),
      ...(p.invoiceNo ? { invoiceNo: p.invoiceNo } : {}),
      ...(p.partBarcodes?.length ? { partBarcodes: p.partBarcodes } : {}),
      onBehalf: order.assignee?.openid !== actor.openid,
      by: actor.openid,
      locked: false,
    };
    // Labor and visit fees come with the fee rules (a later issue); catalog prices are known now.
    const materials = lines.reduce((sum, l) => sum + l.amount, 0);
    const itemsTotal = items.reduce((sum, i) => sum + i.amount, 0);
    const fee: Fee = {
      labor: 0,
      materials,
      visit: 0,
      items: itemsTotal,
      total: materials + itemsTotal,
      payer: order.paid ? 'resident' : 'company',
      paid: false,
    };
    return {
      changes: { completion, fee, completedAt: now.toISOString() },
      note: p.summary,
      photos: p.photos,
      notify: [{ event: 'order.completed', touser: order.reporter.openid }],
    };
  },
};

async function materialLines(db: StepInput['ctx']['db'], propertyId: string, used: readonly { materialId: string; qty: number }[]): Promise<MaterialLine[]> {
  if (used.length === 0) return [];
  const ids = [...new Set(used.map((u) => u.materialId))];
  const catalog = await db.list<Material>('materials', { _id: db.command.in(ids), propertyId }, { limit: ids.length });
  return used.map((u, i) => {
    const m = catalog.find((c) => c.id === u.materialId);
    if (!m) return fail('NOT_FOUND', '材料不存在', { [`payload.materials.${i}.materialId`]: 'not in the catalog' });
    return { materialId: m.id, name: m.name, spec: m.spec, unit: m.unit, qty: u.qty, price: m.price, amount: Math.round(m.price * u.qty) };
  });
}

export const rateStep: Of<{ score: number; comment?: string }> = {
  step: 'rate',
  plan: ({ order, now }, p) => ({
    changes: {
      rating: { score: p.score as 1 | 2 | 3 | 4 | 5, ...(p.comment ? { comment: p.comment } : {}), at: now.toISOString() },
      // the reporter's confirmation locks the completion record
      ...(order.completion ? { completion: { ...order.completion, locked: true } } : {}),
      closedAt: now.toISOString(),
    },
    note: p.comment,
    notify: [{ event: 'order.rated', touser: order.assignee?.openid }],
  }),
};

export const reopenStep: Of<{ reason: string }> = {
  step: 'reopen',
  plan: ({ order }, p) => ({
    changes: {
      reopenCount: order.reopenCount + 1,
      completion: undefined,
      fee: undefined,
      rating: undefined,
      completedAt: undefined,
      closedAt: undefined,
      acceptedAt: undefined,
      arrivedAt: undefined,
    },
    reason: p.reason,
    notify: [{ event: 'order.reopened', touser: order.assignee?.openid }],
  }),
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
  plan: (input, p) => ({
    changes: { cancelledAt: input.now.toISOString() },
    reason: p.reason,
    notify: [
      { event: 'order.revoked', touser: input.order.reporter.openid },
      { event: 'order.revoked', touser: input.order.assignee?.openid },
    ],
    afterWrite: freeSlot(input),
  }),
};

export const revisitStep: Of<{ result: 'satisfied' | 'unsatisfied' | 'unreachable'; note?: string }> = {
  step: 'revisit',
  plan: ({ actor, now }, p) => ({
    changes: { revisit: { result: p.result, ...(p.note ? { note: p.note } : {}), by: actor.openid, at: now.toISOString() } },
    note: p.note,
  }),
};

export const closeStep: Of<object> = {
  step: 'close',
  plan: ({ order, now }) => ({
    changes: { closedAt: now.toISOString(), ...(order.completion ? { completion: { ...order.completion, locked: true } } : {}) },
  }),
};
