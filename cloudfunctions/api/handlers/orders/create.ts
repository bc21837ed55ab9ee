import type { Category, Property, Slot, Team, User } from '../../../../typings/domain';
import type { OrderWithTimeline } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { newOrder } from '../../../core/order/new-order';
import { teamPathOf } from '../../../core/people/team-path';
import { toOrderWithTimeline, type OrderDoc } from '../../../core/order/order-doc';
import { routeOrder, targetTeam, type TechnicianLoad } from '../../../core/order/routing';
import { strongestGrant } from '../../../core/people/actor';
import { localDate } from '../../../core/time/local-time';
import type { Store } from '../../../runtime/db';
import { defineAction } from '../../actions';
import type { HandlerContext } from '../../context';
import { orderIdFor } from './ids';
import { allocateOrderNo } from './order-number';
import { createSchema } from './schemas';
import { OPEN_STATUSES } from './open-statuses';
import type { CreateOrderPayload } from '../../../../typings/order-actions';

interface CreateContext extends Category {
  property: Property[];
  teams: Team[];
  children: { _id: string }[];
  caller: User[];
  slot: (Slot & { orderIds?: string[] })[];
}

/** Everything a create needs in one request: category, property, teams, caller, slot. */
async function loadContext(db: Store, openid: string, payload: CreateOrderPayload): Promise<CreateContext | undefined> {
  const stages: Parameters<Store['aggregate']>[1] = [
    ['match', { _id: payload.categoryId, propertyId: payload.propertyId }],
    ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: 'property' }],
    ['lookup', { from: 'teams', localField: 'propertyId', foreignField: 'propertyId', as: 'teams' }],
    ['lookup', { from: 'categories', localField: '_id', foreignField: 'parentId', as: 'children' }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: openid }]]), as: 'caller' }],
    ['lookup', { from: 'slots', pipeline: db.pipeline([['match', { _id: payload.slotId ?? '' }]]), as: 'slot' }],
    ['limit', 1],
  ];
  const [ctx] = await db.aggregate<CreateContext>('categories', stages);
  return ctx;
}

/** Technicians of a team with their current open orders, for auto-assignment: one request. */
async function teamLoads(db: Store, propertyId: string, teamId: string): Promise<{ loads: TechnicianLoad[]; technicians: User[] }> {
  const _ = db.command;
  const rows = await db.aggregate<User & { _loads: { _id: string; n: number }[] }>('users', [
    // the plain equality lets the roles.propertyId index serve it; elemMatch keeps all three on one grant
    ['match', { 'roles.propertyId': propertyId, roles: _.elemMatch({ propertyId, role: 'technician', teamId }) }],
    [
      'lookup',
      {
        from: 'orders',
        pipeline: db.pipeline([
          ['match', { propertyId, teamId, status: _.in([...OPEN_STATUSES]) }],
          ['group', { _id: '$assignee.openid', n: { $sum: 1 } }],
          ['limit', 1000],
        ]),
        as: '_loads',
      },
    ],
    ['limit', 200],
  ]);
  const openByTech = new Map((rows[0]?._loads ?? []).map((l) => [l._id, l.n]));
  const technicians: User[] = rows.map(({ _loads: _ignored, ...u }) => u);
  return {
    technicians,
    loads: technicians.map((u) => {
      const grant = u.roles.find((r) => r.propertyId === propertyId && r.role === 'technician' && r.teamId === teamId);
      return { openid: u.openid, teamId, skills: grant?.skills ?? [], areas: grant?.areas ?? [], openOrders: openByTech.get(u.openid) ?? 0 };
    }),
  };
}

async function bookSlot(db: Store, slot: Slot & { orderIds?: string[] }, orderId: string): Promise<void> {
  if (slot.orderIds?.includes(orderId)) return; // a retry of a create that already booked it
  const _ = db.command;
  const updated = await db.updateWhere(
    'slots',
    { _id: slot.id, booked: _.lt(slot.capacity), orderIds: _.neq(orderId) },
    { booked: _.inc(1), orderIds: _.push(orderId) },
  );
  if (updated === 0) {
    // Full, or a concurrent retry of this very create booked it a moment ago (orderIds has it now).
    const latest = await db.get<Slot & { orderIds?: string[] }>('slots', slot.id);
    if (latest?.orderIds?.includes(orderId)) return;
    fail('SLOT_FULL', '这个时段已约满，请换一个时段');
  }
}

async function existingOrder(db: Store, orderId: string, openid: string): Promise<OrderWithTimeline | undefined> {
  const doc = await db.get<OrderDoc>('orders', orderId);
  if (!doc) return undefined;
  if (doc.createdBy !== openid) fail('CONFLICT', 'requestId already used');
  return toOrderWithTimeline(doc);
}

async function createOrder(ctx: HandlerContext, payload: CreateOrderPayload): Promise<OrderWithTimeline> {
  const { db, openid } = ctx;
  const now = ctx.clock.now();
  const context = await loadContext(db, openid, payload);
  if (!context) return fail('NOT_FOUND', 'category not found in this property', { 'payload.categoryId': 'not found' });
  const property = context.property[0];
  const caller = context.caller[0];
  const grant = strongestGrant(caller, payload.propertyId);
  if (!property || !caller || !grant) return fail('FORBIDDEN', '请先登记为本小区住户');
  const staff = grant.role !== 'resident';
  if (!staff && (payload.onBehalfOf || payload.source)) return fail('FORBIDDEN', 'only staff report on behalf of someone');
  if (context.children.length) return fail('INVALID_ARGUMENT', 'choose a sub-category', { 'payload.categoryId': 'choose a sub-category' });

  let slot: (Slot & { orderIds?: string[] }) | undefined;
  if (payload.slotId) {
    slot = context.slot[0];
    if (!slot || slot.categoryId !== context.id) return fail('NOT_FOUND', 'slot not found', { 'payload.slotId': 'not found' });
    if (new Date(slot.start).getTime() <= now.getTime()) return fail('INVALID_ARGUMENT', 'this slot has passed', { 'payload.slotId': 'in the past' });
  }

  const orderId = orderIdFor(openid, ctx.requestId);
  const team = property.dispatchMode === 'auto' ? await teamLoads(db, property.id, targetTeam({ property, category: context, now }).teamId) : undefined;
  const route = routeOrder({
    property,
    category: context,
    building: payload.location.building ?? (payload.location.kind === 'unit' && !staff ? grant.building : undefined),
    technicians: team?.loads ?? [],
    now,
  });
  if (slot) await bookSlot(db, slot, orderId);
  const orderNo = await allocateOrderNo(db, property.id, localDate(now, property.timezone), orderId);

  const reporter = payload.onBehalfOf ? { openid: '', ...payload.onBehalfOf } : { openid, name: caller.name, phone: caller.phone };
  const assigneeUser = team?.technicians.find((u) => u.openid === route.assigneeOpenid);
  const location =
    payload.location.kind === 'unit' && !staff
      ? { building: grant.building, room: grant.room, ...payload.location }
      : payload.location;
  const doc = newOrder({
    id: orderId,
    orderNo,
    now,
    propertyId: property.id,
    category: context,
    description: payload.description,
    location,
    photos: payload.photos ?? [],
    urgency: payload.urgency ?? 'normal',
    source: staff ? (payload.source ?? 'phone') : 'resident',
    reporter,
    createdBy: { openid, name: caller.name, role: grant.role },
    route,
    // an unknown team (bad configuration) still routes; it just has no parents to see it
    teamPath: teamPathOf(context.teams, route.teamId) ?? [route.teamId],
    ...(assigneeUser ? { assignee: { id: assigneeUser.openid, openid: assigneeUser.openid, name: assigneeUser.name, phone: assigneeUser.phone, teamId: route.teamId } } : {}),
    ...(slot ? { slot: { id: slot.id, start: slot.start, end: slot.end } } : {}),
    ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  });
  try {
    await db.insert('orders', doc as unknown as Record<string, unknown>);
  } catch (err) {
    // Same _id: this is a retry of a create that already landed.
    const existing = await existingOrder(db, orderId, openid);
    if (existing) return existing;
    throw err;
  }
  return toOrderWithTimeline(doc);
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
