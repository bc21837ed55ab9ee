import type { NotifyEvent } from './notify';

/**
 * The domain model shared by the mini-program, the cloud functions and local-cloud's seed.
 * Dates are ISO strings over the wire; stored documents use the same shapes.
 */

export type PropertyId = string;
export type OpenId = string;

export type RoleName = 'resident' | 'technician' | 'dispatcher' | 'manager';

export type DispatchMode = 'manual' | 'auto';

export interface BusinessHours {
  /** "HH:mm" in the property's time zone */
  start: string;
  end: string;
}

export interface Property {
  id: PropertyId;
  name: string;
  timezone: string;
  businessHours: BusinessHours;
  dispatchMode: DispatchMode;
  /** most open orders a technician may hold through grabbing */
  grabLimit: number;
  /** days after completion without a rating before an order closes itself */
  autoCloseDays: number;
  /** team that takes new orders outside business hours */
  nightTeamId?: string;
  /** how many days ahead appointments can be booked (default 14) */
  bookingHorizonDays?: number;
}

export interface Team {
  id: string;
  propertyId: PropertyId;
  name: string;
  parentId?: string;
  leaderOpenid?: OpenId;
  /** labor rate in fen per hour */
  hourlyRateFen: number;
  /** 'engineering' | 'night' | 'service' … a free label for routing rules */
  kind: 'engineering' | 'night' | 'service' | 'cleaning' | 'security';
  /** appointment windows for the team's categories that have no schedule of their own */
  schedule?: SlotSchedule;
}

/** A role a person holds in one property. */
export interface RoleGrant {
  propertyId: PropertyId;
  role: RoleName;
  teamId?: string;
  /** 工号, staff only */
  staffNo?: string;
  skills?: string[];
  /** technicians: leads `teamId` (and so dispatches within it and its sub-teams) */
  leader?: boolean;
  /** staff: the team and its ancestors, root first (denormalized so a write needs no team lookups) */
  teamPath?: string[];
  /** technicians: buildings they cover first in auto-assignment (empty = all) */
  areas?: string[];
  /** residents: the unit they registered for */
  building?: string;
  room?: string;
}

export interface User {
  openid: OpenId;
  name: string;
  phone: string;
  roles: RoleGrant[];
  /** technicians: grabs in flight, so concurrent grabs cannot overrun the grab limit */
  grabClaims?: GrabClaims;
}

export interface GrabClaims {
  /** bumped by every grab: a conditional write on it lets one of two concurrent grabs through */
  seq: number;
  claims: { orderId: string; propertyId: string; at: string }[];
}

export type OrderKind = 'repair' | 'matter';
export type FeeMode = 'free' | 'after_service' | 'deposit' | 'prepaid';

export interface Category {
  id: string;
  propertyId: PropertyId;
  name: string;
  parentId?: string;
  kind: OrderKind;
  teamId: string;
  paid: boolean;
  feeMode: FeeMode;
  /** fen */
  visitFeeFen: number;
  grabbable: boolean;
  publicArea: boolean;
  /** skill a technician needs for auto-assignment */
  skill?: string;
  sla: { acceptMinutes: number; arriveMinutes: number; completeMinutes: number };
  sort: number;
  /** appointment windows; without one the category uses its team's, and without that takes no appointments */
  schedule?: SlotSchedule;
  /** fen paid when ordering (feeMode deposit: a deposit; prepaid: the whole fixed price); dispatch waits for it */
  prepayFen?: number;
}

export interface Material {
  id: string;
  propertyId: PropertyId;
  /** 电料 化料 水料 卫生 五金 … */
  category: string;
  name: string;
  spec: string;
  unit: string;
  /** fen */
  price: number;
  stock: number;
}

/** One opening of a weekly appointment schedule, in the property's local time. */
export interface ScheduleWindow {
  /** ISO weekdays the window opens on: 1 = Monday … 7 = Sunday */
  weekdays: number[];
  /** "HH:mm" local time */
  start: string;
  end: string;
  /** orders the window takes */
  capacity: number;
}

/** A date that differs from the weekly schedule: closed, another capacity, or other windows. */
export interface ScheduleException {
  /** YYYY-MM-DD in the property's time zone */
  date: string;
  closed?: boolean;
  /** replaces every window's capacity that day */
  capacity?: number;
  /** replaces the day's windows */
  windows?: { start: string; end: string; capacity: number }[];
}

/**
 * When appointments can be booked: a weekly pattern plus dated exceptions. Kept on a category, or
 * on its team for every category of the team without one of its own.
 */
export interface SlotSchedule {
  windows: ScheduleWindow[];
  exceptions?: ScheduleException[];
}

/**
 * The places taken in one window of one day (collection `slots`, id = the slot id). Created by the
 * window's first booking; a window nobody booked has no document. Capacity comes from the schedule.
 */
export interface SlotBooking {
  id: string;
  propertyId: PropertyId;
  categoryId: string;
  /** YYYY-MM-DD in the property's time zone */
  date: string;
  /** ISO instants */
  start: string;
  end: string;
  booked: number;
  /** the orders holding a place: booking and release are idempotent per order */
  orderIds: string[];
}

/** Order states; machine names are fixed, the UI shows ORDER_STATUS_LABELS. */
export type OrderStatus =
  | 'pending'
  | 'assigned'
  | 'accepted'
  | 'in_progress'
  | 'on_hold'
  | 'completed'
  | 'closed'
  | 'cancelled';

export type Urgency = 'normal' | 'urgent';

export interface Person {
  openid: OpenId;
  name: string;
  phone: string;
}

export interface Assignee extends Person {
  /** the technician's id is their openid */
  id: string;
  teamId?: string;
}

/** The steps of an order's life, each one a timeline entry. */
export type OrderStep =
  | 'create'
  | 'assign'
  | 'assignTeam'
  | 'grab'
  | 'accept'
  /** WeChat Pay's callback landed: the fee is paid (the payNotify function, as the system) */
  | 'pay'
  | 'reject'
  | 'transfer'
  | 'requestReassign'
  | 'decideReassign'
  | 'checkIn'
  | 'progress'
  | 'hold'
  | 'complete'
  /** the completion record corrected before the reporter confirms it (fee and stock follow) */
  | 'correct'
  | 'rate'
  | 'reopen'
  | 'cancel'
  | 'revoke'
  | 'revisit'
  | 'close'
  | 'handle'
  | 'followUp'
  | 'nudge';

/** Who holds an order: a technician (or the service center person handling it), or a team's pool. */
export interface Holder {
  kind: 'person' | 'team';
  id: string;
  /** a team's name when the step knew it */
  name?: string;
}

/**
 * Who may read an entry: `all` (the reporter too) or `staff`. The reporter sees the public steps
 * and the texts meant for them; dispatch notes and reassignment reasons are for staff.
 */
export type Audience = 'all' | 'staff';

export interface TimelineEntry {
  at: string;
  step: OrderStep;
  by: { openid: OpenId; name: string; role: RoleName | 'system' };
  from?: OrderStatus;
  to: OrderStatus;
  audience: Audience;
  reason?: string;
  note?: string;
  /** staff-only text on a public step (a dispatch note, why a technician refused or was replaced) */
  staffNote?: string;
  photos?: string[];
  /** hand-overs name both sides: the technician or team before and after */
  holder?: { before?: Holder; after?: Holder };
  /** the caller's requestId: a retried request finds its step already taken */
  requestId?: string;
  /** what the request asked (action and payload, hashed): the same requestId for another request is refused */
  requestFingerprint?: string;
}

export interface ReassignRequest {
  by: OpenId;
  reason: string;
  at: string;
}

export interface Rating {
  score: 1 | 2 | 3 | 4 | 5;
  comment?: string;
  at: string;
}

export type RevisitResult = 'satisfied' | 'unsatisfied' | 'unreachable';

export interface Revisit {
  result: RevisitResult;
  note?: string;
  by: OpenId;
  at: string;
}

/**
 * One visit's confirmed record, kept when the reporter reopens the order: nothing confirmed is
 * erased, and reports see every visit.
 */
export interface Visit {
  /** 1 for the first visit */
  no: number;
  assignee?: Assignee;
  completion?: Completion;
  fee?: Fee;
  rating?: Rating;
  completedAt?: string;
  closedAt?: string;
  reopenedAt: string;
  reopenReason: string;
  /** the reporter had not confirmed the record: its materials went back to stock at the reopen */
  stockReturned?: boolean;
}

/** How the service center handles a matter itself (seed 004): at once, or over days with follow-ups. */
export type Handling = 'verbal' | 'coordination';

export interface FollowUp {
  at: string;
  by: OpenId;
  note: string;
  /** a coordination attempt the reporter did not accept (two in a week escalate) */
  failed: boolean;
  /** a report to the owner (shown to them) */
  toReporter?: boolean;
  /** an on-site visit: the first one meets the coordination order's visit within half a working day */
  visited?: boolean;
}

export interface Hold {
  reason: string;
  nextVisitAt: string;
  at: string;
}

export type OrderSource = 'resident' | 'phone' | 'visit' | 'self_inspection';

export interface OrderLocation {
  kind: 'unit' | 'public';
  text: string;
  building?: string;
  room?: string;
}

export interface MaterialLine {
  materialId: string;
  name: string;
  spec: string;
  unit: string;
  qty: number;
  /** fen */
  price: number;
  amount: number;
}

export interface ServiceItem {
  /** the property's service item it was picked from; absent for a line priced on site */
  serviceItemId?: string;
  name: string;
  /** 次, 项 … as the service item setting says */
  unit?: string;
  /** fen per unit */
  price: number;
  qty: number;
  /** fen: price × qty, half-up to a fen */
  amount: number;
}

export interface Completion {
  summary: string;
  workMinutes: number;
  arrivedAt?: string;
  departedAt: string;
  materials: MaterialLine[];
  serviceItems: ServiceItem[];
  measures?: string;
  photos: string[];
  signature?: string;
  invoiceNo?: string;
  partBarcodes?: string[];
  /** reported by a team leader or the service center for the assignee (代报完工); the service center verifies by closing */
  onBehalf: boolean;
  by: OpenId;
  /** who recorded it, by name (on behalf: the leader or dispatcher) */
  byName?: string;
  /** locked once the reporter confirms (rates) it */
  locked: boolean;
  /** the record was corrected (order.correct) before the reporter confirmed it */
  correctedAt?: string;
  /** what it took from stock and the requisition it raised: given back if it is replaced unconfirmed */
  stock?: { taken: import('./fees').StockMoveLine[]; requisitionId?: string };
}

export interface Fee {
  /** all amounts in fen */
  labor: number;
  materials: number;
  visit: number;
  items: number;
  total: number;
  payer: 'resident' | 'company';
  paid: boolean;
  /** fen paid through WeChat Pay (payNotify), once paid */
  paidAmount?: number;
  /** fen of the advance the bill did not use (cloudfunctions/core/fees) */
  refund?: number;
  /** the advance's unused part went back through WeChat Pay (cloudPay.refund) */
  refunded?: { amount: number; refundId: string; at: string };
  /** the category's fee mode when the fee was computed */
  mode?: FeeMode;
  /** fen the resident still owes: 0 when the company pays (cloudfunctions/core/fees) */
  due?: number;
  /** every charged line: labor, visit, service items, materials */
  lines?: import('./fees').FeeLine[];
}

/**
 * A notification waiting to be delivered; it commits with the change that caused it. The invocation
 * that wrote it delivers it at once; after `leaseUntil` the scheduler takes over what is left.
 */
export interface OutboxEntry {
  id: string;
  event: NotifyEvent;
  /** an openid, or `desk:<propertyId>` for the service center */
  touser: string;
  orderId: string;
  createdAt: string;
  leaseUntil?: string;
}

/** A deadline of the order the scheduler watches. */
export type Deadline = 'acceptBy' | 'arriveBy' | 'completeBy';

export interface SlaBreach {
  deadline: Deadline;
  /** the deadline that was missed */
  due: string;
  /** when the scheduler found it missed */
  at: string;
}

/** An order as the API returns it (dates are ISO strings). */
export interface Order {
  id: string;
  orderNo: string;
  propertyId: PropertyId;
  kind: OrderKind;
  categoryId: string;
  categoryName: string;
  status: OrderStatus;
  description: string;
  location: OrderLocation;
  photos: string[];
  urgency: Urgency;
  source: OrderSource;
  reporter: Person;
  createdBy: OpenId;
  assignee?: Assignee;
  assistants: Assignee[];
  teamId: string;
  teamPath: string[];
  grabbable: boolean;
  paid: boolean;
  slot?: { id: string; start: string; end: string };
  /** the category's SLA when the order was made: due dates are recomputed from it as the order moves */
  sla: Category['sla'];
  due: { acceptBy: string; arriveBy: string; completeBy: string };
  reassignRequest?: ReassignRequest;
  hold?: Hold;
  acceptedAt?: string;
  arrivedAt?: string;
  checkInLocation?: { lat: number; lng: number };
  completedAt?: string;
  closedAt?: string;
  cancelledAt?: string;
  completion?: Completion;
  fee?: Fee;
  rating?: Rating;
  /** pay on order (deposit or prepaid categories): the amount asked before dispatch, and whether it is paid */
  prepay?: { amount: number; paid: boolean; paidAt?: string };
  /** the latest revisit call; every one of them is in `revisits` */
  revisit?: Revisit;
  revisits: Revisit[];
  /** earlier visits, closed by a reopen: their completion, fee and rating as confirmed */
  visits: Visit[];
  /** a matter the service center handles itself */
  handling?: Handling;
  followUps: FollowUp[];
  /** deadlines missed, for the dashboards */
  breaches?: SlaBreach[];
  /** the reporter's 催单 */
  nudges?: { count: number; lastAt: string };
  reopenCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OrderWithTimeline extends Order {
  timeline: TimelineEntry[];
}
