/**
 * Fees (人工费, 上门费, 服务项目, 材料费) and stock (库存, 领料单): the shapes the fee rules take and
 * return, and the payloads of `order.quote` and the `stock.*` actions. All money is integer fen.
 */
import type { Fee, FeeMode, Material, PropertyId } from './domain';

/** Who pays an order's costs: the resident, or the company (公司承担). */
export type Payer = Fee['payer'];

export type FeeLineKind = 'labor' | 'visit' | 'item' | 'material';

/** One line of a fee breakdown, as the resident's bill shows it. */
export interface FeeLine {
  kind: FeeLineKind;
  /** 人工费, 上门费, a service item's name, a material's name */
  name: string;
  /** materials: the catalog id */
  materialId?: string;
  /** materials: the catalog spec */
  spec?: string;
  /** 小时 (labor, billed hours), 次 (visit), a material's unit; absent for service items */
  unit?: string;
  /** fen per unit (labor: per hour) */
  price: number;
  /** units charged (labor: billed hours in quarter-hours, e.g. 1.25); up to 2 decimals */
  qty: number;
  /** fen: price × qty, half-up to a fen */
  amount: number;
}

/** A service item the technician adds (e.g. 疏通费 × 1): priced in fen, with a quantity. */
export interface ServiceItemInput {
  name: string;
  /** fen per unit */
  price: number;
  qty: number;
}

/** A material used, as the catalog prices it. */
export type MaterialUse = Pick<Material, 'id' | 'name' | 'spec' | 'unit' | 'price'> & { qty: number };

/** Everything the fee rules need, already loaded: no database, no clock. */
export interface FeeInput {
  /** the category's fee mode; `free` charges the resident nothing */
  mode: FeeMode;
  /** the category's visit fee (fen), charged once per completion */
  visitFeeFen: number;
  /** the hourly rate of the team doing the work (fen per hour) */
  hourlyRateFen: number;
  workMinutes: number;
  serviceItems: readonly ServiceItemInput[];
  materials: readonly MaterialUse[];
  /** the company takes the costs of a paid category for this order (公司承担); a free category always does */
  payer?: Payer;
  /** deposit or prepaid modes: fen the resident already paid when ordering (0 until payment lands) */
  paidInAdvance?: number;
}

/** The fee recorded on an order: totals per part, payer, what the resident still owes, and every line. */
export interface FeeBreakdown extends Fee {
  mode: FeeMode;
  /** fen the resident still has to pay: 0 when the company pays; total minus what was paid in advance otherwise */
  due: number;
  /** fen paid in advance that the bill does not use, given back once the record is confirmed (absent: none) */
  refund?: number;
  lines: FeeLine[];
}

/** A stock movement (collection `stock_moves`): stock leaving for an order's completion, or restocked. */
export interface StockMove {
  id: string;
  propertyId: PropertyId;
  /** use: taken from stock by a completion; receive: restocked by a manager; return: given back (a reopen) */
  kind: 'use' | 'receive' | 'return';
  /** use/return: the order and its number */
  orderId?: string;
  orderNo?: string;
  /** the materials and quantities moved (receive: one line); quantities are positive, `kind` gives the direction */
  lines: StockMoveLine[];
  note?: string;
  by: string;
  byName: string;
  at: string;
}

export interface StockMoveLine {
  materialId: string;
  name: string;
  spec: string;
  unit: string;
  qty: number;
}

export type RequisitionStatus = 'open' | 'issued' | 'cancelled';

/**
 * A material requisition (领料单, collection `requisitions`): what a completion used that stock did
 * not have, for the storekeeper to issue. The completion lands anyway; stock is not touched.
 */
export interface Requisition {
  id: string;
  propertyId: PropertyId;
  orderId: string;
  orderNo: string;
  status: RequisitionStatus;
  lines: StockMoveLine[];
  by: string;
  byName: string;
  at: string;
}

export interface StockReceivePayload {
  materialId: string;
  qty: number;
  note?: string;
}

export interface StockRequisitionsPayload {
  propertyId: PropertyId;
  status?: RequisitionStatus;
}

export interface StockActions {
  'stock.receive': [StockReceivePayload, Material];
  'stock.requisitions': [StockRequisitionsPayload, Requisition[]];
}
