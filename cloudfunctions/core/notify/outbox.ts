/**
 * Outbox entries: the notifications a step owes, written with the step. The invocation that writes
 * them holds them for a lease and delivers them at once; `outboxDueAt` tells the scheduler when an
 * order has entries it may take over (delivered ones are pruned then).
 */
import type { OutboxEntry } from '../../../typings/domain';
import type { NotifyEvent } from '../../../typings/notify';

/** Long enough for the writing invocation to finish (functions time out in seconds). */
export const LEASE_MS = 60_000;

export function outboxEntries(
  orderId: string,
  version: number,
  notify: readonly { event: NotifyEvent; touser: string | undefined }[],
  now: Date,
): OutboxEntry[] {
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const seen = new Set<string>();
  return notify.flatMap((n, i) => {
    // one notice per person per step, and none to nobody
    if (!n.touser || seen.has(`${n.event}|${n.touser}`)) return [];
    seen.add(`${n.event}|${n.touser}`);
    return [{ id: `${orderId}-${version}-${i}`, event: n.event, touser: n.touser, orderId, createdAt: now.toISOString(), leaseUntil }];
  });
}

/** The order's next outbox check once `entries` are added. */
export function withOutbox(order: { outboxDueAt?: string }, entries: readonly OutboxEntry[]): { outboxDueAt?: string } {
  const leases = entries.map((e) => e.leaseUntil ?? e.createdAt);
  if (order.outboxDueAt) leases.push(order.outboxDueAt);
  if (leases.length === 0) return {};
  return { outboxDueAt: leases.sort()[0] };
}
