/**
 * What a completion costs: the order's category (fee mode, visit fee), the working team's hourly rate
 * and the catalog materials it names, read in ONE aggregate, then priced by the fee rules
 * (cloudfunctions/core/fees). `order.complete` records the result; `order.quote` only returns it.
 */
import type { Category, Material, MaterialLine, ServiceItem, Team } from '../../../../typings/domain';
import type { FeeBreakdown } from '../../../../typings/fees';
import type { CompletionServiceItem } from '../../../../typings/order-actions';
import type { ServiceItemSetting } from '../../../../typings/settings';
import { fail } from '../../../core/errors';
import { computeFee, feeModeOf, lineAmount } from '../../../core/fees';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { AggregateStage, Store } from '../../../runtime/db';

export interface CompletionWork {
  workMinutes: number;
  materials?: readonly { materialId: string; qty: number }[];
  serviceItems?: readonly CompletionServiceItem[];
}

export interface PricedCompletion {
  fee: FeeBreakdown;
  /** the completion record's material lines, at catalog price */
  materials: MaterialLine[];
  serviceItems: ServiceItem[];
}

interface PricingRow {
  category: Category[];
  team: Team[];
  materials: Material[];
  serviceItems: ServiceItemSetting[];
}

/**
 * The settings a completion is priced by, in one request. It starts from the order's property (an
 * order always has one) so that a category removed since still prices labor and materials.
 */
async function loadPricing(db: Store, order: OrderDoc, materialIds: readonly string[], serviceItemIds: readonly string[]): Promise<PricingRow> {
  // the rate of the team the work was done by: the assignee's own team (seed 001 工时设置: 所属部门不同，工时费用可以不同)
  const teamId = order.assignee?.teamId ?? order.teamId;
  const by = (match: Record<string, unknown>, limit: number): unknown => db.pipeline([['match', match], ['limit', limit]]);
  const stages: AggregateStage[] = [
    ['match', { _id: order.propertyId }],
    ['lookup', { from: 'categories', pipeline: by({ _id: order.categoryId }, 1), as: 'category' }],
    ['lookup', { from: 'teams', pipeline: by({ _id: teamId }, 1), as: 'team' }],
  ];
  if (materialIds.length) {
    const match = { _id: db.command.in([...materialIds]), propertyId: order.propertyId };
    stages.push(['lookup', { from: 'materials', pipeline: by(match, materialIds.length), as: 'materials' }]);
  }
  if (serviceItemIds.length) {
    const match = { _id: db.command.in([...serviceItemIds]), propertyId: order.propertyId };
    stages.push(['lookup', { from: 'service_items', pipeline: by(match, serviceItemIds.length), as: 'serviceItems' }]);
  }
  stages.push(['limit', 1]);
  const [row] = await db.aggregate<Partial<PricingRow>>('properties', stages);
  return { category: row?.category ?? [], team: row?.team ?? [], materials: row?.materials ?? [], serviceItems: row?.serviceItems ?? [] };
}

/** Prices a completion as the server sees it; a material not in the property's catalog is NOT_FOUND, naming its line. */
export async function priceCompletion(db: Store, order: OrderDoc, work: CompletionWork): Promise<PricedCompletion> {
  const used = work.materials ?? [];
  const picked = (work.serviceItems ?? []).flatMap((s) => ('serviceItemId' in s ? [s.serviceItemId] : []));
  const row = await loadPricing(db, order, [...new Set(used.map((u) => u.materialId))], [...new Set(picked)]);
  const materials = materialLines(row.materials, used);
  const items = serviceItemLines(row.serviceItems, work.serviceItems ?? []);
  const category = row.category[0];
  const fee = computeFee({
    mode: feeModeOf(order.paid, category),
    visitFeeFen: category?.visitFeeFen ?? 0,
    // a team removed since bills no labor rather than failing the completion
    hourlyRateFen: row.team[0]?.hourlyRateFen ?? 0,
    // a deposit or price paid on order comes off what is due
    ...(order.prepay?.paid ? { paidInAdvance: order.prepay.amount } : {}),
    workMinutes: work.workMinutes,
    serviceItems: items,
    materials: materials.map((l) => ({ id: l.materialId, name: l.name, spec: l.spec, unit: l.unit, price: l.price, qty: l.qty })),
  });
  // the completion record's amounts are the bill's: the same rounding rule on the same numbers
  const serviceItems = items.map((s, i) => ({ ...s, amount: lineAmount(s.price, s.qty, `serviceItems.${i}`) }));
  return { fee, materials, serviceItems };
}

/**
 * The payload's service items as priced lines: a picked item at its settings' name, unit and price
 * (a disabled or unknown one is NOT_FOUND, naming its line), a custom line as the technician priced it.
 */
export function serviceItemLines(settings: readonly ServiceItemSetting[], lines: readonly CompletionServiceItem[]): Omit<ServiceItem, 'amount'>[] {
  return lines.map((line, i) => {
    if (!('serviceItemId' in line)) return { name: line.name, price: line.price, qty: line.qty };
    const item = settings.find((s) => s.id === line.serviceItemId && !s.disabled);
    if (!item) return fail('NOT_FOUND', '服务项目不存在或已停用', { [`payload.serviceItems.${i}.serviceItemId`]: 'not a service item of this property' });
    return { serviceItemId: item.id, name: item.name, unit: item.unit, price: item.price, qty: line.qty };
  });
}

/** The payload's materials as catalog lines (price from the catalog, never the client). */
export function materialLines(catalog: readonly Material[], used: readonly { materialId: string; qty: number }[]): MaterialLine[] {
  return used.map((u, i) => {
    const m = catalog.find((c) => c.id === u.materialId);
    if (!m) return fail('NOT_FOUND', '材料不存在', { [`payload.materials.${i}.materialId`]: 'not in the catalog' });
    return { materialId: m.id, name: m.name, spec: m.spec, unit: m.unit, qty: u.qty, price: m.price, amount: lineAmount(m.price, u.qty, `materials.${i}`) };
  });
}
