/**
 * What the manager's 设置 pages share: who may use them (managers of the property), their load,
 * the 无权查看 copy, money in 元 for fen on the wire, and the one-line summaries the 设置 home shows.
 */
import type { Me, MeRole } from '../../../typings/api';
import type { PropertySettings, SettingsView } from '../../../typings/settings';
import { ApiCallError, call, toastFor } from '../../services/api';
import { storedPropertyId } from '../../utils/current-property';

export const FORBIDDEN_TEXT = '无权查看：设置仅对物业经理开放';

/** The property this person manages: the one picked on the home page (or named), else the first. */
export function managerRole(me: Me, preferred: string = storedPropertyId()): MeRole | undefined {
  const grants = me.roles.filter((r) => r.role === 'manager');
  return grants.find((r) => r.propertyId === preferred) ?? grants[0];
}

/** A refused call that means "not for you": the page shows 无权查看 instead of an error. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiCallError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED');
}

/** What one load of a manager page came to: the data to show, a failure to show, or a newer load took over. */
export type ManagerLoad<T> =
  | { kind: 'ready'; role: MeRole; value: T }
  | { kind: 'failed'; view: { status: 'forbidden' } | { status: 'error'; errorText: string } }
  | { kind: 'stale' };

const generations = new WeakMap<object, number>();

/**
 * One load of a manager page: is the caller a manager of the property (the one named, else the
 * one picked on home), then what `fetch` reads for it. A newer load of the same page wins; a
 * refusal is 无权查看, any other failure an error with 重试.
 */
export async function loadAsManager<T>(page: object, propertyId: string, fetch: (role: MeRole) => Promise<T>): Promise<ManagerLoad<T>> {
  const generation = (generations.get(page) ?? 0) + 1;
  generations.set(page, generation);
  const stale = (): boolean => generations.get(page) !== generation;
  try {
    const role = managerRole(await call('user.me', {}), propertyId || undefined);
    if (stale()) return { kind: 'stale' };
    if (!role) return { kind: 'failed', view: { status: 'forbidden' } };
    const value = await fetch(role);
    return stale() ? { kind: 'stale' } : { kind: 'ready', role, value };
  } catch (err) {
    if (stale()) return { kind: 'stale' };
    return { kind: 'failed', view: isForbidden(err) ? { status: 'forbidden' } : { status: 'error', errorText: toastFor(err) } };
  }
}

/** 5000 → '50', 1250 → '12.5': fen as a person types it in 元. */
export function fenToYuanText(fen: number): string {
  return String(Math.round(fen) / 100);
}

/** 5000 → '50.00': fen shown as 元 with two decimals when it has cents, else whole. */
export function yuanText(fen: number): string {
  const yuan = Math.round(fen) / 100;
  return Number.isInteger(yuan) ? String(yuan) : yuan.toFixed(2);
}

/** '12.5' → 1250 fen; undefined when it is not an amount (at most 2 decimals, under a million 元). */
export function yuanToFen(text: string): number | undefined {
  const t = String(text).trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

export const DISPATCH_LABELS: Record<PropertySettings['dispatchMode'], string> = {
  manual: '手动派单',
  auto: '自动派单',
};

/** 营业时间 09:00–17:30 · 手动派单 · 抢单上限 3 单 · 7 天自动关闭 */
export function propertySummary(p: PropertySettings): string {
  return `营业时间 ${p.businessHours.start}–${p.businessHours.end} · ${DISPATCH_LABELS[p.dispatchMode]} · 抢单上限 ${p.grabLimit} 单 · ${p.autoCloseDays} 天自动关闭`;
}

export interface SettingsEntry {
  key: string;
  title: string;
  summary: string;
  icon: string;
  url: string;
}

/** The 设置 home's rows, each with a one-line summary of what is set now. */
export function settingsEntries(view: SettingsView, propertyId: string): SettingsEntry[] {
  const q = `?propertyId=${encodeURIComponent(propertyId)}`;
  const enabled = view.serviceItems.filter((s) => !s.disabled).length;
  const disabled = view.serviceItems.length - enabled;
  const low = view.materials.filter((m) => m.stock <= LOW_STOCK).length;
  const rates = view.teams.filter((t) => t.hourlyRateFen > 0).map((t) => t.hourlyRateFen);
  const rateText = rates.length > 0 ? ` · ${yuanText(Math.min(...rates))}–${yuanText(Math.max(...rates))} 元/小时` : '';
  const all: SettingsEntry[] = [
    { key: 'property', title: '小区规则', summary: propertySummary(view.property), icon: 'setting-o', url: `/pages/manager/property/index${q}` },
    {
      key: 'service-items',
      title: '服务项目',
      summary: view.serviceItems.length > 0 ? `${enabled} 项在用${disabled > 0 ? ` · ${disabled} 项停用` : ''}` : '还没有服务项目，点此添加',
      icon: 'balance-list-o',
      url: `/pages/manager/service-items/index${q}`,
    },
    {
      key: 'materials',
      title: '材料与库存',
      summary: view.materials.length > 0 ? `${view.materials.length} 种材料${low > 0 ? ` · ${low} 种库存不足` : ' · 库存充足'}` : '还没有材料，点此添加',
      icon: 'bag-o',
      url: `/pages/manager/materials/index${q}`,
    },
    {
      key: 'teams',
      title: '班组与工时',
      summary: `${view.teams.length} 个班组${rateText}`,
      icon: 'friends-o',
      url: `/pages/manager/teams/index${q}`,
    },
  ];
  return all.filter((e) => READY_PAGES.includes(e.key));
}

/** The settings pages built so far; the others (and categories, schedules) come later. */
export const READY_PAGES: readonly string[] = ['property', 'service-items', 'materials', 'teams'];

/** At or below this a material shows as 库存不足 (0: 无库存). */
export const LOW_STOCK = 5;
