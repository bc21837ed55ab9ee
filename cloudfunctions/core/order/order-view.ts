/**
 * What one person may read of an order. Staff working it, leading its team, or at the desk see
 * everything; a technician who only sees it in the pool gets the reporter's phone masked until
 * the order is theirs; the reporter (as a resident) sees the public steps and the texts meant for
 * them, not dispatch notes, reassignment reasons, revisit notes, a pending reassignment request or
 * the store's bookkeeping of the completion.
 */
import type { Order, OrderWithTimeline, Person } from '../../../typings/domain';
import { isDesk, type Actor } from './state-machine';

export type Viewer = 'staff' | 'pool' | 'reporter';

/** 13800000001 → 138****0001 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function viewerOf(actor: Actor | undefined, openid: string, order: Pick<Order, 'reporter' | 'assignee' | 'assistants' | 'teamPath'>): Viewer {
  if (!actor || actor.role === 'resident' || actor.role === 'system') return 'reporter';
  if (isDesk(actor)) return 'staff';
  const onIt = order.assignee?.openid === openid || order.assistants.some((a) => a.openid === openid);
  const leads = order.teamPath.some((t) => actor.ledTeamIds.includes(t));
  // a technician who reported it (self-inspection) reads it as staff
  return onIt || leads || order.reporter.openid === openid ? 'staff' : 'pool';
}

const masked = (p: Person): Person => ({ ...p, phone: maskPhone(p.phone) });

/** An order (without its timeline) as `viewer` may read it. */
export function orderFor<T extends Order>(viewer: Viewer, order: T): T {
  if (viewer === 'staff') return order;
  if (viewer === 'pool') return { ...order, reporter: masked(order.reporter) };
  const { reassignRequest: _request, followUps: _followUps, ...rest } = order;
  const revisits = (order.revisits ?? []).map(({ note: _note, ...r }) => r);
  const latest = revisits[revisits.length - 1];
  const view = { ...rest, followUps: [], revisits } as unknown as T;
  // the store's bookkeeping is the staff's
  if (order.completion?.stock) {
    const { stock: _stock, ...completion } = order.completion;
    view.completion = completion;
  }
  if (latest) view.revisit = latest;
  else delete view.revisit;
  return view;
}

/** An order with its timeline as `viewer` may read it. */
export function orderWithTimelineFor(viewer: Viewer, order: OrderWithTimeline): OrderWithTimeline {
  const view = orderFor(viewer, order);
  if (viewer !== 'reporter') return view;
  return {
    ...view,
    timeline: order.timeline.filter((e) => e.audience !== 'staff').map(({ staffNote: _staffNote, ...e }) => e),
  };
}
