/**
 * What the technician page tests share, on top of resident-helpers (demo local-cloud on a fixed
 * clock, API calls as any demo user, recorded wx APIs): orders set up in each state through the
 * real API, the clock moved for due dates, and a recorder for wx.showModal.
 */
import { postJson } from '../support/simulate';
import { api } from './resident-helpers';

export type OrderState = 'pending' | 'assigned' | 'accepted' | 'in_progress' | 'on_hold';

interface Created {
  id: string;
}

/** A 水管漏水 report by demo-resident (grab-enabled, free, 工程部's pool). */
export async function report(url: string, description: string, extra: Record<string, unknown> = {}): Promise<string> {
  const order = await api<Created>(url, 'demo-resident', 'order.create', {
    propertyId: 'demo',
    categoryId: 'demo-water-leak',
    description,
    location: { kind: 'unit', text: '厨房' },
    ...extra,
  });
  return order.id;
}

/** Moves an order to `state` with `technician` holding it, as the desk and that technician would. */
export async function bringTo(url: string, orderId: string, state: OrderState, technician = 'demo-tech-2'): Promise<void> {
  if (state === 'pending') return;
  await api(url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: technician });
  if (state === 'assigned') return;
  await api(url, technician, 'order.accept', { orderId });
  if (state === 'accepted') return;
  await api(url, technician, 'order.checkIn', { orderId });
  if (state === 'in_progress') return;
  await api(url, technician, 'order.hold', { orderId, reason: '等配件', nextVisitAt: '2026-12-08T09:00:00+08:00' });
}

/** local-cloud's clock only (the app's stays): a step taken "earlier" makes its due dates lie in the past. */
export async function serverClock(url: string, now: string): Promise<void> {
  await postJson(`${url}/_local/time`, { now });
}

export interface ModalRecorder {
  modals: { title: string; content: string }[];
}

/** wx.showModal recorded (simulate's does nothing). */
export function recordModals(): ModalRecorder {
  const wx = (globalThis as unknown as { wx: { showModal(o: { title?: string; content?: string }): void } }).wx;
  const rec: ModalRecorder = { modals: [] };
  wx.showModal = ({ title = '', content = '' }) => void rec.modals.push({ title, content });
  return rec;
}
