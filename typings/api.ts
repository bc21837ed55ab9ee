/**
 * The API contract of the `api` cloud function: request, response, error codes and
 * the payload/result of each action. The mini-program and the handlers both use these.
 */
import type { OpenId, PropertyId, RoleName } from './domain';
import type { OrderActions } from './order-actions';
import type { CatalogActions, PeopleActions } from './people-actions';
import type { StockActions } from './fees';
import type { NotifyActions } from './notify';
import type { PaymentActions } from './payments';
import type { SettingsActions } from './settings';
import type { DashboardActions } from './dashboard';

export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INVALID_ARGUMENT',
  'CONFLICT',
  'SLOT_FULL',
  'GRAB_LIMIT',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** field path → message, with INVALID_ARGUMENT */
  fields?: Record<string, string>;
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export interface ApiRequest<A extends ActionName = ActionName> {
  action: A;
  payload: ActionPayload<A>;
  requestId?: string;
}

export interface MeRole {
  propertyId: PropertyId;
  propertyName: string;
  role: RoleName;
  teamId?: string;
  teamName?: string;
}

export interface Me {
  openid: OpenId;
  name: string;
  phone: string;
  roles: MeRole[];
  /** the storage folder this person's uploads go to: only files from it may be attached to a payload */
  uploadDir: string;
}

/** action name → [payload, data] */
export interface Actions extends OrderActions, PeopleActions, CatalogActions, StockActions, NotifyActions, SettingsActions, PaymentActions, DashboardActions {
  'user.me': [Record<string, never>, Me];
}

export type ActionName = keyof Actions;
export type ActionPayload<A extends ActionName> = Actions[A][0];
export type ActionData<A extends ActionName> = Actions[A][1];
