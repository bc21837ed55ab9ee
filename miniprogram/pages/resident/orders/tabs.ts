/** The tabs of 我的报修 and the statuses each one lists. */
import type { OrderStatus } from '../../../../typings/domain';
import { OPEN_STATUSES } from '../../../utils/labels';

export interface TabSpec {
  key: string;
  title: string;
  /** undefined: every status */
  status?: OrderStatus[];
  /** counted for the title (the tabs that need the resident) */
  counted: boolean;
  empty: string;
}

export const TABS: TabSpec[] = [
  { key: 'open', title: '进行中', status: OPEN_STATUSES, counted: true, empty: '没有进行中的报修' },
  { key: 'rate', title: '待评价', status: ['completed'], counted: true, empty: '没有待评价的报修' },
  { key: 'done', title: '已完结', status: ['closed', 'cancelled'], counted: false, empty: '还没有已完结的报修' },
  { key: 'all', title: '全部', counted: false, empty: '您还没有报修过' },
];

/** How many to count before writing "50+": a resident rarely has more open orders. */
export const COUNT_LIMIT = 50;

export function tabTitle(tab: TabSpec, count: number | undefined, more: boolean): string {
  if (!tab.counted || !count) return tab.title;
  return `${tab.title} ${count}${more ? '+' : ''}`;
}
