/**
 * The completion form (完工录入) as data: its fields, the checks made before any call, the
 * payload for order.complete / order.correct / order.quote, the form filled from a recorded
 * completion (修改完工记录), the server's field errors placed beside their fields, and the draft
 * kept in storage so a lost signal loses nothing (with its requestId, so a resubmit is the same
 * completion or correction).
 */
import type { Completion, OrderWithTimeline } from '../../../../typings/domain';
import type { CompletePayload, CompletionServiceItem } from '../../../../typings/order-actions';
import type { CatalogMaterial } from '../../../../typings/people-actions';
import type { ServiceItemSetting } from '../../../../typings/settings';
import { formatYuan } from '../../../utils/format';

export const MATERIAL_CATEGORIES = ['电料', '化料', '水料', '卫生', '五金'];

export interface PickedMaterial {
  materialId: string;
  name: string;
  spec: string;
  unit: string;
  /** 15 元/个 */
  priceText: string;
  /** null: not known (a line read back from a recorded completion, not from the catalog) */
  stock: number | null;
  qty: number;
}

/**
 * A service item line: picked from the property's settings (`serviceItemId`: its name, unit and
 * price are the settings', the server prices it) or custom, named and priced on site.
 */
export interface ServiceItemRow {
  serviceItemId?: string;
  name: string;
  /** custom: yuan as typed ('50', '12.5'); picked: the settings' price, for the eye only */
  price: string;
  /** picked: 次, 项 … */
  unit?: string;
  qty: number;
}

export interface CompleteForm {
  workMinutes: number;
  summary: string;
  measures: string;
  materials: PickedMaterial[];
  serviceItems: ServiceItemRow[];
  invoiceNo: string;
  partBarcodes: string[];
  signature: { fileID: string; url: string };
}

export const EMPTY_FORM: CompleteForm = {
  workMinutes: 60,
  summary: '',
  measures: '',
  materials: [],
  serviceItems: [],
  invoiceNo: '',
  partBarcodes: [],
  signature: { fileID: '', url: '' },
};

/** field → message; list fields by row: 'materials.0', 'serviceItems.1' */
export type FormErrors = Record<string, string>;

export function toPicked(m: CatalogMaterial): PickedMaterial {
  return { materialId: m.id, name: m.name, spec: m.spec, unit: m.unit, priceText: `${formatYuan(m.price)}/${m.unit}`, stock: m.stock, qty: 1 };
}

/** A property's service item as a form line, quantity 1. */
export function toPickedItem(item: Pick<ServiceItemSetting, 'id' | 'name' | 'price' | 'unit'>): ServiceItemRow {
  return { serviceItemId: item.id, name: item.name, price: fenToYuanText(item.price), unit: item.unit, qty: 1 };
}

/** 5000 → '50', 1250 → '12.5': fen as a person would type it in yuan. */
export function fenToYuanText(fen: number): string {
  return String(Math.round(fen) / 100);
}

/** '12.5' → 1250 fen; undefined when it is not an amount. */
export function yuanToFen(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(t)) return undefined;
  return Math.round(Number(t) * 100);
}

export function validate(form: CompleteForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.summary.trim()) errors.summary = '请写一下处理结果';
  if (!(form.workMinutes >= 1 && form.workMinutes <= 1440)) errors.workMinutes = '用时在 1–1440 分钟之间';
  form.serviceItems.forEach((item, i) => {
    if (item.serviceItemId) return;
    if (!item.name.trim()) errors[`serviceItems.${i}`] = '请填写项目名称';
    else if (yuanToFen(item.price) === undefined) errors[`serviceItems.${i}`] = '请填写单价（元）';
  });
  return errors;
}

/** The payload, for complete and quote alike (quote ignores what does not cost). */
export function toPayload(orderId: string, form: CompleteForm, photos: string[]): CompletePayload {
  const measures = form.measures.trim();
  const invoiceNo = form.invoiceNo.trim();
  const items: CompletionServiceItem[] = [];
  for (const i of form.serviceItems) {
    // a picked line sends its id only: the server refuses a price beside it
    if (i.serviceItemId) items.push({ serviceItemId: i.serviceItemId, qty: i.qty });
    else {
      const name = i.name.trim();
      const price = yuanToFen(i.price);
      if (name && price !== undefined) items.push({ name, price, qty: i.qty });
    }
  }
  return {
    orderId,
    summary: form.summary.trim(),
    workMinutes: form.workMinutes,
    ...(form.materials.length > 0 ? { materials: form.materials.map((m) => ({ materialId: m.materialId, qty: m.qty })) } : {}),
    ...(items.length > 0 ? { serviceItems: items } : {}),
    ...(measures ? { measures } : {}),
    ...(photos.length > 0 ? { photos } : {}),
    ...(form.signature.fileID ? { signature: form.signature.fileID } : {}),
    ...(invoiceNo ? { invoiceNo } : {}),
    ...(form.partBarcodes.length > 0 ? { partBarcodes: form.partBarcodes } : {}),
  };
}

/**
 * The form filled from a recorded completion, to correct it (修改完工记录): every field as it was
 * recorded, so what is not changed is sent again unchanged. Photo and signature urls come later
 * (they need temp links); `photos` are the fileIDs.
 */
export function fromCompletion(c: Completion): { form: CompleteForm; photos: string[] } {
  return {
    form: {
      workMinutes: c.workMinutes,
      summary: c.summary,
      measures: c.measures ?? '',
      materials: c.materials.map((m) => ({
        materialId: m.materialId,
        name: m.name,
        spec: m.spec,
        unit: m.unit,
        priceText: `${formatYuan(m.price)}/${m.unit}`,
        stock: null,
        qty: m.qty,
      })),
      serviceItems: c.serviceItems.map((i) =>
        i.serviceItemId
          ? { serviceItemId: i.serviceItemId, name: i.name, price: fenToYuanText(i.price), unit: i.unit ?? '次', qty: i.qty }
          : { name: i.name, price: fenToYuanText(i.price), qty: i.qty },
      ),
      invoiceNo: c.invoiceNo ?? '',
      partBarcodes: [...(c.partBarcodes ?? [])],
      signature: { fileID: c.signature ?? '', url: '' },
    },
    photos: [...c.photos],
  };
}

/** order.correct's window: recorded, not yet confirmed (rated) by the reporter, not paid. */
export function isCorrectable(order: Pick<OrderWithTimeline, 'status' | 'completion' | 'fee'>): boolean {
  return order.status === 'completed' && !!order.completion && !order.completion.locked && !order.fee?.paid;
}

/** Our own words per field (the server's notes are for integrators). */
const FIELD_HINTS: Record<string, string> = {
  summary: '请写一下处理结果（500 字以内）',
  workMinutes: '用时在 1–1440 分钟之间',
  measures: '应急措施请在 500 字以内',
  invoiceNo: '发票号请在 40 个字符以内',
  signature: '签名没有保存成功，请重新签名',
  partBarcodes: '条码有误，请删除后重新扫码',
  materials: '材料有误，请检查',
  serviceItems: '服务项目有误，请检查',
};

/**
 * Server field paths ('payload.materials[1].qty', 'materials.1.qty') → the form's error keys;
 * `form` tells a picked service item (nothing typed to fix: it may have been withdrawn) from a custom one.
 */
export function toFormErrors(fields: Record<string, string>, form?: CompleteForm): FormErrors {
  const out: FormErrors = {};
  for (const raw of Object.keys(fields)) {
    const path = raw.replace(/^payload\./, '').replace(/\[(\d+)\]/g, '.$1');
    const [head, index] = path.split('.');
    if ((head === 'materials' || head === 'serviceItems') && index !== undefined && /^\d+$/.test(index)) {
      const picked = head === 'serviceItems' && !!form?.serviceItems[Number(index)]?.serviceItemId;
      out[`${head}.${index}`] = head === 'materials' ? '数量有误，请检查' : picked ? '这个服务项目不能用了，请删除后重选' : '名称或单价有误，请检查';
    } else if (head && FIELD_HINTS[head]) {
      out[head] = FIELD_HINTS[head];
    }
  }
  return out;
}

export type FormMode = 'complete' | 'correct';

interface Draft {
  form: CompleteForm;
  requestId: string;
  /** a correction's draft: the record it was started from (its departure time and number of corrections) */
  base?: string;
}

/** a completion and a correction of the same order keep separate drafts */
const draftKey = (orderId: string, mode: FormMode): string => `draft.${mode}.${orderId}`;

export function loadDraft(orderId: string, mode: FormMode = 'complete'): Draft | undefined {
  try {
    const raw: unknown = wx.getStorageSync(draftKey(orderId, mode));
    if (!raw || typeof raw !== 'object') return undefined;
    const d = raw as Partial<Draft>;
    if (!d.form || typeof d.requestId !== 'string') return undefined;
    return { form: { ...EMPTY_FORM, ...d.form }, requestId: d.requestId, ...(d.base ? { base: d.base } : {}) };
  } catch {
    return undefined;
  }
}

export function saveDraft(orderId: string, draft: Draft, mode: FormMode = 'complete'): void {
  try {
    wx.setStorageSync(draftKey(orderId, mode), draft);
  } catch {
    // storage full: the form still works, only a restart would lose it
  }
}

export function clearDraft(orderId: string, mode: FormMode = 'complete'): void {
  try {
    wx.removeStorageSync(draftKey(orderId, mode));
  } catch {
    // nothing to do
  }
}
