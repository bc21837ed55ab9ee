/**
 * What 材料与库存 shows: the catalog's tabs (its categories, the usual five first), the rows of one
 * tab or of a search, with price in 元 and stock marked 库存不足 / 无库存, and the open
 * requisitions as lines. Pure functions; at most MAX_ROWS rows go to the view at once.
 */
import type { Requisition } from '../../../../typings/fees';
import type { MaterialSetting } from '../../../../typings/settings';
import { LOW_STOCK, yuanText } from '../manager';

export const USUAL_CATEGORIES = ['电料', '化料', '水料', '卫生', '五金'];
export const REQUISITIONS_TAB = '领料单';
export const MAX_ROWS = 100;

export interface MaterialRow {
  id: string;
  name: string;
  spec: string;
  category: string;
  priceText: string;
  stockText: string;
  /** ok | low | zero */
  level: string;
}

export interface RequisitionRow {
  id: string;
  orderNo: string;
  who: string;
  lines: string[];
}

/** The usual five first, then any other category the catalog uses, in catalog order. */
export function categoriesOf(materials: MaterialSetting[]): string[] {
  const out = [...USUAL_CATEGORIES];
  for (const m of materials) if (!out.includes(m.category)) out.push(m.category);
  return out;
}

/** 12.5 → '12.5'; 3 → '3' */
function qtyText(qty: number): string {
  return String(Math.round(qty * 100) / 100);
}

export function toRow(m: MaterialSetting): MaterialRow {
  const level = m.stock <= 0 ? 'zero' : m.stock <= LOW_STOCK ? 'low' : 'ok';
  return {
    id: m.id,
    name: m.name,
    spec: m.spec,
    category: m.category,
    priceText: `${yuanText(m.price)} 元/${m.unit}`,
    stockText: level === 'zero' ? '无库存' : `库存 ${qtyText(m.stock)} ${m.unit}${level === 'low' ? ' · 不足' : ''}`,
    level,
  };
}

/** One tab's materials, or with a query every category's whose name or spec contains it. */
export function visibleMaterials(materials: MaterialSetting[], category: string, query: string): MaterialSetting[] {
  const q = query.trim().toLowerCase();
  if (q) return materials.filter((m) => m.name.toLowerCase().includes(q) || m.spec.toLowerCase().includes(q));
  return materials.filter((m) => m.category === category);
}

/** 12月7日 10:00 in China time */
function shortTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600 * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function toRequisitionRow(r: Requisition): RequisitionRow {
  return {
    id: r.id,
    orderNo: r.orderNo,
    who: `${r.byName} · ${shortTime(r.at)} 完工`,
    lines: r.lines.map((l) => `${l.name} ${l.spec} × ${qtyText(l.qty)} ${l.unit}`),
  };
}
