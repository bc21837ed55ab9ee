/**
 * Delivers an order's notifications: each lands in the person's message center (inbox), and goes
 * as a subscription message when the person has a grant left for its template (an urgent new order
 * for a technician without one goes by SMS). Used right after a step's write by the invocation that
 * made it, and by the scheduler for what is left after a lease runs out.
 *
 * Exactly once: the inbox item's id is the outbox entry's id, so an item is recorded once; the
 * invocation that wrote an entry holds it for its lease, so two senders never work one entry at
 * once. Budget on the step's path: one grant claim per subscription recipient, one inbox insert.
 */
import type { Order, OutboxEntry } from '../../../typings/domain';
import type { Delivery, GrantLedger, InboxItem, TemplateMap } from '../../../typings/notify';
import { keywordValue } from '../../core/notify/keywords';
import { factsOf, messageText, pageFor, type MessageFacts } from '../../core/notify/messages';
import { outcomeOf } from '../../core/notify/outcome';
import { isDeskRecipient } from '../../core/notify/recipients';
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

function templateData(facts: MessageFacts, map: Record<string, keyof MessageFacts>, tz: string): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [keyword, field] of Object.entries(map)) data[keyword] = { value: keywordValue(keyword, facts[field] || '-', tz) || '-' };
  return data;
}

/** One subscription send and what it leaves: sent, to retry (holding the grant), failed, or inbox only. */
export async function sendSubscribe(
  deps: DeliveryDeps,
  item: Pick<InboxItem, 'openid' | 'page' | 'event'>,
  facts: MessageFacts,
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
async function sendToDesk(deps: DeliveryDeps, propertyId: string, item: Pick<InboxItem, 'page' | 'event'>, facts: MessageFacts, tz: string, templateId: string): Promise<Delivery> {
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

/** How one entry goes out, and the inbox item that records it. */
async function deliverEntry(deps: DeliveryDeps, order: Order, entry: OutboxEntry, tz: string, extras: EntryExtras, known?: KnownGrants): Promise<InboxDoc> {
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
  if (isDeskRecipient(entry.touser)) {
    try {
      if (template) delivery = await sendToDesk(deps, order.propertyId, item, facts, tz, template.templateId);
    } catch (err) {
      deps.log('[notify] desk send failed', err);
    }
  } else {
    try {
      if (template && mayHaveGrant(known, entry.touser, template.templateId) && (await claimGrant(deps.db, entry.touser, template.templateId))) {
        delivery = await sendSubscribe(deps, item, facts, tz, 0);
      } else if (entry.event === 'order.assigned' && order.urgency === 'urgent' && order.assignee?.openid === entry.touser && order.assignee.phone) {
        // a marketing SMS carries at most 30 characters and the page it opens
        delivery = await sendSms(deps, order.assignee.phone, `${title}：${order.orderNo}，请打开小程序接单`.slice(0, 30));
      }
    } catch (err) {
      // the grant claim itself failed (database): the inbox still gets it, the scheduler does not resend
      deps.log('[notify] send failed', err);
    }
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
    const items: InboxDoc[] = [];
    for (const entry of entries) items.push(await deliverEntry(deps, order, entry, tz, extras, known));
    await recordInbox(deps.db, items);
    return items;
  } catch (err) {
    deps.log('[notify] delivery left for the scheduler', err);
    return [];
  }
}
