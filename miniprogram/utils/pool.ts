/**
 * The grab pool as a technician sees it: pending orders of their teams that may be grabbed.
 * `order.list` scope 'pool' also returns orders the desk must dispatch by hand (not grabbable);
 * they are left out here, and a page that comes back empty after that is followed to the next
 * one so the list never shows a blank page while more exist.
 */
import type { Order } from '../../typings/domain';
import { call } from '../services/api';

/** Server pages read at most per call: enough to fill a screen, bounded for a weak network. */
const MAX_PAGES = 3;

export interface PoolPage {
  items: Order[];
  nextCursor?: string;
}

export async function fetchGrabbable(propertyId: string, cursor?: string, limit = 20): Promise<PoolPage> {
  const items: Order[] = [];
  let next = cursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await call('order.list', { propertyId, scope: 'pool', limit, ...(next ? { cursor: next } : {}) });
    items.push(...page.items.filter((o) => o.grabbable && o.status === 'pending'));
    next = page.nextCursor;
    if (items.length > 0 || !next) break;
  }
  return { items, ...(next ? { nextCursor: next } : {}) };
}

/** How many orders wait to be grabbed, up to 50 ("50+" when `more`). */
export async function countGrabbable(propertyId: string): Promise<{ count: number; more: boolean }> {
  const page = await call('order.list', { propertyId, scope: 'pool', limit: 50 });
  return { count: page.items.filter((o) => o.grabbable && o.status === 'pending').length, more: !!page.nextCursor };
}
