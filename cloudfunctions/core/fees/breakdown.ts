/**
 * The fee of a completion (竣工录入), computed by the server from loaded data only: labor, the
 * category's visit fee, service items and catalog materials, then who pays and what is still due.
 * A client-sent amount never enters here; the handler passes catalog prices and settings.
 *
 * Fee modes (seed 001, 费用设置): `free` charges the resident nothing — the costs are still listed
 * and borne by the company (公司承担); `after_service` bills the resident the whole total after the
 * work; `deposit` / `prepaid` bill what is left after what the resident paid when ordering, and
 * give back (`refund`) what the bill did not use: all of it when the company takes the costs.
 */
import type { FeeBreakdown, FeeInput, FeeLine, Payer } from '../../../typings/fees';
import { laborLine } from './labor';
import { assertFen, lineAmount, shownQty } from './money';

export function computeFee(input: FeeInput): FeeBreakdown {
  const labor = laborLine(input.hourlyRateFen, input.workMinutes);
  const visitFee = assertFen(input.visitFeeFen, 'visitFeeFen');
  const visit: FeeLine[] = visitFee > 0 ? [{ kind: 'visit', name: '上门费', unit: '次', price: visitFee, qty: 1, amount: visitFee }] : [];
  const items: FeeLine[] = input.serviceItems.map((s, i) => ({
    kind: 'item',
    name: s.name,
    price: s.price,
    qty: shownQty(s.qty, `serviceItems.${i}`),
    amount: lineAmount(s.price, s.qty, `serviceItems.${i}`),
  }));
  const materials: FeeLine[] = input.materials.map((m, i) => ({
    kind: 'material',
    name: m.name,
    materialId: m.id,
    spec: m.spec,
    unit: m.unit,
    price: m.price,
    qty: shownQty(m.qty, `materials.${i}`),
    amount: lineAmount(m.price, m.qty, `materials.${i}`),
  }));
  // a line is listed only when it says something: no 0-hour labor line for a visit without work time
  const lines = [...(labor.amount > 0 || labor.qty > 0 ? [labor] : []), ...visit, ...items, ...materials];
  const sum = (ls: FeeLine[]): number => ls.reduce((s, l) => s + l.amount, 0);
  const parts = { labor: labor.amount, visit: sum(visit), items: sum(items), materials: sum(materials) };
  const total = parts.labor + parts.visit + parts.items + parts.materials;
  const payer = payerOf(input);
  const advance = input.paidInAdvance === undefined ? 0 : assertFen(input.paidInAdvance, 'paidInAdvance');
  // the resident pays what the advance did not cover, and gets back what the bill did not use
  const owed = payer === 'company' ? 0 : total;
  const due = Math.max(owed - advance, 0);
  const refund = Math.max(advance - owed, 0);
  return { ...parts, total, payer, paid: false, mode: input.mode, due, ...(refund > 0 ? { refund } : {}), lines };
}

/** A free category is always the company's cost; a paid one is the resident's unless the order says 公司承担. */
export function payerOf(input: Pick<FeeInput, 'mode' | 'payer'>): Payer {
  if (input.mode === 'free') return 'company';
  return input.payer ?? 'resident';
}
