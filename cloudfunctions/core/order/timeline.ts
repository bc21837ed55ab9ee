import type { TimelineEntry } from '../../../typings/domain';

export type EntryInput = Omit<TimelineEntry, 'at'> & { at: Date };

/** One line of the order's timeline: the audit trail and the progress view are the same data. */
export function timelineEntry(input: EntryInput): TimelineEntry {
  const entry: TimelineEntry = { at: input.at.toISOString(), step: input.step, by: input.by, to: input.to };
  if (input.from !== undefined) entry.from = input.from;
  if (input.reason) entry.reason = input.reason;
  if (input.note) entry.note = input.note;
  if (input.photos?.length) entry.photos = input.photos;
  if (input.requestId) entry.requestId = input.requestId;
  return entry;
}

/** Whether this caller's request already took a step on the order (a retry of it). */
export function alreadyApplied(timeline: readonly TimelineEntry[], openid: string, requestId: string | undefined): boolean {
  return !!requestId && timeline.some((e) => e.requestId === requestId && e.by.openid === openid);
}
