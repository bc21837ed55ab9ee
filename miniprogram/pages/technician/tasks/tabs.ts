/** The tabs of 我的任务 and the statuses each one lists (scope 'assigned'). */
import type { OrderStatus } from '../../../../typings/domain';

export interface TaskTab {
  key: string;
  title: string;
  status: OrderStatus[];
  /** counted for the title: the tabs that are work still to do */
  counted: boolean;
  /** work to do comes by its next promise (overdue on top); finished work newest first */
  sort: 'due' | 'created';
  empty: string;
}

export const TASK_TABS: TaskTab[] = [
  { key: 'assigned', title: '待接单', status: ['assigned'], counted: true, sort: 'due', empty: '没有待接单的工单' },
  { key: 'accepted', title: '待上门', status: ['accepted'], counted: true, sort: 'due', empty: '没有待上门的工单' },
  { key: 'in_progress', title: '处理中', status: ['in_progress'], counted: true, sort: 'due', empty: '没有处理中的工单' },
  { key: 'on_hold', title: '挂起', status: ['on_hold'], counted: true, sort: 'due', empty: '没有挂起的工单' },
  { key: 'done', title: '已完成', status: ['completed', 'closed'], counted: false, sort: 'created', empty: '还没有完成的工单' },
];

/** Counted up to this many ("50+" beyond): the API's largest page. */
export const COUNT_LIMIT = 50;

export function taskTabTitle(tab: TaskTab, count: number, more: boolean): string {
  if (!tab.counted || count === 0) return tab.title;
  return `${tab.title} ${count}${more ? '+' : ''}`;
}
