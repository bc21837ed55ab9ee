/** The tabs and filters of 工单池 / 全部工单 (scope 'all'), as pure data and functions. */
import type { OrderStatus } from '../../../../typings/domain';
import type { ListOrdersPayload } from '../../../../typings/order-actions';
import type { CatalogCategory } from '../../../../typings/people-actions';

export interface DeskTab {
  key: string;
  title: string;
  status?: OrderStatus[];
  sort: 'due' | 'created';
  counted: boolean;
  empty: string;
}

export const DESK_TABS: DeskTab[] = [
  { key: 'pending', title: '待派单', status: ['pending'], sort: 'due', counted: true, empty: '没有待派单的工单，新的报修会出现在这里' },
  { key: 'processing', title: '处理中', status: ['assigned', 'accepted', 'in_progress', 'on_hold'], sort: 'due', counted: true, empty: '没有处理中的工单' },
  { key: 'completed', title: '待关闭', status: ['completed'], sort: 'created', counted: true, empty: '没有等待核实关闭的工单' },
  { key: 'all', title: '全部', sort: 'created', counted: false, empty: '还没有工单' },
];

/** Counted up to this many ("50+" beyond): the API's largest page. */
export const COUNT_LIMIT = 50;

export function deskTabTitle(tab: DeskTab, count: number, more: boolean): string {
  if (!tab.counted) return tab.title;
  return `${tab.title} ${count}${more ? '+' : ''}`;
}

export interface Filters {
  /** a first-level category id ('' all) */
  category: string;
  urgency: '' | 'urgent' | 'normal';
  overdue: '' | 'overdue';
}

export const NO_FILTERS: Filters = { category: '', urgency: '', overdue: '' };

export const URGENCY_OPTIONS = [
  { text: '全部紧急程度', value: '' },
  { text: '紧急', value: 'urgent' },
  { text: '普通', value: 'normal' },
];

export const OVERDUE_OPTIONS = [
  { text: '全部时效', value: '' },
  { text: '已超时', value: 'overdue' },
];

export function categoryOptions(categories: CatalogCategory[]): { text: string; value: string }[] {
  return [{ text: '全部类别', value: '' }, ...categories.filter((c) => !c.parentId).map((c) => ({ text: c.name, value: c.id }))];
}

/** child id → first-level id, so a filter on 水电维修 keeps 水管漏水 */
export function parentMap(categories: CatalogCategory[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of categories) out[c.id] = c.parentId ?? c.id;
  return out;
}

export function isFiltered(f: Filters): boolean {
  return f.category !== '' || f.urgency !== '' || f.overdue !== '';
}

/** The filters as order.list takes them: a first-level category with its sub-categories. */
export function filterPayload(f: Filters, parents: Record<string, string>): Pick<ListOrdersPayload, 'categoryIds' | 'urgency' | 'overdue'> {
  const categoryIds = f.category ? [f.category, ...Object.keys(parents).filter((id) => id !== f.category && parents[id] === f.category)] : [];
  return {
    ...(categoryIds.length ? { categoryIds } : {}),
    ...(f.urgency ? { urgency: f.urgency } : {}),
    ...(f.overdue ? { overdue: true as const } : {}),
  };
}

/** The 13-digit order number a search asks for, or '' when the text is not one. */
export function orderNoOf(text: string): string {
  const digits = text.replace(/\s+/g, '');
  return /^\d{13}$/.test(digits) ? digits : '';
}
