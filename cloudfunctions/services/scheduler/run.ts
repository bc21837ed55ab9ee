/**
 * One scheduler run (the `scheduler` function's timer, every minute): what time has made due.
 * - notifications left over: a lease that ran out (the step's invocation died), a subscription
 *   message its step deferred (a step claims one grant; the others, the desk's fan-out among them,
 *   go here), or a send to retry;
 * - deadlines: warn the holder at the deadline, tell the desk and the team leader when it has
 *   passed by a margin, once per order and deadline, the breach recorded on the order; a
 *   coordination order's own rules tell the desk (the visit counted in the property's hours);
 * - completed orders the reporter never confirmed close themselves after the property's days;
 * - at the top of each hour, finished days become the dashboards' `stats_daily` documents (stats.ts).
 * Two indexed queries when nothing is due (three at the top of an hour). Every write is
 * conditional, so a second run at the same minute changes nothing and a run that dies midway is
 * finished by the next.
 */
import type { Deadline, Order, OutboxEntry, Property, Team } from '../../../typings/domain';
import { LEASE_MS, outboxEntries, withOutbox } from '../../core/notify/outbox';
import { deskOf } from '../../core/notify/recipients';
import { coordinationReason } from '../../core/notify/messages';
import { toOrder, type OrderDoc } from '../../core/order/order-doc';
import { dueNotices, nextSlaCheck, type CoordinationRule, type SlaNotice, type WatchSettings } from '../../core/order/sla-watch';
import { workingTimeOf, type WorkingTime } from '../../core/time/working-time';
import { closeStep } from '../../api/handlers/orders/steps';
import { runStep } from '../../api/handlers/orders/transition';
import type { HandlerContext } from '../../api/context';
import { deliver, resend, type InboxDoc } from '../notify/deliver';
import { keepDailyStats } from './stats';

export interface RunSummary {
  autoClosed: string[];
  warned: string[];
  escalated: string[];
  /** notifications delivered or pruned after their lease ran out */
  recovered: number;
  /** deferred or failed subscription messages this run took */
  retried: number;
  /** stats_daily documents written (`<propertyId>:<date>`) */
  stats: string[];
}

const SHANGHAI = 'Asia/Shanghai';
const BATCH = 50;

export async function runScheduler(ctx: HandlerContext): Promise<RunSummary> {
  // the dashboards' days go alongside: they never hold up the notifications and deadlines
  const stats = keepDailyStats(ctx).catch((err: unknown) => {
    ctx.log('[scheduler] stats left for the next hour', err);
    return [];
  });
  const summary = await runDue(ctx);
  return { ...summary, stats: await stats };
}

async function runDue(ctx: HandlerContext): Promise<Omit<RunSummary, 'stats'>> {
  const { db } = ctx;
  const _ = db.command;
  const now = ctx.clock.now();
  const iso = now.toISOString();
  const summary: Omit<RunSummary, 'stats'> = { autoClosed: [], warned: [], escalated: [], recovered: 0, retried: 0 };
  const [orders, retries] = await Promise.all([
    db.list<OrderDoc>('orders', _.or([{ autoCloseAt: _.lte(iso) }, { slaCheckAt: _.lte(iso) }, { outboxDueAt: _.lte(iso) }]) as unknown as Record<string, unknown>, { limit: BATCH }),
    db.list<InboxDoc>('inbox', { 'delivery.status': 'retry', 'delivery.nextAttemptAt': _.lte(iso) }, { limit: BATCH }),
  ]);
  if (orders.length === 0 && retries.length === 0) return summary;

  const propertyIds = [...new Set([...orders.map((o) => o.propertyId), ...retries.map((r) => r.propertyId)])];
  const [properties, teams] = await Promise.all([
    db.list<Property>('properties', { _id: _.in(propertyIds) }, { limit: propertyIds.length }),
    orders.length ? db.list<Team>('teams', { propertyId: _.in(propertyIds) }, { limit: 500 }) : Promise.resolve([]),
  ]);
  const tzOf = (propertyId: string): string => properties.find((p) => p.id === propertyId)?.timezone ?? SHANGHAI;

  for (const order of orders) {
    try {
      const property = properties.find((p) => p.id === order.propertyId);
      if (order.autoCloseAt && order.autoCloseAt <= iso && order.status === 'completed') {
        await runStep(ctx, closeStep, { orderId: order.id }, { loaded: { order, caller: undefined, property, grants: new Map() }, system: true });
        summary.autoClosed.push(order.id);
        continue;
      }
      if (order.slaCheckAt && order.slaCheckAt <= iso) {
        const settings = { workingTime: workingTimeOf(property) };
        const notices = dueNotices(order, now, settings);
        const sent = await sendNotices(ctx, order, notices, teams, settings);
        if (sent) for (const n of notices) (n.kind === 'warn' ? summary.warned : summary.escalated).push(order.id);
        continue;
      }
      if (order.outboxDueAt && order.outboxDueAt <= iso) summary.recovered += await recoverOutbox(ctx, order, tzOf(order.propertyId));
    } catch (err) {
      ctx.log(`[scheduler] order ${order.id} left for the next run`, err);
    }
  }
  for (const item of retries) {
    try {
      if (await resend(ctx, item, tzOf(item.propertyId))) summary.retried += 1;
    } catch (err) {
      ctx.log(`[scheduler] delivery ${item.id} left for the next run`, err);
    }
  }
  return summary;
}

/**
 * Who hears of a deadline: the holder at the deadline; the desk and the team leader after the
 * margin. A coordination order's rules are the desk's own (its managers read the desk's items).
 */
function recipients(order: Order, notice: SlaNotice, teams: readonly Team[]): { event: OutboxEntry['event']; touser: string | undefined }[] {
  if (order.handling === 'coordination') {
    return [{ event: notice.deadline === 'jointVisit' ? 'order.jointVisit' : 'order.coordinationDue', touser: deskOf(order.propertyId) }];
  }
  if (notice.kind === 'warn') return [{ event: 'order.slaWarning', touser: order.assignee?.openid ?? deskOf(order.propertyId) }];
  const leader = teams.find((t) => t.id === order.teamId)?.leaderOpenid;
  return [
    { event: 'order.slaEscalated', touser: deskOf(order.propertyId) },
    { event: 'order.slaEscalated', touser: leader && leader !== order.assignee?.openid ? leader : undefined },
  ];
}

const isDeadline = (d: SlaNotice['deadline']): d is Deadline => d === 'acceptBy' || d === 'arriveBy' || d === 'completeBy';

/**
 * Records the notices on the order (which ones were sent, the breach) with their outbox entries in
 * one write conditioned on the check time it read, so a second run finds nothing to do; then tells.
 */
async function sendNotices(ctx: HandlerContext, order: OrderDoc, notices: SlaNotice[], teams: readonly Team[], settings: WatchSettings & { workingTime: WorkingTime }): Promise<boolean> {
  const { db } = ctx;
  const now = ctx.clock.now();
  const slaNotices = { ...(order.slaNotices ?? {}) };
  for (const n of notices) slaNotices[`${n.deadline}:${n.kind}`] = n.due;
  const breaches = [
    ...(order.breaches ?? []),
    ...notices.flatMap((n) => (n.kind === 'warn' && isDeadline(n.deadline) ? [{ deadline: n.deadline, due: n.due, at: now.toISOString() }] : [])),
  ];
  const notify = notices.flatMap((n) => recipients(order, n, teams));
  // ids apart from the steps' own: `<order>-sla-<rule>-<kind>…-<due>`
  const entries = outboxEntries(`${order.id}-sla-${notices.map((n) => `${n.deadline}-${n.kind}`).join('-')}-${Date.parse(notices[0]?.due ?? '')}`, 0, notify, now);
  const next = nextSlaCheck({ ...order, slaNotices }, settings);
  const _ = db.command;
  const updated = await db.updateWhere('orders', { _id: order._id, version: order.version, slaCheckAt: order.slaCheckAt }, {
    slaNotices: _.set(slaNotices),
    breaches: _.set(breaches),
    slaCheckAt: next ?? _.remove(),
    ...(entries.length ? { outbox: _.push({ each: entries }), ...withOutbox(order, entries) } : {}),
  });
  if (updated === 0) return false;
  // the desk reads which of a coordination order's rules came due (a late visit, a follow-up)
  const rules = notices.map((n) => n.deadline).filter((d): d is CoordinationRule => !isDeadline(d));
  const said = order.handling === 'coordination' ? { reason: coordinationReason(rules) } : {};
  await deliver(ctx, toOrder({ ...order, breaches }), entries, settings.workingTime.timezone, said);
  return true;
}

/**
 * The order's entries whose lease ran out: those the inbox has are done and leave the order; the
 * others are taken (a new lease, in a write conditioned on what was read) and delivered now.
 */
async function recoverOutbox(ctx: HandlerContext, order: OrderDoc, tz: string): Promise<number> {
  const { db } = ctx;
  const _ = db.command;
  const now = ctx.clock.now();
  const expired = order.outbox.filter((e) => (e.leaseUntil ?? e.createdAt) <= now.toISOString());
  const recorded = new Set(
    expired.length ? (await db.list<{ _id: string }>('inbox', { _id: _.in(expired.map((e) => e.id)) }, { limit: expired.length, fields: { _id: true } })).map((d) => d._id) : [],
  );
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  const undelivered = expired.filter((e) => !recorded.has(e.id)).map((e) => ({ ...e, leaseUntil: lease }));
  const kept = order.outbox.filter((e) => !expired.includes(e));
  const outbox = [...kept, ...undelivered];
  const dueAt = withOutbox({}, outbox).outboxDueAt;
  const updated = await db.updateWhere('orders', { _id: order._id, version: order.version, outboxDueAt: order.outboxDueAt }, {
    outbox: _.set(outbox),
    outboxDueAt: dueAt ?? _.remove(),
  });
  if (updated === 0) return 0;
  if (undelivered.length) await deliver(ctx, toOrder(order), undelivered, tz);
  return expired.length;
}
