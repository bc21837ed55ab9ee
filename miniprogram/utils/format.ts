/** Small display formatters (pure functions, no wx APIs, unit-testable anywhere). */

/** 13800000001 → 138****0001; anything that is not an 11-digit mobile number keeps only its ends. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits === '') return '';
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '****';
  return `${digits.slice(0, 2)}****${digits.slice(-2)}`;
}

/** Fen to yuan with its unit: 3000 → "30 元", 1250 → "12.50 元". */
export function formatYuan(fen: number): string {
  const yuan = fen / 100;
  return `${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)} 元`;
}
