/**
 * The app's idea of "now". Relative times (10分钟前), overdue tags, the days of the slot picker
 * and the reopen window all read it, so a test or a screenshot run can pin it to the instant
 * local-cloud's clock is set to (POST /_local/time) instead of today's date.
 */
let offsetMs = 0;

export function nowMs(): number {
  return Date.now() + offsetMs;
}

/** From now on the app's clock reads `iso` (and runs on from there). */
export function setNow(iso: string): void {
  const target = Date.parse(iso);
  if (!Number.isNaN(target)) offsetMs = target - Date.now();
}

/** Back to the device clock. */
export function resetNow(): void {
  offsetMs = 0;
}
