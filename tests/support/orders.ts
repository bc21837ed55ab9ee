/**
 * Helpers for the order API tests: call an action as someone, create an order, drive a fresh
 * order to a given status through the real API, and take a snapshot to prove nothing was written.
 */
import type { ActionData, ActionName, ApiError, ApiResponse } from '../../typings/api';
import type { OrderStatus, OrderWithTimeline } from '../../typings/domain';
import type { CreateOrderPayload } from '../../typings/order-actions';
import { callFunction, localGet, localPost, startLocalCloudProcess, type LocalCloudProcess } from './local-cloud';
import { uploadDirOf } from '../../cloudfunctions/core/files/ownership';

/** Inside demo's business hours (09:00–17:30 Asia/Shanghai): new orders wait in the team pool. */
export const BUSINESS_HOURS = '2026-11-24T10:00:00+08:00';

export const REPORTER = 'demo-resident';
export const OTHER_RESIDENT = 'demo-resident-2';
export const LEADER = 'demo-tech-1';
export const ASSIGNEE = 'demo-tech-2';
export const NIGHT_TECH = 'demo-night';
export const DISPATCHER = 'demo-dispatcher';
export const MANAGER = 'demo-manager';

/** Calls the api function as `openid`; the payload may be anything (bad-input tests send junk). */
export async function call<A extends ActionName>(
  url: string,
  openid: string | undefined,
  action: A,
  payload: unknown,
  requestId?: string,
): Promise<ApiResponse<ActionData<A>>> {
  const res = await callFunction<ApiResponse<ActionData<A>>>(url, 'api', openid, { action, payload, ...(requestId ? { requestId } : {}) });
  if (res.status !== 200) throw new Error(`${action} as ${openid}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The data of an answer that must be ok (with a readable failure otherwise). */
export function dataOf<T>(res: ApiResponse<T>): T {
  if (!res.ok) throw new Error(`expected ok, got ${res.error.code}: ${res.error.message}`);
  return res.data;
}

/** Calls an action that must succeed and returns its data (with a readable failure otherwise). */
export async function ok<A extends ActionName>(url: string, openid: string, action: A, payload: unknown): Promise<ActionData<A>> {
  const res = await call(url, openid, action, payload);
  if (!res.ok) throw new Error(`${action} as ${openid} failed: ${JSON.stringify(res.error)}`);
  return res.data;
}

/** Calls an action that must fail and returns the error. */
export async function err<A extends ActionName>(url: string, openid: string | undefined, action: A, payload: unknown): Promise<ApiError> {
  const res = await call(url, openid, action, payload);
  if (res.ok) throw new Error(`${action} as ${openid} unexpectedly succeeded: ${JSON.stringify(res.data).slice(0, 300)}`);
  return res.error;
}

/**
 * One local-cloud with the demo seed for the whole test file, the clock in business hours, stopped
 * after the file; `onStart` receives its address.
 */
export function useDemoCloud(onStart: (url: string) => void): void {
  let cloud: LocalCloudProcess | undefined;
  beforeAll(async () => {
    cloud = await startLocalCloudProcess({ seed: 'demo' });
    await resetDemo(cloud.url);
    onStart(cloud.url);
  });
  afterAll(async () => {
    await cloud?.stop();
  });
}

/** A clean demo seed with the clock at `now` (business hours by default). */
export async function resetDemo(url: string, now: string = BUSINESS_HOURS): Promise<void> {
  await localPost(url, 'reset', { seed: 'demo', now });
}

export async function setTime(url: string, now: string): Promise<void> {
  await localPost(url, 'time', { now });
}

export async function advanceMinutes(url: string, minutes: number): Promise<void> {
  await localPost(url, 'time', { advanceMinutes: minutes });
}

export async function clockNow(url: string): Promise<Date> {
  const { now } = await localGet<{ now: string }>(url, 'time');
  return new Date(now);
}

export interface CreateOptions extends Partial<CreateOrderPayload> {
  /** who reports; demo-resident by default */
  as?: string;
}

/** Reports a water leak in demo (free, grab-enabled) as demo-resident unless told otherwise. */
export async function createOrder(url: string, options: CreateOptions = {}): Promise<OrderWithTimeline> {
  const { as = REPORTER, ...overrides } = options;
  const payload: CreateOrderPayload = {
    propertyId: 'demo',
    categoryId: 'demo-water-leak',
    description: '厨房水管接头漏水',
    location: { kind: 'unit', text: '1栋101 厨房' },
    urgency: 'normal',
    ...overrides,
  };
  return ok(url, as, 'order.create', payload);
}

export async function getOrder(url: string, orderId: string, as: string = DISPATCHER): Promise<OrderWithTimeline> {
  return ok(url, as, 'order.get', { orderId });
}

/** A file as `openid` uploads it: into their own folder (only such files may be attached). */
export const fileOf = (openid: string, name: string): string => `cloud://test-env.test-bucket/${uploadDirOf(openid)}/${name}`;

/** A demo material's stock, as a manager reads it in the catalog. */
export async function stockOf(url: string, materialId: string): Promise<number> {
  const all = await ok(url, 'demo-manager', 'catalog.materials', { propertyId: 'demo' });
  const m = all.find((x) => x.id === materialId);
  if (!m) throw new Error(`no material ${materialId}`);
  return m.stock;
}

/** What a refused step must leave untouched. */
export interface Snapshot {
  status: OrderStatus;
  version: number;
  timeline: number;
  updatedAt: string;
}

export async function snapshot(url: string, orderId: string): Promise<Snapshot> {
  const o = await getOrder(url, orderId);
  return { status: o.status, version: o.version, timeline: o.timeline.length, updatedAt: o.updatedAt };
}

export interface DriveOptions extends CreateOptions {
  /** the technician the order is assigned to; demo-tech-2 by default */
  technician?: string;
}

/**
 * A fresh order in `status`, reached the ordinary way: create (pending) → assign by the
 * dispatcher (assigned) → accept (accepted) → check in (in_progress) → hold (on_hold), or
 * → complete (completed) → rate (closed); cancelled is the reporter's cancel of a pending order.
 */
export async function driveTo(url: string, status: OrderStatus, options: DriveOptions = {}): Promise<OrderWithTimeline> {
  const { technician = ASSIGNEE, ...create } = options;
  const reporter = create.as ?? REPORTER;
  let order = await createOrder(url, create);
  const orderId = order.id;
  if (status === 'pending') return order;
  if (status === 'cancelled') return ok(url, reporter, 'order.cancel', { orderId, reason: '已自行修好' });
  order = await ok(url, DISPATCHER, 'order.assign', { orderId, technicianId: technician });
  if (status === 'assigned') return order;
  order = await ok(url, technician, 'order.accept', { orderId });
  if (status === 'accepted') return order;
  order = await ok(url, technician, 'order.checkIn', { orderId });
  if (status === 'in_progress') return order;
  if (status === 'on_hold') {
    const next = new Date((await clockNow(url)).getTime() + 24 * 60 * 60 * 1000).toISOString();
    return ok(url, technician, 'order.hold', { orderId, reason: '等配件到货', nextVisitAt: next });
  }
  order = await ok(url, technician, 'order.complete', { orderId, summary: '更换水管接头并试压', workMinutes: 40 });
  if (status === 'completed') return order;
  return ok(url, reporter, 'order.rate', { orderId, score: 5, comment: '师傅很专业' });
}

/** The last timeline entry of an order. */
export function lastEntry(order: OrderWithTimeline): OrderWithTimeline['timeline'][number] {
  const entry = order.timeline[order.timeline.length - 1];
  if (!entry) throw new Error(`order ${order.id} has an empty timeline`);
  return entry;
}
