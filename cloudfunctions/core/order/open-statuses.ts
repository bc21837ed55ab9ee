import type { OrderStatus } from '../../../typings/domain';

/** Statuses in which an order occupies its technician. */
export const OPEN_STATUSES: readonly OrderStatus[] = ['assigned', 'accepted', 'in_progress', 'on_hold'];
