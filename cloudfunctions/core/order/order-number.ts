/** Order numbers: the property's local date YYYYMMDD and a 5-digit daily sequence, e.g. 2026112300042. */
export function formatOrderNo(localDate: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999) throw new RangeError(`daily sequence out of range: ${sequence}`);
  return `${localDate.replace(/-/g, '')}${String(sequence).padStart(5, '0')}`;
}
