/**
 * A new order document, from what the reporter said and where routing sent it. Pure: the handler
 * has already read the category, property and caller, allocated the number and booked the slot.
 */
import type { Category, Order, OutboxEntry, RoleName } from '../../../typings/domain';
import type { OrderDoc } from './order-doc';
import type { Route } from './routing';
import { dueDates } from './sla';
import { timelineEntry } from './timeline';
import { outboxEntries, withOutbox } from '../notify/outbox';
import { nextSlaCheck } from './sla-watch';
import { dueAtOf } from './due-at';

export interface NewOrderInput
  extends Pick<Order, 'id' | 'orderNo' | 'propertyId' | 'description' | 'location' | 'photos' | 'urgency' | 'source' | 'reporter' | 'teamPath' | 'assignee' | 'slot'> {
  now: Date;
  category: Pick<Category, 'id' | 'name' | 'kind' | 'grabbable' | 'paid' | 'sla' | 'feeMode' | 'prepayFen'>;
  createdBy: { openid: string; name: string; role: RoleName };
  route: Route;
  requestId?: string;
  requestFingerprint?: string;
}

/** A category paid on order asks for its deposit or price before anyone is dispatched. */
export function prepayOf(category: Pick<Category, 'feeMode' | 'prepayFen'>): { prepay?: { amount: number; paid: boolean } } {
  const payOnOrder = category.feeMode === 'deposit' || category.feeMode === 'prepaid';
  return payOnOrder && category.prepayFen && category.prepayFen > 0 ? { prepay: { amount: category.prepayFen, paid: false } } : {};
}

export function newOrder(input: NewOrderInput): OrderDoc {
  const at = input.now.toISOString();
  const status = input.assignee ? 'assigned' : 'pending';
  const timeline = [
    timelineEntry({ step: 'create', at: input.now, by: input.createdBy, to: 'pending', requestId: input.requestId, requestFingerprint: input.requestFingerprint }),
  ];
  // the reporter sees the confirmation on screen; the assigned technician is told
  const outbox: OutboxEntry[] = input.assignee ? outboxEntries(input.id, 1, [{ event: 'order.assigned', touser: input.assignee.openid }], input.now) : [];
  if (input.assignee) {
    timeline.push(
      timelineEntry({
        step: 'assign',
        at: input.now,
        by: { openid: 'system', name: '系统派单', role: 'system' },
        from: 'pending',
        to: 'assigned',
        holder: { before: { kind: 'team', id: input.route.teamId }, after: { kind: 'person', id: input.assignee.openid, name: input.assignee.name } },
      }),
    );
  }
  const doc: OrderDoc = {
    _id: input.id,
    id: input.id,
    orderNo: input.orderNo,
    propertyId: input.propertyId,
    kind: input.category.kind,
    categoryId: input.category.id,
    categoryName: input.category.name,
    status,
    description: input.description,
    location: input.location,
    photos: input.photos,
    urgency: input.urgency,
    source: input.source,
    reporter: input.reporter,
    createdBy: input.createdBy.openid,
    ...(input.assignee ? { assignee: input.assignee } : {}),
    assistants: [],
    teamId: input.route.teamId,
    teamPath: input.teamPath,
    grabbable: input.category.grabbable,
    paid: input.category.paid,
    ...(input.slot ? { slot: input.slot } : {}),
    sla: input.category.sla,
    ...prepayOf(input.category),
    due: dueDates(input.now, input.category.sla, input.urgency, input.slot),
    revisits: [],
    visits: [],
    followUps: [],
    reopenCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    timeline,
    outbox,
    ...withOutbox({}, outbox),
  };
  const slaCheckAt = nextSlaCheck(doc);
  return { ...doc, dueAt: dueAtOf(doc), ...(slaCheckAt ? { slaCheckAt } : {}) };
}

