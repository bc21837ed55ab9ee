import type { TimelineEntry } from '../../../typings/domain';

export type EntryInput = Omit<TimelineEntry, 'at' | 'audience'> & { at: Date; audience?: TimelineEntry['audience'] };

/** One line of the order's timeline: the audit trail and the progress view are the same data. */
export function timelineEntry(input: EntryInput): TimelineEntry {
  const entry: TimelineEntry = { at: input.at.toISOString(), step: input.step, by: input.by, to: input.to, audience: input.audience ?? 'all' };
  if (input.from !== undefined) entry.from = input.from;
  if (input.reason) entry.reason = input.reason;
  if (input.note) entry.note = input.note;
  if (input.staffNote) entry.staffNote = input.staffNote;
  if (input.photos?.length) entry.photos = input.photos;
  if (input.holder && (input.holder.before || input.holder.after)) entry.holder = input.holder;
  if (input.requestId) entry.requestId = input.requestId;
  if (input.requestFingerprint) entry.requestFingerprint = input.requestFingerprint;
  return entry;
}

/** The step this caller's request already took on the order, if it is a retry. */
export function appliedEntry(timeline: readonly TimelineEntry[], openid: string, requestId: string | undefined): TimelineEntry | undefined {
  return requestId ? timeline.find((e) => e.requestId === requestId && e.by.openid === openid) : undefined;
}

/**
 * Whether a retry's entry was made by the same request. An entry written before fingerprints were
 * kept cannot tell, and counts as the same.
 */
export function sameRequest(entry: Pick<TimelineEntry, 'requestFingerprint'>, fingerprint: string | undefined): boolean {
  return !entry.requestFingerprint || !fingerprint || entry.requestFingerprint === fingerprint;
}
