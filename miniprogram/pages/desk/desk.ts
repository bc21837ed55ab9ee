/**
 * What the service desk pages (客服中心) share: who may use them, the rows of the technician
 * picker, and the desk's words for revisit reasons, results and missed deadlines. Pure functions.
 */
import type { Me, MeRole } from '../../../typings/api';
import type { Holder, RevisitResult, TimelineEntry } from '../../../typings/domain';
import type { StaffMember } from '../../../typings/people-actions';
import { ApiCallError } from '../../services/api';
import { storedPropertyId } from '../../utils/current-property';
import { STAFF_STEP_TITLES, STEP_FALLBACK, STEP_TITLES } from '../../utils/labels';

/** The copy of the 无权查看 state every desk page shows to someone without a desk role. */
export const FORBIDDEN_TEXT = '无权查看：客服中心页面仅供客服调度和经理使用';

/**
 * The property this person works the desk in (dispatcher or manager): the one picked on the home
 * page, else the first. undefined: not desk staff anywhere.
 */
export function deskRole(me: Me, preferred: string = storedPropertyId()): MeRole | undefined {
  const grants = me.roles.filter((r) => r.role === 'dispatcher' || r.role === 'manager');
  return grants.find((r) => r.propertyId === preferred) ?? grants[0];
}

/** A refused call that means "not for you": the page shows 无权查看 instead of an error. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiCallError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED');
}

/** A technician's team in the picker, by its name (staff.list names it). */
function teamLabel(member: StaffMember): string {
  return member.teamId ? (member.teamName ?? member.teamId) : '未分班组';
}

export interface TechnicianOption {
  id: string;
  name: string;
  team: string;
  teamId: string;
  /** 手上 3 单 · 空闲 */
  load: string;
  busy: boolean;
  skills: string[];
}

/** The picker's rows: least loaded first within the server's order (technicians, by name). */
export function technicianOptions(staff: StaffMember[]): TechnicianOption[] {
  return staff
    .filter((s) => s.role === 'technician')
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.openOrders - b.s.openOrders || a.i - b.i)
    .map(({ s }) => ({
      id: s.id,
      name: s.name,
      team: teamLabel(s),
      teamId: s.teamId ?? '',
      load: s.openOrders > 0 ? `手上 ${s.openOrders} 单` : '空闲',
      busy: s.openOrders >= 5,
      skills: s.skills,
    }));
}

export const REVISIT_RESULTS: { value: RevisitResult; label: string }[] = [
  { value: 'satisfied', label: '满意' },
  { value: 'unsatisfied', label: '不满意' },
  { value: 'unreachable', label: '未接通' },
];

export const REVISIT_RESULT_LABELS: Record<RevisitResult, string> = {
  satisfied: '满意',
  unsatisfied: '不满意',
  unreachable: '未接通',
};

export const REVISIT_REASON_LABELS: Record<string, string> = {
  paid: '有偿服务',
  low_rating: '评价不满意',
  unrated: '未评价已关闭',
};

export const MISSED_LABELS: Record<string, string> = {
  acceptBy: '超时未接单',
  arriveBy: '超时未上门',
  completeBy: '超时未完成',
};

/** 45分钟 · 3小时20分 · 2天5小时 */
export function formatAge(minutes: number): string {
  const m = Math.max(0, Math.floor(minutes));
  if (m < 60) return `${m}分钟`;
  const hours = Math.floor(m / 60);
  if (hours < 24) return `${hours}小时${m % 60 ? `${m % 60}分` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days}天${hours % 24 ? `${hours % 24}小时` : ''}`;
}

function holderName(holder: Holder | undefined): string {
  if (!holder) return '';
  return holder.name ?? (holder.kind === 'team' ? '班组' : holder.id);
}

/** One timeline entry as the desk reads it: the step, why, who had it before → after, and the staff note. */
export function deskStepText(e: TimelineEntry): string {
  const title = STAFF_STEP_TITLES[e.step] ?? STEP_TITLES[e.step] ?? STEP_FALLBACK;
  const parts = [e.reason ?? e.note].filter((t): t is string => !!t);
  let text = parts.length > 0 ? `${title}：${parts.join('；')}` : title;
  const before = holderName(e.holder?.before);
  const after = holderName(e.holder?.after);
  if (before && after && before !== after) text += `（${before} → ${after}）`;
  else if (after && !before && e.step !== 'create') text += `（→ ${after}）`;
  if (e.staffNote) text += `［内部］${e.staffNote}`;
  return text;
}
