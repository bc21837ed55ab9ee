/**
 * Delivers an order's notifications: each lands in the person's message center (inbox), and goes
 * as a subscription message when the person has a grant left for its template (an urgent new order
 * for a technician without one goes by SMS). Used right after a step's write by the invocation that
 * made it, and by the scheduler for what is left after a lease runs out.
 *
 * Exactly once: the inbox item's id is the outbox entry's id, so an item is recorded once; the
 * invocation that wrote an entry holds it for its lease, so two senders never work one entry at
 * once.
 *
 * Budget on the step's path: at most 2 requests whatever the recipients — one grant claim for the
 * first person who may hold a grant (the steps list the most time-critical person first) and one
 * insert of every inbox item. The other subscription messages, the service center's fan-out among
 * them, are recorded as deferred (`status: 'retry'`, `grantHeld: false`, due at once) and go at the
 * scheduler's next minute through `resend`.
 */
import type { Order, OutboxEntry } from '../../../typings/domain';
import type { Delivery, GrantLedger, InboxItem, MessageField, TemplateMap } from '../../../typings/notify';
import { keywordValue } from '../../core/notify/keywords';
import { factsOf, messageText, pageFor } from '../../core/notify/messages';
import { LEASE_MS } from '../../core/notify/outbox';
import { outcomeOf } from '../../core/notify/outcome';
import { isDeskRecipient } from '../../core/notify/recipients';
import { toOrder, type OrderDoc } from '../../core/order/order-doc';
import type { Clock } from '../../core/clock';
import type { Store } from '../../runtime/db';
import type { Notifier } from '../../runtime/notifier';

export interface DeliveryDeps {
  db: Store;
  notifier: Notifier;
  templates: TemplateMap;
  clock: Clock;
  log: (message: string, err: unknown) => void;
}

export type InboxDoc = InboxItem & { _id: string };

/**
 * What some people's ledgers say, when a read already brought them: a person in it without a grant
 * for the template is not claimed from (saves a write that would fail anyway).
 */
export type KnownGrants = ReadonlyMap<string, Readonly<Record<string, number>>>;

export function knownGrants(openids: readonly string[], ledgers: readonly Pick<GrantLedger, 'openid' | 'counts'>[]): KnownGrants {
  const known = new Map<string, Record<string, number>>(openids.map((o) => [o, {}]));
  for (const l of ledgers) if (l?.openid) known.set(l.openid, l.counts ?? {});
  return known;
}

const mayHaveGrant = (known: KnownGrants | undefined, openid: string, templateId: string): boolean => {
  const counts = known?.get(openid);
  return !counts || (counts[templateId] ?? 0) > 0;
};

/** Texts a step adds to its notifications (a reason, a note). */
export type EntryExtras = { reason?: string; note?: string; staffNote?: string };


/** Takes one of the person's one-time grants for the template: one conditional write. */
export async function claimGrant(db: Store, openid: string, templateId: string): Promise<boolean> {
  const _ = db.command;
  const key = `counts.${templateId}`;
  return (await db.updateWhere('grants', { _id: openid, [key]: _.gt(0) }, { [key]: _.inc(-1) })) === 1;
}

/** What a message shows: the facts its template's keywords use, and no more. */
export type SentFacts = Partial<Record<MessageField, string>>;

function templateData(facts: SentFacts, map: Record<string, MessageField>, tz: string): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [keyword, field] of Object.entries(map)) data[keyword] = { value: keywordValue(keyword, facts[field] || '-', tz) || '-' };
  return data;
}

function factsFor(facts: SentFacts, map: Record<string, MessageField>): SentFacts {
  const kept: SentFacts = {};
  for (const field of Object.values(map)) if (facts[field]) kept[field] = facts[field];
  return kept;
}

/** One subscription send and what it leaves: sent, to retry (holding the grant), failed, or inbox only. */
export async function sendSubscribe(
  deps: DeliveryDeps,
  item: Pick<InboxItem, 'openid' | 'page' | 'event'>,
  facts: SentFacts,
  tz: string,
  attempts: number,
): Promise<Delivery> {
  const template = deps.templates[item.event];
  if (!template) return { channel: 'inbox', status: 'inbox', attempts };
  const now = deps.clock.now();
  const res = await deps.notifier.sendSubscribe({ touser: item.openid, templateId: template.templateId, page: item.page, data: templateData(facts, template.data, tz) });
  const tried = attempts + 1;
  const outcome = outcomeOf(res.errcode, tried);
  const base = { channel: 'subscribe' as const, templateId: template.templateId, attempts: tried };
  switch (outcome.kind) {
    case 'sent':
      return { ...base, status: 'sent', sentAt: now.toISOString() };
    case 'used_up':
      // WeChat says the grant is gone: the ledger agrees from now on
      await deps.db.updateWhere('grants', { _id: item.openid }, { [`counts.${template.templateId}`]: 0 });
      return { ...base, channel: 'inbox', status: 'inbox', lastError: { code: res.errcode, message: res.errmsg } };
    case 'retry':
      return {
        ...base,
        status: 'retry',
        grantHeld: true,
        nextAttemptAt: new Date(now.getTime() + outcome.retryInMinutes * 60_000).toISOString(),
        lastError: { code: res.errcode, message: res.errmsg },
        // the retry shows what this send would have, whatever the order has become since
        facts: factsFor(facts, template.data),
      };
    case 'failed':
      return { ...base, status: 'failed', lastError: { code: res.errcode, message: res.errmsg } };
  }
}

/** An urgent new order reaches a technician without a grant by SMS, once per order and step. */
async function sendSms(deps: DeliveryDeps, phone: string, text: string): Promise<Delivery> {
  const res = await deps.notifier.sendSms({ phone, content: text });
  const now = deps.clock.now();
  return res.errcode === 0
    ? { channel: 'sms', status: 'sent', attempts: 1, sentAt: now.toISOString() }
    : { channel: 'sms', status: 'failed', attempts: 1, lastError: { code: res.errcode, message: res.errmsg } };
}

/**
 * A service-center item also goes as a subscription message to each dispatcher and manager of the
 * property who holds a grant for its template (one read finds them and their ledgers). Not retried:
 * the desk's message center has it either way.
 */
async function sendToDesk(deps: DeliveryDeps, propertyId: string, item: Pick<InboxItem, 'page' | 'event'>, facts: SentFacts, tz: string, templateId: string): Promise<Delivery> {
  const _ = deps.db.command;
  const staff = await deps.db.aggregate<{ _id: string; _grants: GrantLedger[] }>('users', [
    ['match', { 'roles.propertyId': propertyId, roles: _.elemMatch({ propertyId, role: _.in(['dispatcher', 'manager']) }) }],
    ['lookup', { from: 'grants', localField: '_id', foreignField: '_id', as: '_grants' }],
    ['project', { _id: 1, _grants: 1 }],
    ['limit', 50],
  ]);
  const sentTo: string[] = [];
  for (const person of staff) {
    const counts = person._grants.find((g) => g?.openid === person._id)?.counts ?? {};
    if ((counts[templateId] ?? 0) <= 0 || !(await claimGrant(deps.db, person._id, templateId))) continue;
    const d = await sendSubscribe(deps, { ...item, openid: person._id }, facts, tz, 0);
    if (d.status === 'sent') sentTo.push(person._id);
  }
  const now = deps.clock.now().toISOString();
  return sentTo.length ? { channel: 'subscribe', status: 'sent', attempts: 1, templateId, sentAt: now, sentTo } : { channel: 'inbox', status: 'inbox', attempts: 0 };
}

/**
 * Whether the entry may go as a subscription message: a template, and a person whose ledger (when a
 * read brought it) has a grant left, or the service center (its dispatchers' ledgers are unknown).
 */
function mayGoBySubscription(deps: DeliveryDeps, entry: OutboxEntry, known: KnownGrants | undefined): boolean {
  const template = deps.templates[entry.event];
  if (!template) return false;
  return isDeskRecipient(entry.touser) || mayHaveGrant(known, entry.touser, template.templateId);
}

/** A subscription message left for the scheduler's next minute: no grant taken yet, nothing tried. */
function deferred(templateId: string, facts: SentFacts, now: Date): Delivery {
  return { channel: 'subscribe', status: 'retry', templateId, grantHeld: false, attempts: 0, nextAttemptAt: now.toISOString(), facts };
}

/** How one entry goes out (`sendNow`: its subscription message is this invocation's one claim), and the inbox item that records it. */
async function deliverEntry(
  deps: DeliveryDeps,
  order: Order,
  entry: OutboxEntry,
  tz: string,
  extras: EntryExtras,
  known: KnownGrants | undefined,
  sendNow: boolean,
): Promise<InboxDoc> {
  const now = deps.clock.now();
  const forStaff = entry.touser !== order.reporter.openid;
  // staff read why a technician refused or asked to be replaced; the reporter never does
  const said = forStaff ? { reason: extras.reason ?? extras.staffNote, note: extras.note ?? extras.staffNote } : { reason: extras.reason, note: extras.note };
  const facts = factsOf(order, now, said);
  const { title, text } = messageText(entry.event, facts, tz);
  const item: Omit<InboxDoc, 'delivery'> = {
    _id: entry.id,
    id: entry.id,
    openid: entry.touser,
    event: entry.event,
    orderId: order.id,
    orderNo: order.orderNo,
    propertyId: order.propertyId,
    title,
    text,
    page: pageFor(order.id, forStaff),
    createdAt: entry.createdAt,
    read: false,
  };
  let delivery: Delivery = { channel: 'inbox', status: 'inbox', attempts: 0 };
  const template = deps.templates[entry.event];
  const subscribe = mayGoBySubscription(deps, entry, known);
  try {
    if (template && subscribe && !sendNow) {
      delivery = deferred(template.templateId, factsFor(facts, template.data), now);
    } else if (template && subscribe && (await claimGrant(deps.db, entry.touser, template.templateId))) {
      delivery = await sendSubscribe(deps, item, facts, tz, 0);
    } else if (entry.event === 'order.assigned' && order.urgency === 'urgent' && order.assignee?.openid === entry.touser && order.assignee.phone) {
      // a marketing SMS carries at most 30 characters and the page it opens
      delivery = await sendSms(deps, order.assignee.phone, `${title}：${order.orderNo}，请打开小程序接单`.slice(0, 30));
    }
  } catch (err) {
    // the grant claim itself failed (database): the inbox still gets it, the scheduler does not resend
    deps.log('[notify] send failed', err);
  }
  return { ...item, delivery };
}

/** Records the items; a retry of a lost answer finds some already there and records the rest. */
async function recordInbox(db: Store, items: InboxDoc[]): Promise<void> {
  if (items.length === 0) return;
  try {
    await db.insertMany('inbox', items as unknown as Record<string, unknown>[]);
    return;
  } catch {
    // a duplicate (recorded before) or a failed write: one by one, skipping what is there
  }
  for (const item of items) {
    try {
      await db.insert('inbox', item as unknown as Record<string, unknown>);
    } catch (err) {
      if (!(await db.get<InboxDoc>('inbox', item._id))) throw err;
    }
  }
}

/**
 * Delivers `entries` of `order` (the order as the step left it) and records them in the inbox.
 * Never throws: a failed send never undoes the step; what is not recorded stays on the order's
 * outbox for the scheduler.
 */
export async function deliver(
  deps: DeliveryDeps,
  order: Order,
  entries: readonly OutboxEntry[],
  tz: string,
  extras: EntryExtras = {},
  known?: KnownGrants,
): Promise<InboxDoc[]> {
  try {
    // one claim per invocation: the first person who may hold a grant; the rest wait for the scheduler
    const first = entries.find((e) => !isDeskRecipient(e.touser) && mayGoBySubscription(deps, e, known));
    const items: InboxDoc[] = [];
    for (const entry of entries) items.push(await deliverEntry(deps, order, entry, tz, extras, known, entry === first));
    await recordInbox(deps.db, items);
    return items;
  } catch (err) {
    deps.log('[notify] delivery left for the scheduler', err);
    return [];
  }
}

/**
 * The scheduler's send of an item left waiting: deferred by its step (no grant taken yet) or left
 * to retry by a failed send (grant held). The item is taken first by a write conditioned on the due
 * time it was read with, so of two runs only one sends it. Answers whether this run took it.
 */
export async function resend(deps: DeliveryDeps, item: InboxDoc, tz: string): Promise<boolean> {
  const { db } = deps;
  const _ = db.command;
  const now = deps.clock.now();
  const waiting = item.delivery;
  const due = { _id: item._id, 'delivery.status': 'retry', 'delivery.nextAttemptAt': waiting.nextAttemptAt };
  const inboxOnly: Delivery = { channel: 'inbox', status: 'inbox', attempts: waiting.attempts };
  if (isDeskRecipient(item.openid)) {
    // taken as done before the fan-out: a run that dies midway leaves a dispatcher without the
    // subscription message (the desk's message center has it), never with a second one
    if ((await db.updateWhere('inbox', due, { delivery: _.set(inboxOnly) })) === 0) return false;
    const facts = await waitingFacts(deps, item, now);
    const template = deps.templates[item.event];
    const delivery = facts && template ? await sendToDesk(deps, item.propertyId, item, facts, tz, template.templateId) : inboxOnly;
    if (delivery.status === 'sent') await db.updateById('inbox', item._id, { delivery: _.set(delivery) });
    return true;
  }
  // the take marks the grant as held before the claim is made: a run that dies between the two
  // leaves a send for the next run, never a second claim on the person's grants
  const lease = new Date(now.getTime() + LEASE_MS).toISOString();
  if ((await db.updateWhere('inbox', due, { 'delivery.nextAttemptAt': lease, 'delivery.grantHeld': true })) === 0) return false;
  const template = deps.templates[item.event];
  const facts = await waitingFacts(deps, item, now);
  // no grant (or no order) by now: the message center alone has it, and it is not tried again
  const claimed = waiting.grantHeld || (!!template && !!facts && (await claimGrant(db, item.openid, template.templateId)));
  const delivery = claimed && facts ? await sendSubscribe(deps, item, facts, tz, waiting.attempts) : inboxOnly;
  await db.updateById('inbox', item._id, { delivery: _.set(delivery) });
  return true;
}

/** What a waiting message shows: kept on it since its step; an item from before that reads the order now. */
async function waitingFacts(deps: DeliveryDeps, item: InboxDoc, now: Date): Promise<SentFacts | undefined> {
  if (item.delivery.facts) return item.delivery.facts;
  const order = await deps.db.get<OrderDoc>('orders', item.orderId);
  return order ? factsOf(toOrder(order), now) : undefined;
}
