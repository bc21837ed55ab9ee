import { createHash, randomUUID } from 'node:crypto';

/**
 * An order's id. With a requestId it is derived from (caller, requestId), so a retried create
 * finds its own order (the insert hits the same _id) instead of making a second one.
 */
export function orderIdFor(openid: string, requestId: string | undefined): string {
  if (!requestId) return `o${randomUUID().replace(/-/g, '')}`;
  return `o${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 32)}`;
}
