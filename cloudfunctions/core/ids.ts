import { createHash, randomUUID } from 'node:crypto';

/**
 * A document id for a write. With a requestId it is derived from (caller, requestId), so a retried
 * write hits the same `_id` and finds its first result instead of making a second document.
 */
/** JSON with object keys sorted, so the same payload always reads the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What a request asked, as a short hash: a requestId sent again with another action or payload is a reuse. */
export function requestFingerprint(action: string, payload: unknown): string {
  return createHash('sha256').update(`${action}\n${canonical(payload)}`).digest('hex').slice(0, 24);
}

export function writeId(prefix: string, openid: string, requestId: string | undefined): string {
  if (!requestId) return `${prefix}${randomUUID().replace(/-/g, '')}`;
  return `${prefix}${createHash('sha256').update(`${openid}\n${requestId}`).digest('hex').slice(0, 32)}`;
}
