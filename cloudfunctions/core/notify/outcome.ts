/**
 * What a failed subscription send means for the notification: WeChat's errcodes decide whether
 * to try again later, give up, or take the grant as used up.
 */
export type SendOutcome =
  | { kind: 'sent' }
  /** 43101: the person has no grant left (or refused): the grant ledger goes to zero, inbox only */
  | { kind: 'used_up' }
  /** rate limits and system errors: try again after `retryInMinutes` */
  | { kind: 'retry'; retryInMinutes: number }
  /** anything else (bad template, bad data): recorded, not retried */
  | { kind: 'failed' };

/** Tries before a retryable failure is given up. */
export const MAX_ATTEMPTS = 6;

const RETRYABLE = new Set([45009, 45011, -1, -501001, -504002, -504003]);

export function outcomeOf(errcode: number | undefined, attempts: number): SendOutcome {
  if (errcode === undefined || errcode === 0) return { kind: 'sent' };
  if (errcode === 43101) return { kind: 'used_up' };
  if (RETRYABLE.has(errcode) || errcode >= 50000 || errcode <= -500000) {
    // 1, 2, 4, 8, 16 minutes: a daily quota or an outage is not over in seconds
    return attempts >= MAX_ATTEMPTS ? { kind: 'failed' } : { kind: 'retry', retryInMinutes: 2 ** Math.max(0, attempts - 1) };
  }
  return { kind: 'failed' };
}
