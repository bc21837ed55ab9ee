/**
 * What needs this person now, by role in the current property, for the home page. Few requests:
 * a technician's three open-task counts come from ONE order.list of those statuses, counted on the
 * phone; the pool is one more; the desk's 待派单 one; a resident's open orders one.
 */
import type { Order, OrderStatus } from '../../../../typings/domain';
import { call } from '../../../services/api';
import { OPEN_STATUSES } from '../../../utils/labels';
import { toOrderItem, type OrderItemView } from '../../../utils/order-view';
import { countGrabbable } from '../../../utils/pool';

/** The API's largest page: counts beyond it show as "50+". */
const COUNT_LIMIT = 50;
/** open orders a resident sees on the home page; the rest are one tap away */
const RESIDENT_PREVIEW = 3;

/** One tile of a van-grid: what it counts, its icon, and the count as a badge. */
export interface CountTile {
  key: string;
  title: string;
  icon: string;
  /** '' shows no badge (nothing waiting, or not counted yet); else '3' or '50+' */
  badge: string;
  url: string;
}

export interface ResidentSummary {
  /** '' when nothing is open */
  openCount: string;
  items: OrderItemView[];
}

const TASK_COUNTS: { key: string; title: string; icon: string; status: OrderStatus }[] = [
  { key: 'assigned', title: '待接单', icon: 'todo-list-o', status: 'assigned' },
  { key: 'accepted', title: '待上门', icon: 'location-o', status: 'accepted' },
  { key: 'in_progress', title: '处理中', icon: 'underway-o', status: 'in_progress' },
];

function countText(count: number, more: boolean): string {
  return `${count}${more ? '+' : ''}`;
}

/** a badge is for something waiting: zero shows none */
function badgeOf(count: number, more: boolean): string {
  return count > 0 || more ? countText(count, more) : '';
}

/**
 * A technician's tiles: 待接单 / 待上门 / 处理中 opening 我的任务 on that tab, and 抢单池. Without
 * counts (still loading, or the count failed) they show no badges but open their pages all the same.
 */
export function technicianTiles(propertyId: string, badges: Partial<Record<string, string>> = {}): CountTile[] {
  const query = `propertyId=${encodeURIComponent(propertyId)}`;
  return [
    ...TASK_COUNTS.map((t) => ({ key: t.key, title: t.title, icon: t.icon, badge: badges[t.key] ?? '', url: `/pages/technician/tasks/index?tab=${t.key}&${query}` })),
    { key: 'pool', title: '抢单池', icon: 'fire-o', badge: badges.pool ?? '', url: `/pages/technician/pool/index?${query}` },
  ];
}

export async function loadTechnicianSummary(propertyId: string): Promise<CountTile[]> {
  const [page, pool] = await Promise.all([
    call('order.list', { propertyId, scope: 'assigned', status: TASK_COUNTS.map((t) => t.status), limit: COUNT_LIMIT }),
    countGrabbable(propertyId),
  ]);
  const more = !!page.nextCursor;
  const badges: Record<string, string> = { pool: badgeOf(pool.count, pool.more) };
  for (const t of TASK_COUNTS) badges[t.key] = badgeOf(page.items.filter((o: Order) => o.status === t.status).length, more);
  return technicianTiles(propertyId, badges);
}

/** 待派单 for the service center and managers: pending orders of the whole property. */
export async function loadDeskPending(propertyId: string): Promise<string> {
  const page = await call('order.list', { propertyId, scope: 'pool', limit: COUNT_LIMIT });
  return countText(page.items.filter((o) => o.status === 'pending').length, !!page.nextCursor);
}

export async function loadResidentSummary(propertyId: string, now: number): Promise<ResidentSummary> {
  const page = await call('order.list', { propertyId, scope: 'mine', status: [...OPEN_STATUSES], limit: COUNT_LIMIT });
  return {
    openCount: page.items.length > 0 ? countText(page.items.length, !!page.nextCursor) : '',
    items: page.items.slice(0, RESIDENT_PREVIEW).map((o) => toOrderItem(o, now)),
  };
}
