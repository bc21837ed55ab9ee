/**
 * Integer-fen arithmetic. Money never passes through a floating-point fraction: prices are integer
 * fen, quantities are counted in hundredths (2.5 米 = 250), and each division rounds half-up to a
 * whole fen once, at the end of a line. Rounding per line (not per bill) is what a printed bill shows:
 * every line's amount is a whole fen and the total is their sum.
 */

/** Quantities resolve to a hundredth of a unit (1 cm of wire, 0.01 kg): finer input is rounded first. */
export const QTY_SCALE = 100;

/** A fen amount (price, rate, fee) must be a non-negative whole number: the catalog and settings are data, not floats. */
export function assertFen(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer of fen, got ${value}`);
  return value;
}

/** A quantity in hundredths of a unit (2.5 → 250), half-up; never negative. */
export function toHundredths(qty: number, what: string): number {
  if (!Number.isFinite(qty) || qty < 0) throw new RangeError(`${what} must be a non-negative number, got ${qty}`);
  // qty × 100 of a 2-decimal number lands within 1e-9 of an integer (0.07 × 100 = 7.000000000000001)
  return Math.round(qty * QTY_SCALE);
}

/** n ÷ d rounded half-up (0.5 fen → 1 fen), for non-negative integers n and positive d. */
export function halfUpDiv(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}

/** price × qty in fen, half-up to a fen: 333 fen × 1.5 = 499.5 → 500. */
export function lineAmount(priceFen: number, qty: number, what: string): number {
  return halfUpDiv(assertFen(priceFen, `${what} price`) * toHundredths(qty, `${what} qty`), QTY_SCALE);
}

/** A quantity as shown on the bill: the hundredths it was charged for (2.499 → 2.5). */
export function shownQty(qty: number, what: string): number {
  return toHundredths(qty, what) / QTY_SCALE;
}
