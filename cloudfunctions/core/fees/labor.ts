/**
 * Labor (人工费): work time × the team's hourly rate. Time is billed in started quarter-hours —
 * 40 minutes bill as 45, 75 as 75, 76 as 90 — the usual rule of property repair price lists: the
 * technician's first minutes on a quarter count as the quarter, and the bill stays in 0.25 h steps.
 */
import type { FeeLine } from '../../../typings/fees';
import { assertFen, halfUpDiv } from './money';

export const BILLING_STEP_MINUTES = 15;

/** Minutes charged for `workMinutes` of work: rounded up to the started quarter-hour. */
export function billedMinutes(workMinutes: number): number {
  if (!Number.isFinite(workMinutes) || workMinutes < 0) throw new RangeError(`workMinutes must be a non-negative number, got ${workMinutes}`);
  return Math.ceil(workMinutes / BILLING_STEP_MINUTES) * BILLING_STEP_MINUTES;
}

/** The labor line: billed hours (1.25) × the hourly rate, half-up to a fen. */
export function laborLine(hourlyRateFen: number, workMinutes: number): FeeLine {
  const rate = assertFen(hourlyRateFen, 'hourlyRateFen');
  const quarters = billedMinutes(workMinutes) / BILLING_STEP_MINUTES;
  // rate × quarters ÷ 4: one integer division, so 75 min at 8000 fen/h is exactly 10000 fen
  return { kind: 'labor', name: '人工费', unit: '小时', price: rate, qty: quarters / 4, amount: halfUpDiv(rate * quarters, 4) };
}
