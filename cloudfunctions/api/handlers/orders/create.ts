import type { Category, OrderWithTimeline, Property, RoleGrant, Team, User } from '../../../../typings/domain';
import type { CreateOrderPayload } from '../../../../typings/order-actions';
import { fail } from '../../../core/errors';
import { writeId } from '../../../core/ids';
import { newOrder, prepayOf, type NewOrderInput } from '../../../core/order/new-order';
import { teamPathOf } from '../../../core/people/team-path';
import { toOrder, toOrderWithTimeline, type OrderDoc } from '../../../core/order/order-doc';
import { deliver, type KnownGrants } from '../../../services/notify/deliver';
import { routeOrder, targetTeam } from '../../../core/order/routing';
import { teamLoads } from './team-loads';
import { assertOwnFiles } from '../../own-files';
import { assertCleanText } from '../../clean-text';
import { strongestGrant } from '../../../core/people/actor';
import { localDate } from '../../../core/time/local-time';
import type { Store } from '../../../runtime/db';
import { defineAction } from '../../actions';
import type { HandlerContext } from '../../context';
import { allocateOrderNo } from './order-number';
import { createSchema } from './schemas';
import { bookableSlot, scheduleOf, type DaySlot } from '../../../core/schedule/slots';
import { bookSlot, releaseSlot, type SlotBookingDoc } from './slots';
import { sameRequest } from '../../../core/order/timeline';

interface CreateContext extends Category {
  property: Property[];
  teams: Team[];
  children: { _id: string }[];
  caller: User[];
  /** the booking document of the slot asked for, when somebody booked that window already */
  slot: SlotBookingDoc[];
  /** the order this requestId already made (a retry) */
  existing: OrderDoc[];
  /** the resident registered in the property with the phone a report on behalf names */
  resident: User[];
}

/**
 * Everything a create needs in one request: category, property, teams, caller, the slot's booking,
 * the order a retry already made, and the registered resident a phone report is for.
 */
async function loadContext(db: Store, openid: string, orderId: string, payload: CreateOrderPayload): Promise<CreateContext | undefined> {
  const residentWithPhone = payload.onBehalfOf
    ? { phone: payload.onBehalfOf.phone, roles: db.command.elemMatch({ propertyId: payload.propertyId, role: 'resident' }) }
    : { _id: '' };
  const stages: Parameters<Store['aggregate']>[1] = [
    ['match', { _id: payload.categoryId, propertyId: payload.propertyId }],
    ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: 'property' }],
    ['lookup', { from: 'teams', localField: 'propertyId', foreignField: 'propertyId', as: 'teams' }],
    ['lookup', { from: 'categories', localField: '_id', foreignField: 'parentId', as: 'children' }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: openid }]]), as: 'caller' }],
    ['lookup', { from: 'slots', pipeline: db.pipeline([['match', { _id: payload.slotId ?? '' }]]), as: 'slot' }],
    ['lookup', { from: 'orders', pipeline: db.pipeline([['match', { _id: orderId }]]), as: 'existing' }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', residentWithPhone], ['limit', 1]]), as: 'resident' }],
    ['limit', 1],
  ];
  const [ctx] = await db.aggregate<CreateContext>('categories', stages);
  return ctx;
}

/** Inserts the new order; a concurrent retry of this create that landed first gets that order back. */
async function insertOrder(db: Store, doc: OrderDoc, openid: string): Promise<{ order: OrderDoc; inserted: boolean }> {
  try {
    await db.insert('orders', doc as unknown as Record<string, unknown>);
  } catch (err) {
    // Same _id: this is a retry of a create that already landed.
    const existing = await db.get<OrderDoc>('orders', doc._id);
    if (!existing) throw err;
    if (existing.createdBy !== openid) fail('CONFLICT', '重复的请求编号');
    return { order: existing, inserted: false };
  }
  return { order: doc, inserted: true };
}

/** A retry of a create that landed: its order, and nothing to do. */
interface Retried {
  existing: OrderDoc;
}

interface PlannedOrder {
  input: Omit<NewOrderInput, 'orderNo'>;
  /** what the property's technicians allowed: no grant claim is tried for one without */
  grants: KnownGrants;
  slot?: { window: DaySlot & { propertyId: string }; booking: SlotBookingDoc | undefined };
  timezone: string;
}

const SLOT_REFUSALS = {
  not_found: () => fail('NOT_FOUND', '找不到这个预约时段', { 'payload.slotId': 'not found' }),
  past: () => fail('INVALID_ARGUMENT', '这个时段已过，请换一个时段', { 'payload.slotId': 'in the past' }),
  beyond_horizon: () => fail('INVALID_ARGUMENT', '这个时段太远了，暂时还不能预约', { 'payload.slotId': 'beyond the booking horizon' }),
};

/** The schedule's window the payload asks for, if it may be booked now (refusals name payload.slotId). */
function plannedSlot(context: CreateContext, property: Property, slotId: string | undefined, now: Date): PlannedOrder['slot'] {
  if (!slotId) return undefined;
  const team = context.teams.find((t) => t.id === context.teamId);
  const result = bookableSlot({
    slotId,
    categoryId: context.id,
    schedule: scheduleOf(context, team),
    timezone: property.timezone,
    now,
    horizonDays: property.bookingHorizonDays,
  });
  if ('refusal' in result) return SLOT_REFUSALS[result.refusal]();
  return { window: { ...result.slot, propertyId: property.id }, booking: context.slot[0] };
}

/** Reads (one request, two in auto mode), checks and routes: everything but the number. */
/** Who reports and where: a resident for their registered unit; staff for a caller, linked to them when registered. */
function reporterAndLocation(
  context: CreateContext,
  caller: User,
  grant: RoleGrant,
  payload: CreateOrderPayload,
): Pick<NewOrderInput, 'reporter' | 'location' | 'source'> {
  const { propertyId } = payload;
  const ownResident = caller.roles.find((r) => r.propertyId === propertyId && r.role === 'resident');
  // staff reporting their own home's leak report as the resident they are
  const asResident = grant.role === 'resident' || (!payload.onBehalfOf && !payload.source && !!ownResident);
  if (asResident) {
    const unit = ownResident ?? grant;
    const location = payload.location.kind === 'unit' ? { ...payload.location, building: unit.building, room: unit.room } : payload.location;
    return { reporter: { openid: caller.openid, name: caller.name, phone: caller.phone }, location, source: 'resident' };
  }
  // a phone or visit report belongs to the resident registered with that phone here, when there is one
  const resident = payload.onBehalfOf ? context.resident[0] : undefined;
  const residentUnit = resident?.roles.find((r) => r.propertyId === propertyId && r.role === 'resident');
  const location =
    payload.location.kind === 'unit'
      ? { ...payload.location, building: payload.location.building ?? residentUnit?.building, room: payload.location.room ?? residentUnit?.room }
      : payload.location;
  if (location.kind === 'unit' && (!location.building || !location.room)) {
    const missing = location.building ? 'payload.location.room' : 'payload.location.building';
    return fail('INVALID_ARGUMENT', '请填写报修的楼栋和房号', { [missing]: 'required for a unit report by staff' });
  }
  const reporter = resident
    ? { openid: resident.openid, name: resident.name, phone: resident.phone }
    : payload.onBehalfOf
      ? { openid: '', ...payload.onBehalfOf }
      : { openid: caller.openid, name: caller.name, phone: caller.phone };
  return { reporter, location, source: payload.source ?? 'phone' };
}

/** Reads (one request, two in auto mode), checks and routes: everything but the number. */
async function planOrder(ctx: HandlerContext, payload: CreateOrderPayload, now: Date): Promise<PlannedOrder | Retried> {
  const { db, openid } = ctx;
  assertOwnFiles(openid, { photos: payload.photos });
  await assertCleanText(ctx, 'profile', { description: payload.description, 'location.text': payload.location.text });
  const id = writeId('o', openid, ctx.requestId);
  const context = await loadContext(db, openid, id, payload);
  if (!context) return fail('NOT_FOUND', '找不到这个报修类别', { 'payload.categoryId': 'not found in this property' });
  const existing = context.existing[0];
  if (existing) {
    // a retry: the order it made, however long ago, without booking or numbering anything again
    const [created] = existing.timeline;
    if (created && !sameRequest(created, ctx.requestFingerprint)) {
      return fail('CONFLICT', '这个请求编号已用于另一个操作，请重新提交', { requestId: 'already used for another action or payload' });
    }
    return { existing };
  }
  const property = context.property[0];
  const caller = context.caller[0];
  const grant = strongestGrant(caller, payload.propertyId);
  if (!property || !caller || !grant) return fail('FORBIDDEN', '请先登记为本小区住户');
  const staff = grant.role !== 'resident';
  if (!staff && (payload.onBehalfOf || payload.source)) return fail('FORBIDDEN', '只有物业人员可以代报');
  if (context.children.length) return fail('INVALID_ARGUMENT', '请选择具体的小类', { 'payload.categoryId': 'choose a sub-category' });

  const slot = plannedSlot(context, property, payload.slotId, now);
  const { reporter, location, source } = reporterAndLocation(context, { ...caller, openid }, grant, payload);
  // an order paid on order waits in the pool for its payment: nobody is assigned before it
  const autoAssign = property.dispatchMode === 'auto' && !prepayOf(context).prepay;
  const team = autoAssign ? await teamLoads(db, property.id, targetTeam({ property, category: context, now }).teamId) : undefined;
  const route = routeOrder({ property, category: context, building: location.building, technicians: team?.loads ?? [], now });
  const assignee = team?.technicians.find((u) => u.openid === route.assigneeOpenid);
  return {
    timezone: property.timezone,
    grants: team?.grants ?? new Map(),
    ...(slot ? { slot } : {}),
    input: {
      id,
      now,
      propertyId: property.id,
      category: context,
      description: payload.description,
      location,
      photos: payload.photos ?? [],
      urgency: payload.urgency ?? 'normal',
      source,
      reporter,
      createdBy: { openid, name: caller.name, role: grant.role },
      route,
      // an unknown team (bad configuration) still routes; it just has no parents to see it
      teamPath: teamPathOf(context.teams, route.teamId) ?? [route.teamId],
      ...(assignee ? { assignee: { id: assignee.openid, openid: assignee.openid, name: assignee.name, phone: assignee.phone, teamId: route.teamId } } : {}),
      ...(slot ? { slot: { id: slot.window.id, start: slot.window.start, end: slot.window.end } } : {}),
      ...(ctx.requestId ? { requestId: ctx.requestId, requestFingerprint: ctx.requestFingerprint } : {}),
    },
  };
}

async function createOrder(ctx: HandlerContext, payload: CreateOrderPayload): Promise<OrderWithTimeline> {
  const { db, openid } = ctx;
  const now = ctx.clock.now();
  const plan = await planOrder(ctx, payload, now);
  if ('existing' in plan) return toOrderWithTimeline(plan.existing);
  const { input, slot, timezone } = plan;
  if (slot) await bookSlot(db, slot.window, slot.booking, input.id);
  try {
    const orderNo = await allocateOrderNo(db, input.propertyId, localDate(now, timezone), input.id);
    const { order, inserted } = await insertOrder(db, newOrder({ ...input, orderNo }), openid);
    // an auto-assigned technician learns of it at once; the create's read already knows their grants
    if (inserted) await deliver(ctx, toOrder(order), order.outbox, timezone, {}, plan.grants);
    return toOrderWithTimeline(order);
  } catch (err) {
    // Nothing landed: give the slot's place back (a retry with the same requestId books it again).
    if (slot) await releaseSlot(db, slot.window.id, input.id);
    throw err;
  }
}

export const orderCreate = defineAction({
  name: 'order.create',
  summary: 'Report a repair or a matter. Routes itself: the category team’s pool, the night team after hours, or a technician at once in auto mode.',
  who: 'residents of the property; staff for someone else (onBehalfOf) or self-inspection',
  schema: createSchema,
  returns: 'OrderWithTimeline',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'SLOT_FULL', 'CONFLICT'],
  example: {
    openid: 'demo-resident',
    payload: { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房水管接头漏水', location: { kind: 'unit', text: '1栋101 厨房' }, urgency: 'normal' },
  },
  handle: createOrder,
});
