/**
 * A new order document, from what the reporter said and where routing sent it. Pure: the handler
 * has already read the category, property and caller, allocated the number and booked the slot.
 */
import type { Assignee, Category, OrderLocation, OrderSource, OutboxEntry, Person, Urgency } from '../../../typings/domain';
import type { OrderDoc } from './order-doc';
import type { Route } from './routing';
import { dueDates } from './sla';
import { timelineEntry } from './timeline';

export interface NewOrderInput {
  id: string;
  orderNo: string;
  now: Date;
  propertyId: string;
  category: Pick<Category, 'id' | 'name' | 'kind' | 'grabbable' | 'paid' | 'sla'>;
  description: string;
  location: OrderLocation;
  photos: string[];
  urgency: Urgency;
  source: OrderSource;
  reporter: Person;
  createdBy: { openid: string; name: string; role: 'resident' | 'technician' | 'dispatcher' | 'manager' };
  route: Route;
  teamPath: string[];
  assignee?: Assignee;
  slot?: { id: string; start: string; end: string };
  requestId?: string;
}

export function newOrder(input: NewOrderInput): OrderDoc {
  const at = input.now.toISOString();
  const status = input.assignee ? 'assigned' : 'pending';
  const timeline = [timelineEntry({ step: 'create', at: input.now, by: input.createdBy, to: 'pending', requestId: input.requestId })];
  const outbox: OutboxEntry[] = [];
  if (input.reporter.openid) outbox.push({ id: `${input.id}-1`, event: 'order.created', touser: input.reporter.openid, orderId: input.id, createdAt: at });
  if (input.assignee) {
    timeline.push(timelineEntry({ step: 'assign', at: input.now, by: { openid: 'system', name: '系统派单', role: 'system' }, from: 'pending', to: 'assigned' }));
    outbox.push({ id: `${input.id}-2`, event: 'order.assigned', touser: input.assignee.openid, orderId: input.id, createdAt: at });
  }
  return {
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
    due: dueDates(input.now, input.category.sla, input.urgency, input.slot),
    reopenCount: 0,
    version: 1,
    createdAt: at,
    updatedAt: at,
    timeline,
    outbox,
  };
}

/** The team and its ancestors, root first, from the property's teams. */
export function teamPathOf(teamId: string, teams: readonly { id: string; parentId?: string }[]): string[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const path: string[] = [];
  for (let t = byId.get(teamId); t && !path.includes(t.id); t = t.parentId ? byId.get(t.parentId) : undefined) path.unshift(t.id);
  return path.length ? path : [teamId];
}
