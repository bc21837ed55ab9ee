/**
 * The grab pool as a technician sees it: pending orders of their teams that may be grabbed.
 * The server filters (`grabbable: true`), so every page it answers is a full page of them.
 */
import type { OrderPage } from '../../typings/order-actions';
import { call } from '../services/api';

/** The request for one page of the 抢单池 (newest first). */
export function poolQuery(propertyId: string, options: { cursor?: string; limit?: number } = {}) {
  return { propertyId, scope: 'pool' as const, grabbable: true, ...(options.limit ? { limit: options.limit } : {}), ...(options.cursor ? { cursor: options.cursor } : {}) };
}

export function fetchGrabbable(propertyId: string, cursor?: string): Promise<OrderPage> {
  return call('order.list', poolQuery(propertyId, { cursor }));
}

/** How many orders wait to be grabbed, up to 50 ("50+" when `more`). */
export async function countGrabbable(propertyId: string): Promise<{ count: number; more: boolean }> {
  const page = await call('order.list', poolQuery(propertyId, { limit: 50 }));
  return { count: page.items.length, more: !!page.nextCursor };
}
