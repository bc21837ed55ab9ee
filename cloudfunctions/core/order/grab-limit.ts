/**
 * The grab limit (抢单上限) under concurrency. Counting open orders and then writing the order
 * leaves a gap: two grabs by one technician both count 2 of 3 and both win. So each grab first
 * claims a place on the technician's own document (a conditional write on `seq`); a claim counts
 * until the grabbed order is written as theirs (from then on the order itself counts, while open)
 * or the claim expires.
 */
import type { GrabClaims } from '../../../typings/domain';

/** How long a claim holds a place: longer than a grab takes, short enough that a lost grab frees it soon. */
export const CLAIM_TTL_MS = 60_000;

export type GrabClaimDecision = { ok: true; next: GrabClaims } | { ok: false; held: number };

/** Claims still holding a place, as of `now`; the caller looks up which of their orders exist. */
export function liveClaims(claims: GrabClaims | undefined, now: Date): GrabClaims['claims'] {
  return (claims?.claims ?? []).filter((c) => now.getTime() - new Date(c.at).getTime() < CLAIM_TTL_MS);
}

export function claimGrab(input: {
  /** the technician's orders in this property that are open, or that a live claim names */
  mine: readonly { id: string; open: boolean }[];
  claims: GrabClaims | undefined;
  orderId: string;
  propertyId: string;
  limit: number;
  now: Date;
}): GrabClaimDecision {
  const { now, orderId, propertyId } = input;
  const live = liveClaims(input.claims, now).filter((c) => c.orderId !== orderId);
  const written = new Set(input.mine.map((o) => o.id));
  const inFlight = live.filter((c) => c.propertyId === propertyId && !written.has(c.orderId)).map((c) => c.orderId);
  const held = new Set([...input.mine.filter((o) => o.open).map((o) => o.id), ...inFlight]);
  if (held.size >= input.limit) return { ok: false, held: held.size };
  return {
    ok: true,
    next: { seq: (input.claims?.seq ?? 0) + 1, claims: [...live, { orderId, propertyId, at: now.toISOString() }] },
  };
}
