/**
 * The completion form (完工录入) as data: its fields, the checks made before any call, the
 * payload for order.complete / order.quote, the server's field errors placed beside their
 * fields, and the draft kept in storage so a lost signal loses nothing (with its requestId,
 * so a resubmit is the same completion).
 */
import type { CompletePayload } from '../../../../typings/order-actions';
import type { CatalogMaterial } from '../../../../typings/people-actions';
import { formatYuan } from '../../../utils/format';

export const MATERIAL_CATEGORIES = ['电料', '化料', '水料', '卫生', '五金'];

export interface PickedMaterial {
  materialId: string;
  name: string;
  spec: string;
  unit: string;
  /** 15 元/个 */
  priceText: string;
  stock: number;
  qty: number;
}

export interface ServiceItemRow {
  name: string;
  /** yuan as typed: '50', '12.5' */
  price: string;
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
    if (!item.name.trim()) errors[`serviceItems.${i}`] = '请填写项目名称';
    else if (yuanToFen(item.price) === undefined) errors[`serviceItems.${i}`] = '请填写单价（元）';
  });
  return errors;
}

/** The payload, for complete and quote alike (quote ignores what does not cost). */
export function toPayload(orderId: string, form: CompleteForm, photos: string[]): CompletePayload {
  const measures = form.measures.trim();
  const invoiceNo = form.invoiceNo.trim();
  const items = form.serviceItems
    .map((i) => ({ name: i.name.trim(), price: yuanToFen(i.price), qty: i.qty }))
    .filter((i): i is { name: string; price: number; qty: number } => !!i.name && i.price !== undefined);
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

/** Server field paths ('payload.materials[1].qty', 'materials.1.qty') → the form's error keys. */
export function toFormErrors(fields: Record<string, string>): FormErrors {
  const out: FormErrors = {};
  for (const raw of Object.keys(fields)) {
    const path = raw.replace(/^payload\./, '').replace(/\[(\d+)\]/g, '.$1');
    const [head, index] = path.split('.');
    if ((head === 'materials' || head === 'serviceItems') && index !== undefined && /^\d+$/.test(index)) {
      out[`${head}.${index}`] = head === 'materials' ? '数量有误，请检查' : '名称或单价有误，请检查';
    } else if (head && FIELD_HINTS[head]) {
      out[head] = FIELD_HINTS[head];
    }
  }
  return out;
}

interface Draft {
  form: CompleteForm;
  requestId: string;
}

const draftKey = (orderId: string): string => `draft.complete.${orderId}`;

export function loadDraft(orderId: string): Draft | undefined {
  try {
    const raw: unknown = wx.getStorageSync(draftKey(orderId));
    if (!raw || typeof raw !== 'object') return undefined;
    const d = raw as Partial<Draft>;
    if (!d.form || typeof d.requestId !== 'string') return undefined;
    return { form: { ...EMPTY_FORM, ...d.form }, requestId: d.requestId };
  } catch {
    return undefined;
  }
}

export function saveDraft(orderId: string, draft: Draft): void {
  try {
    wx.setStorageSync(draftKey(orderId), draft);
  } catch {
    // storage full: the form still works, only a restart would lose it
  }
}

export function clearDraft(orderId: string): void {
  try {
    wx.removeStorageSync(draftKey(orderId));
  } catch {
    // nothing to do
  }
}
