/**
 * The moments an order waits for, kept on it so the scheduler finds due orders with indexed
 * queries: its next deadline check, when it closes itself unconfirmed, when its revisit call is
 * due; and the next promise to keep, by which a technician's list is ordered. Derived after every
 * step from what the order has become.
 */
import type { Order, OrderStep, Property } from '../../../typings/domain';
import { DEFAULT_AUTO_CLOSE_DAYS } from './state-machine';
import { nextSlaCheck, type SlaFacts } from './sla-watch';
import { workingTimeOf } from '../time/working-time';
import { dueAtOf } from './due-at';

const DAY_MS = 24 * 60 * 60 * 1000;
/** 回访: within 24 hours [S4] */
export const REVISIT_WITHIN_MS = DAY_MS;

export interface ScheduleFields {
  slaCheckAt: string | undefined;
  autoCloseAt: string | undefined;
  revisitDueAt: string | undefined;
  revisitReason: 'paid' | 'low_rating' | 'unrated' | undefined;
  dueAt: string;
}

type Before = Partial<Pick<ScheduleFields, 'revisitDueAt' | 'revisitReason'>>;

function revisitAfter(step: OrderStep, order: Order, before: Before, now: Date): Pick<ScheduleFields, 'revisitDueAt' | 'revisitReason'> {
  const kept = { revisitDueAt: before.revisitDueAt, revisitReason: before.revisitReason };
  const at = (reason: ScheduleFields['revisitReason']) => ({ revisitDueAt: new Date(now.getTime() + REVISIT_WITHIN_MS).toISOString(), revisitReason: reason });
  switch (step) {
    case 'revisit':
    case 'reopen':
      return { revisitDueAt: undefined, revisitReason: undefined };
    case 'complete':
    case 'handle':
      // every paid order is called back [S4]
      return order.paid && order.status !== 'in_progress' ? at('paid') : kept;
    case 'rate':
      if (!order.paid && order.rating && order.rating.score <= 3) return at('low_rating');
      return kept;
    case 'close':
      if (!order.paid && !order.rating && !before.revisitDueAt) return at('unrated');
      return kept;
    default:
      return kept;
  }
}

export function scheduleFields(
  step: OrderStep,
  order: Order & SlaFacts,
  before: Before,
  /** its business hours and time zone count a coordination order's visit deadline */
  property: (Pick<Property, 'autoCloseDays'> & Partial<Pick<Property, 'timezone' | 'businessHours'>>) | undefined,
  now: Date,
): ScheduleFields {
  const days = property?.autoCloseDays ?? DEFAULT_AUTO_CLOSE_DAYS;
  return {
    slaCheckAt: nextSlaCheck(order, { workingTime: workingTimeOf(property) }),
    autoCloseAt: order.status === 'completed' && order.completedAt ? new Date(Date.parse(order.completedAt) + days * DAY_MS).toISOString() : undefined,
    ...revisitAfter(step, order, before, now),
    dueAt: dueAtOf(order),
  };
}
