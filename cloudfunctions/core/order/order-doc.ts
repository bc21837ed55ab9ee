import type { Order, OrderWithTimeline, OutboxEntry, Property } from '../../../typings/domain';
import type { OrderFacts } from './state-machine';

/** An order as stored: the API shape plus its id, and notifications waiting to be delivered. */
export interface OrderDoc extends OrderWithTimeline {
  _id: string;
  outbox: OutboxEntry[];
}

/** Most recent timeline entries kept on the order; the audit trail of a normal order is far shorter. */
export const TIMELINE_LIMIT = 200;

export function toOrder(doc: OrderDoc): Order {
  const { _id: _ignored, outbox: _outbox, timeline: _timeline, ...order } = doc;
  return order;
}

export function toOrderWithTimeline(doc: OrderDoc): OrderWithTimeline {
  const { _id: _ignored, outbox: _outbox, ...order } = doc;
  return order;
}

export function factsOf(doc: OrderDoc, property?: Pick<Property, 'autoCloseDays'>): OrderFacts {
  return {
    status: doc.status,
    reporterOpenid: doc.reporter.openid,
    assigneeOpenid: doc.assignee?.openid,
    assistantOpenids: doc.assistants.map((a) => a.openid),
    teamId: doc.teamId,
    teamPath: doc.teamPath,
    grabbable: doc.grabbable,
    reassignRequested: !!doc.reassignRequest,
    ...(doc.reassignRequest ? { reassignRequestedBy: doc.reassignRequest.by } : {}),
    completedAt: doc.completedAt ? new Date(doc.completedAt) : undefined,
    ...(doc.completion ? { completedOnBehalf: doc.completion.onBehalf, completedBy: doc.completion.by } : {}),
    rated: !!doc.rating,
    revisited: (doc.revisits ?? []).length > 0,
    ...(doc.handling ? { handling: doc.handling } : {}),
    ...(property ? { autoCloseDays: property.autoCloseDays } : {}),
  };
}
