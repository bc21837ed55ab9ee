import { createHash, randomUUID } from 'node:crypto';

/**
 * A document id for a write. With a requestId it is derived from (caller, requestId), so a retried
 * write hits the same `_id` and finds its first result instead of making a second document.
 */
export function writeId(prefix: string, openid: string, requestId: string | undefined): string {
  if (!requestId) return `${prefix}${randomUUID().replace(/-/g, '')}`;
  return `${prefix}${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 32)}`;
}
