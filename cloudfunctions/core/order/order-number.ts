/**
 * Order numbers: the property's local date YYYYMMDD and a 5-digit daily sequence, e.g. 2026112300042.
 * The sequence is one per deployment, not per property: the call center numbers every property's
 * orders in one series, so a number names one order across the whole deployment.
 */

/** 13 digits: YYYYMMDD + the 5-digit daily sequence (what order.list's orderNo filter accepts). */
export const ORDER_NO_PATTERN = /^\d{13}$/;

/** The deployment's counter document for one local date (YYYY-MM-DD), shared by every property. */
export const dailyCounterId = (localDate: string): string => `orders:${localDate}`;

export function formatOrderNo(localDate: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999) throw new RangeError(`daily sequence out of range: ${sequence}`);
  return `${localDate.replace(/-/g, '')}${String(sequence).padStart(5, '0')}`;
}
