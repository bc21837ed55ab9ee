/** Payloads and results of the order actions (see architecture.md's API contract). */
import type { Order, OrderLocation, OrderStatus, OrderWithTimeline, RevisitResult, Urgency } from './domain';

export interface CreateOrderPayload {
  propertyId: string;
  categoryId: string;
  description: string;
  location: Pick<OrderLocation, 'kind' | 'text'> & { building?: string; room?: string };
  photos?: string[];
  urgency?: Urgency;
  slotId?: string;
  /** the service center reporting for a resident (phone call, visit) */
  onBehalfOf?: { name: string; phone: string };
  /** staff only: how the matter came in; residents report as 'resident' */
  source?: 'phone' | 'visit' | 'self_inspection';
}

export interface ListOrdersPayload {
  propertyId?: string;
  scope: 'mine' | 'assigned' | 'pool' | 'all';
  status?: OrderStatus[];
  cursor?: string;
  limit?: number;
  /** 'created' (default): newest first; 'due': the next promise first (arrival, then completion), finished orders last */
  sort?: 'created' | 'due';
  /** true: only orders technicians may grab (the 抢单池); false: only those dispatched by hand */
  grabbable?: boolean;
  /** exactly this order number (13 digits, unique in the deployment), among the orders the scope shows */
  orderNo?: string;
  /** only orders of these categories (a first-level one: send it with its sub-categories) */
  categoryIds?: string[];
  urgency?: 'normal' | 'urgent';
  /** only open orders whose next promise (arrival before the visit, completion after) has passed */
  overdue?: true;
}

export interface OrderPage {
  items: Order[];
  nextCursor?: string;
}

export interface OrderIdPayload {
  orderId: string;
}

export interface ReasonPayload {
  orderId: string;
  reason: string;
}

export type CompletionServiceItem = { serviceItemId: string; qty: number } | { name: string; price: number; qty: number };

export interface CompletePayload {
  orderId: string;
  summary: string;
  workMinutes: number;
  materials?: { materialId: string; qty: number }[];
  /**
   * A line from the property's service items (`serviceItemId`: name, price and unit from the
   * settings), or a custom line priced on site (`name`, `price` in fen per unit). The server
   * computes each amount.
   */
  serviceItems?: CompletionServiceItem[];
  measures?: string;
  photos?: string[];
  signature?: string;
  invoiceNo?: string;
  partBarcodes?: string[];
}

export interface OrderActions {
  'order.create': [CreateOrderPayload, OrderWithTimeline];
  'order.get': [OrderIdPayload, OrderWithTimeline];
  'order.list': [ListOrdersPayload, OrderPage];
  'order.assign': [{ orderId: string; technicianId: string; assistantIds?: string[]; note?: string }, OrderWithTimeline];
  'order.assignTeam': [{ orderId: string; teamId: string; note?: string }, OrderWithTimeline];
  'order.batchAssign': [{ orderIds: string[]; technicianId: string }, { assigned: string[]; failed: { id: string; code: string }[] }];
  'order.grab': [OrderIdPayload, OrderWithTimeline];
  'order.accept': [OrderIdPayload, OrderWithTimeline];
  'order.reject': [ReasonPayload, OrderWithTimeline];
  'order.transfer': [{ orderId: string; technicianId: string; reason: string }, OrderWithTimeline];
  'order.requestReassign': [ReasonPayload, OrderWithTimeline];
  'order.decideReassign': [{ orderId: string; approve: boolean; technicianId?: string; reason?: string }, OrderWithTimeline];
  'order.checkIn': [{ orderId: string; location?: { lat: number; lng: number } }, OrderWithTimeline];
  'order.progress': [{ orderId: string; note: string; photos?: string[] }, OrderWithTimeline];
  'order.hold': [{ orderId: string; reason: string; nextVisitAt: string }, OrderWithTimeline];
  'order.complete': [CompletePayload, OrderWithTimeline];
  'order.correct': [CompletePayload, OrderWithTimeline];
  'order.rate': [{ orderId: string; score: number; comment?: string }, OrderWithTimeline];
  'order.reopen': [ReasonPayload, OrderWithTimeline];
  'order.cancel': [ReasonPayload, OrderWithTimeline];
  'order.revoke': [ReasonPayload, OrderWithTimeline];
  'order.revisit': [{ orderId: string; result: RevisitResult; note?: string }, OrderWithTimeline];
  'order.close': [OrderIdPayload, OrderWithTimeline];
  'order.nudge': [OrderIdPayload, OrderWithTimeline];
  'order.handle': [{ orderId: string; handling: 'verbal' | 'coordination'; note: string }, OrderWithTimeline];
  'order.followUp': [{ orderId: string; note: string; failed?: boolean; toReporter?: boolean; visited?: boolean }, OrderWithTimeline];
  'order.quote': [CompletePayload, import('./fees').FeeBreakdown];
}
