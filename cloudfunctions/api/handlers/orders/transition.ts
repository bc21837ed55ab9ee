/**
 * The one way an order changes: load (1 request), decide with the state machine, and write with
 * a conditional update on (id, version) that carries the new state, the timeline entry and the
 * outbox entries together (1 request). A lost race writes nothing and answers CONFLICT.
 */
import type { Audience, Holder, OrderStatus, OrderStep, OrderWithTimeline, OutboxEntry, Property, User } from '../../../../typings/domain';
import type { NotifyEvent } from '../../../../typings/notify';
import { outboxEntries, withOutbox } from '../../../core/notify/outbox';
import { scheduleFields } from '../../../core/order/schedule-fields';
import { deliver, type KnownGrants } from '../../../services/notify/deliver';
import { fail } from '../../../core/errors';
import { TIMELINE_LIMIT, factsOf, toOrder, toOrderWithTimeline, type OrderDoc } from '../../../core/order/order-doc';
import { decide, type Actor, type StepOptions } from '../../../core/order/state-machine';
import { orderWithTimelineFor, viewerOf } from '../../../core/order/order-view';
import { appliedEntry, sameRequest, timelineEntry } from '../../../core/order/timeline';
import { actorIn } from '../../../core/people/actor';
import type { Store } from '../../../runtime/db';
import type { HandlerContext } from '../../context';
import { loadOrder, type LoadedOrder } from './load';

type Step = Exclude<OrderStep, 'create'>;

/** Fields a step changes; `undefined` removes the field. */
export type OrderChanges = { [K in keyof OrderDoc]?: OrderDoc[K] | undefined };

export interface StepPlan {
  changes?: OrderChanges;
  reason?: string;
  note?: string;
  /** staff-only text on the entry (the reporter never sees it) */
  staffNote?: string;
  /** who may read the entry; 'all' unless the whole step is internal */
  audience?: Audience;
  /** for a hand-over: who had the order before and after */
  holder?: { before?: Holder; after?: Holder };
  photos?: string[];
  /** who to tell: an event for an openid (or `desk:<propertyId>`); undefined = nobody */
  notify?: { event: NotifyEvent; touser: string | undefined }[];
  /** grants of people the step tells that its reads brought (a new technician's) */
  knownGrants?: KnownGrants;
  /** undoes what planning wrote elsewhere, when the order write then loses its race */
  onLostRace?: () => Promise<void>;
  /** follow-up writes elsewhere, once the order's change has landed */
  afterWrite?: () => Promise<void>;
}

export interface StepInput {
  ctx: HandlerContext;
  now: Date;
  order: OrderDoc;
  caller: User;
  property: Property | undefined;
  actor: Actor;
  to: OrderStatus;
}

export interface StepDefinition<P extends { orderId: string }> {
  step: Step;
  options?: (payload: P) => StepOptions;
  plan: (input: StepInput, payload: P) => StepPlan | Promise<StepPlan>;
}

const FIXED: ReadonlySet<string> = new Set(['_id', 'id', 'status', 'version', 'updatedAt', 'timeline', 'outbox']);

/** The scheduler's own steps (auto-close): taken by the system, not by a person. */
export const SYSTEM_ACTOR: Actor = { openid: 'system', role: 'system', teamIds: [], ledTeamIds: [] };
const SYSTEM_USER: User = { openid: 'system', name: '系统', phone: '', roles: [] };

/**
 * `preloaded`: the order as a batch (or the scheduler) already read it (undefined there = it does
 * not exist); `system`: the step is the scheduler's.
 */
export async function runStep<P extends { orderId: string }>(
  ctx: HandlerContext,
  def: StepDefinition<P>,
  payload: P,
  preloaded?: { loaded: LoadedOrder | undefined; system?: boolean },
): Promise<OrderWithTimeline> {
  const { db, openid } = ctx;
  const now = ctx.clock.now();
  const loaded = preloaded ? preloaded.loaded : await loadOrder(db, payload.orderId, openid);
  if (!loaded) return fail('NOT_FOUND', '订单不存在', { 'payload.orderId': 'not found' });
  const { order, property } = loaded;
  const system = preloaded?.system === true;
  const caller = system ? SYSTEM_USER : loaded.caller;
  const actor = system ? SYSTEM_ACTOR : (actorIn(caller ? { ...caller, openid } : undefined, order.propertyId) ?? strangerOrReporter(openid, order));
  const answer = (doc: OrderDoc): OrderWithTimeline => orderWithTimelineFor(viewerOf(actor, openid, doc), toOrderWithTimeline(doc));
  const retried = retryOf(order, ctx);
  if (retried) return answer(order);
  if (!actor || !caller) return fail('FORBIDDEN', '无权操作此订单');

  const decision = decide(def.step, factsOf(order, property), actor, now, def.options?.(payload) ?? {});
  if (!decision.ok) return fail(decision.code, decision.message);
  const plan = await def.plan({ ctx, now, order, caller, property, actor, to: decision.to }, payload);

  const entry = timelineEntry({
    step: def.step,
    at: now,
    by: { openid, name: caller.name, role: actor.role },
    from: order.status,
    to: decision.to,
    audience: plan.audience,
    reason: plan.reason,
    note: plan.note,
    staffNote: plan.staffNote,
    photos: plan.photos,
    holder: plan.holder,
    requestId: ctx.requestId,
    requestFingerprint: ctx.requestFingerprint,
  });
  const outbox = outboxEntries(order.id, order.version + 1, plan.notify ?? [], now);
  const planned = { ...(plan.changes ?? {}), ...withOutbox(order, outbox) };
  // the moments the scheduler looks at the order again follow from what it becomes
  const becomes = applyChanges(order, planned, decision.to, now, entry, outbox);
  const changes: OrderChanges = { ...planned, ...scheduleFields(def.step, becomes, order, property, now) };
  const updated = await db.updateWhere('orders', { _id: order._id, version: order.version }, updateData(db, changes, {
    status: decision.to,
    version: order.version + 1,
    updatedAt: now.toISOString(),
    entry,
    outbox,
  }));
  if (updated === 0) {
    // Lost a race, or a retry of this very request won it a moment ago.
    await plan.onLostRace?.();
    const latest = await db.get<OrderDoc>('orders', order._id);
    if (latest && retryOf(latest, ctx)) return answer(latest);
    return fail('CONFLICT', '订单状态已变化，请刷新后重试');
  }
  await plan.afterWrite?.();
  const after = applyChanges(order, changes, decision.to, now, entry, outbox);
  // told right away; what does not get through is the scheduler's after the lease
  const known = new Map([...loaded.grants, ...(plan.knownGrants ?? [])]);
  await deliver(ctx, toOrder(after), outbox, property?.timezone ?? 'Asia/Shanghai', { reason: plan.reason, note: plan.note, staffNote: plan.staffNote }, known);
  return answer(after);
}

/**
 * Whether this request already took its step on the order. A requestId that took another step, or
 * the same step with another payload, is not a retry: it is refused rather than silently ignored.
 */
function retryOf(order: OrderDoc, ctx: HandlerContext): boolean {
  const entry = appliedEntry(order.timeline, ctx.openid, ctx.requestId);
  if (!entry) return false;
  if (!sameRequest(entry, ctx.requestFingerprint)) {
    return fail('CONFLICT', '这个请求编号已用于另一个操作，请重新提交', { requestId: 'already used for another action or payload' });
  }
  return true;
}

/** A reporter whose role was removed may still follow their own order; anyone else is nobody here. */
function strangerOrReporter(openid: string, order: OrderDoc): Actor | undefined {
  return order.reporter.openid === openid ? { openid, role: 'resident', teamIds: [], ledTeamIds: [] } : undefined;
}

interface Fixed {
  status: OrderStatus;
  version: number;
  updatedAt: string;
  entry: ReturnType<typeof timelineEntry>;
  outbox: OutboxEntry[];
}

function updateData(db: Store, changes: OrderChanges, fixed: Fixed): Record<string, unknown> {
  const _ = db.command;
  const data: Record<string, unknown> = {
    status: fixed.status,
    version: fixed.version,
    updatedAt: fixed.updatedAt,
    timeline: _.push({ each: [fixed.entry], slice: -TIMELINE_LIMIT }),
  };
  if (fixed.outbox.length) data.outbox = _.push({ each: fixed.outbox });
  for (const [key, value] of Object.entries(changes)) {
    if (FIXED.has(key)) throw new Error(`a step may not change ${key}`);
    // The SDK flattens nested objects into dot paths (a merge); _.set replaces the whole value.
    data[key] = value === undefined ? _.remove() : typeof value === 'object' && value !== null ? _.set(value) : value;
  }
  return data;
}

function applyChanges(order: OrderDoc, changes: OrderChanges, status: OrderStatus, now: Date, entry: Fixed['entry'], outbox: OutboxEntry[]): OrderDoc {
  const next: Record<string, unknown> = { ...order };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  return {
    ...(next as unknown as OrderDoc),
    status,
    version: order.version + 1,
    updatedAt: now.toISOString(),
    timeline: [...order.timeline, entry].slice(-TIMELINE_LIMIT),
    outbox: [...order.outbox, ...outbox],
  };
}
