/**
 * Who sees which orders. The reporter and the people working an order see it; technicians see
 * their team's pool (its pending orders); a team leader sees the orders of the teams they lead and their sub-teams;
 * the service center and managers see the whole property. Nobody sees another property.
 */
import type { OrderStatus } from '../../../typings/domain';
import { isDesk, type Actor } from './state-machine';
import type { OrderDoc } from './order-doc';

export function canView(
  actor: Actor | undefined,
  openid: string,
  order: Pick<OrderDoc, 'status' | 'reporter' | 'createdBy' | 'assignee' | 'assistants' | 'teamId' | 'teamPath'>,
): boolean {
  if (order.reporter.openid === openid || order.createdBy === openid) return true;
  if (!actor) return false;
  if (isDesk(actor)) return true;
  if (actor.role !== 'technician') return false;
  if (order.assignee?.openid === openid || order.assistants.some((a) => a.openid === openid)) return true;
  if (order.teamPath.some((t) => actor.ledTeamIds.includes(t))) return true;
  // A technician sees their own orders and their team's pool (product.md), not a colleague's assigned work.
  return POOL_STATUSES.includes(order.status) && actor.teamIds.includes(order.teamId);
}

export type ListScope = 'mine' | 'assigned' | 'pool' | 'all';

/** A list query as plain conditions; the handler turns it into database commands. */
export type ScopeFilter =
  | { kind: 'reporter'; openid: string; propertyId?: string }
  | { kind: 'worker'; openid: string; propertyId: string }
  /** pending orders of `teamIds`, and of `ledTeamIds` with their sub-teams; both empty = the whole property */
  | { kind: 'pool'; propertyId: string; teamIds: string[]; ledTeamIds: string[] }
  | { kind: 'property'; propertyId: string }
  | { kind: 'teams'; propertyId: string; ledTeamIds: string[] }
  | { kind: 'forbidden'; reason: string };

export const POOL_STATUSES: readonly OrderStatus[] = ['pending'];

export function scopeFilter(scope: ListScope, openid: string, propertyId: string | undefined, actor: Actor | undefined): ScopeFilter {
  if (scope === 'mine') return propertyId ? { kind: 'reporter', openid, propertyId } : { kind: 'reporter', openid };
  if (!propertyId) return { kind: 'forbidden', reason: '请先选择小区' };
  if (!actor) return { kind: 'forbidden', reason: '你不是这个小区的成员' };
  const desk = isDesk(actor);
  if (scope === 'assigned') {
    return actor.role === 'technician' ? { kind: 'worker', openid, propertyId } : { kind: 'forbidden', reason: '只有维修师傅有派给自己的工单' };
  }
  if (scope === 'pool') {
    if (desk) return { kind: 'pool', propertyId, teamIds: [], ledTeamIds: [] };
    if (actor.role !== 'technician') return { kind: 'forbidden', reason: '住户没有待抢工单' };
    return { kind: 'pool', propertyId, teamIds: [...actor.teamIds], ledTeamIds: [...actor.ledTeamIds] };
  }
  if (desk) return { kind: 'property', propertyId };
  if (actor.role === 'technician' && actor.ledTeamIds.length) return { kind: 'teams', propertyId, ledTeamIds: [...actor.ledTeamIds] };
  return { kind: 'forbidden', reason: '只有客服中心、经理和班组长可以查看全部工单' };
}
