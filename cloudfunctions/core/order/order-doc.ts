import type { Order, OrderWithTimeline, OutboxEntry, Property } from '../../../typings/domain';
import type { OrderFacts } from './state-machine';
import { activeDeadline } from './sla-watch';

/**
 * An order as stored: the API shape plus its id, notifications waiting to be delivered, and the
 * moments the scheduler looks at it again (each indexed, so a run with nothing due reads nothing).
 */
export interface OrderDoc extends OrderWithTimeline {
  _id: string;
  outbox: OutboxEntry[];
  /** the earliest lease among the outbox entries */
  outboxDueAt?: string;
  /** the next deadline warning or escalation to check */
  slaCheckAt?: string;
  /** warnings and escalations already sent, by `<deadline>:<warn|escalate>` → when */
  slaNotices?: Record<string, string>;
  /** when a completed order without the reporter's confirmation closes itself */
  autoCloseAt?: string;
  /** a revisit call is due by then (paid orders; free ones rated ≤ 3 or unrated) */
  revisitDueAt?: string;
  revisitReason?: 'paid' | 'low_rating' | 'unrated';
  /** the next promise to keep (due-at.ts): order.list's `sort: 'due'` */
  dueAt?: string;
}

/** Fields only the functions and the scheduler read. */
const INTERNAL = ['_id', 'outbox', 'outboxDueAt', 'slaCheckAt', 'slaNotices', 'autoCloseAt', 'revisitDueAt', 'revisitReason', 'dueAt'] as const;

function withoutInternal(doc: OrderDoc): OrderWithTimeline {
  const order: Record<string, unknown> = { ...doc };
  for (const key of INTERNAL) delete order[key];
  return order as unknown as OrderWithTimeline;
}

/** Most recent timeline entries kept on the order; the audit trail of a normal order is far shorter. */
export const TIMELINE_LIMIT = 200;

export function toOrder(doc: OrderDoc): Order {
  const { timeline: _timeline, ...order } = withoutInternal(doc);
  return order;
}

export function toOrderWithTimeline(doc: OrderDoc): OrderWithTimeline {
  return withoutInternal(doc);
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
    ...(doc.completion?.locked ? { completionLocked: true } : {}),
    ...(doc.fee?.paid ? { feePaid: true } : {}),
    revisited: (doc.revisits ?? []).length > 0,
    ...(doc.handling ? { handling: doc.handling } : {}),
    ...(property ? { autoCloseDays: property.autoCloseDays } : {}),
    ...activeDueOf(doc),
    ...(doc.nudges ? { lastNudgedAt: new Date(doc.nudges.lastAt) } : {}),
    ...(doc.prepay ? (doc.prepay.paid ? { prepaid: true } : { awaitingPayment: true }) : {}),
  };
}

function activeDueOf(doc: OrderDoc): { activeDue?: Date } {
  const deadline = activeDeadline(doc.status);
  return deadline ? { activeDue: new Date(doc.due[deadline]) } : {};
}
