/** Payloads and results of the people and catalog actions (see architecture.md's API contract). */
import type { Me } from './api';
import type { FeeMode, OrderKind, PropertyId } from './domain';

export type StaffRole = 'technician' | 'dispatcher' | 'manager';

export interface RegisterResidentPayload {
  propertyId: PropertyId;
  name: string;
  phone: string;
  building: string;
  room: string;
}

export interface CreateInvitePayload {
  propertyId: PropertyId;
  role: StaffRole;
  /** required for technicians: the team they join */
  teamId?: string;
  skills?: string[];
  /** 1..30, default 7 */
  expiresInDays?: number;
}

export interface InviteView {
  /** 8 characters; the person joining types or scans it */
  code: string;
  propertyId: PropertyId;
  role: StaffRole;
  teamId?: string;
  /** ISO instant */
  expiresAt: string;
}

export interface JoinPayload {
  inviteCode: string;
  name: string;
  phone: string;
}

export interface StaffListPayload {
  propertyId: PropertyId;
  role?: StaffRole;
  /** includes the team's sub-teams */
  teamId?: string;
}

export interface StaffMember {
  /** the staff member's openid (an assignee's id) */
  id: string;
  openid: string;
  name: string;
  role: StaffRole;
  /** absent for managers without a team */
  teamId?: string;
  /** the team's name (with teamId) */
  teamName?: string;
  skills: string[];
  /** orders assigned to them and not yet completed (assigned, accepted, in_progress, on_hold) */
  openOrders: number;
}

export interface CatalogCategory {
  id: string;
  name: string;
  parentId?: string;
  kind: OrderKind;
  teamId: string;
  paid: boolean;
  grabbable: boolean;
  publicArea: boolean;
  feeMode: FeeMode;
  /** fen */
  visitFeeFen: number;
  sla: { acceptMinutes: number; arriveMinutes: number; completeMinutes: number };
}

export interface CatalogMaterial {
  id: string;
  category: string;
  name: string;
  spec: string;
  unit: string;
  /** fen */
  price: number;
  stock: number;
}

export type SlotStatus = 'open' | 'full' | 'past';

export interface SlotView {
  /** stable and readable: `<categoryId>-<YYYY-MM-DD>-<HHmm>` */
  id: string;
  /** ISO instants */
  start: string;
  end: string;
  capacity: number;
  booked: number;
  /** capacity − booked; 0 once the slot has started */
  available: number;
  /** open to book, full, or already started (the picker greys the last two) */
  status: SlotStatus;
}

/** The code from `<button open-type="getPhoneNumber">`'s event (`detail.code`), valid once for 5 minutes. */
export interface PhoneNumberPayload {
  code: string;
}

export interface PhoneNumberView {
  /** the number without country code (WeChat's purePhoneNumber) */
  phone: string;
}

export interface PeopleActions {
  'user.phoneNumber': [PhoneNumberPayload, PhoneNumberView];
  'resident.register': [RegisterResidentPayload, Me];
  'admin.createInvite': [CreateInvitePayload, InviteView];
  'staff.join': [JoinPayload, Me];
  'staff.list': [StaffListPayload, StaffMember[]];
}

export interface CatalogActions {
  'catalog.categories': [{ propertyId: PropertyId }, CatalogCategory[]];
  'catalog.materials': [{ propertyId: PropertyId; category?: string; q?: string }, CatalogMaterial[]];
  'slots.list': [{ propertyId: PropertyId; categoryId: string; date: string }, SlotView[]];
}
