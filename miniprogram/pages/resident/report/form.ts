/**
 * The report form's plain logic, apart from the page: the category tree for the cascader, the
 * slot list as the picker shows it, validation, the payload, and the draft kept in storage.
 */
import type { CreateOrderPayload } from '../../../../typings/order-actions';
import type { CatalogCategory, SlotView } from '../../../../typings/people-actions';
import { formatClock } from '../../../utils/time';

export interface CascaderOption {
  text: string;
  value: string;
  children?: CascaderOption[];
}

/**
 * First-level categories with their second-level ones; a first-level category without children
 * (投诉, 建议) is itself the choice. Only leaves can be reported (the server routes by them).
 */
export function categoryTree(categories: CatalogCategory[]): CascaderOption[] {
  const roots = categories.filter((c) => !c.parentId);
  return roots.map((root) => {
    const children = categories.filter((c) => c.parentId === root.id).map((c) => ({ text: c.name, value: c.id }));
    return children.length > 0 ? { text: root.name, value: root.id, children } : { text: root.name, value: root.id };
  });
}

export type SlotState = 'open' | 'full' | 'past';

export interface SlotOption {
  id: string;
  /** 14:00–16:00 */
  text: string;
  state: SlotState;
  /** 剩 2 个 · 已约满 · 已过期 */
  note: string;
  disabled: boolean;
}

/**
 * A slot is bookable only when it has places and has not started. The server's `status` says so
 * when present; otherwise `available` (0 once started) and the start time decide.
 */
export function slotOptions(slots: (SlotView & { status?: string })[], now: number): SlotOption[] {
  return slots.map((s) => {
    const past = s.status === 'past' || Date.parse(s.start) <= now;
    const full = !past && (s.status === 'full' || s.available <= 0);
    const state: SlotState = past ? 'past' : full ? 'full' : 'open';
    const note = state === 'past' ? '已过期' : state === 'full' ? '已约满' : `剩 ${s.available} 个`;
    return { id: s.id, text: `${formatClock(s.start)}–${formatClock(s.end)}`, state, note, disabled: state !== 'open' };
  });
}

export interface ReportForm {
  categoryId: string;
  /** 水电维修 / 水管漏水 */
  categoryText: string;
  description: string;
  locationKind: 'unit' | 'public';
  locationText: string;
  urgent: boolean;
  slotId: string;
  /** 12月7日 14:00–16:00 */
  slotText: string;
}

export const EMPTY_FORM: ReportForm = {
  categoryId: '',
  categoryText: '',
  description: '',
  locationKind: 'unit',
  locationText: '',
  urgent: false,
  slotId: '',
  slotText: '',
};

export type FormErrors = Partial<Record<'category' | 'description' | 'location' | 'photos' | 'slot', string>>;

export function validate(form: ReportForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.categoryId) errors.category = '请选择报修类别';
  if (!form.description.trim()) errors.description = '请描述一下问题';
  if (!form.locationText.trim()) errors.location = form.locationKind === 'unit' ? '请写明具体位置，如：厨房' : '请写明公共区域的位置';
  return errors;
}

export function toPayload(propertyId: string, form: ReportForm, photos: string[]): CreateOrderPayload {
  return {
    propertyId,
    categoryId: form.categoryId,
    description: form.description.trim(),
    location: { kind: form.locationKind, text: form.locationText.trim() },
    urgency: form.urgent ? 'urgent' : 'normal',
    ...(photos.length > 0 ? { photos } : {}),
    ...(form.slotId ? { slotId: form.slotId } : {}),
  };
}

/** Server field paths → the form's fields, with Chinese wording (the server's notes are technical). */
export const FIELD_HINTS: Record<string, string> = {
  categoryId: '请重新选择报修类别',
  description: '请描述一下问题（500 字以内）',
  'location.text': '请写明具体位置（100 字以内）',
  'location.kind': '请选择位置',
  photos: '照片有误，请删除后重新上传',
  slotId: '这个时段不能预约，请换一个',
};

export function toFormErrors(fields: Record<string, string>): FormErrors {
  const errors: FormErrors = {};
  for (const [key, message] of Object.entries(fields)) {
    if (key === 'categoryId') errors.category = message;
    else if (key === 'description') errors.description = message;
    else if (key.startsWith('location')) errors.location = message;
    else if (key.startsWith('photos')) errors.photos = message;
    else if (key === 'slotId') errors.slot = message;
  }
  return errors;
}

export interface PhotoItem {
  /** what <image> shows: the local temp file while on this page */
  url: string;
  /** cloud://… once uploaded */
  fileID: string;
  status: 'uploading' | 'done' | 'failed';
  message: string;
  deletable: boolean;
}

export interface Draft {
  form: ReportForm;
  photos: PhotoItem[];
  requestId: string;
}

const draftKey = (propertyId: string): string => `draft.report.${propertyId}`;

export function loadDraft(propertyId: string): Draft | undefined {
  try {
    const raw: unknown = wx.getStorageSync(draftKey(propertyId));
    if (!raw || typeof raw !== 'object') return undefined;
    const draft = raw as Partial<Draft>;
    if (!draft.form || typeof draft.requestId !== 'string') return undefined;
    // only finished uploads survive: an upload cut off by leaving the page is gone
    const photos = (draft.photos ?? []).filter((p) => p.status === 'done' && p.fileID);
    return { form: { ...EMPTY_FORM, ...draft.form }, photos, requestId: draft.requestId };
  } catch {
    return undefined;
  }
}

export function saveDraft(propertyId: string, draft: Draft): void {
  try {
    wx.setStorageSync(draftKey(propertyId), draft);
  } catch {
    // storage full or unavailable: the form still works, only the draft is lost
  }
}

export function clearDraft(propertyId: string): void {
  try {
    wx.removeStorageSync(draftKey(propertyId));
  } catch {
    // nothing to clear
  }
}

/** A draft worth keeping: the person typed or picked something. */
export function isBlank(form: ReportForm, photos: PhotoItem[]): boolean {
  return !form.categoryId && !form.description.trim() && !form.locationText.trim() && photos.length === 0;
}
