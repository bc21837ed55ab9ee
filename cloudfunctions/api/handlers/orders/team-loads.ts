/**
 * Who of a team could take an order now, for auto-assignment: its technicians with their open
 * orders and their subscription grants, in one request. Used when an order is created in auto
 * mode, and when a paid-on-order order's payment lands (it waited for it in the pool).
 */
import type { Order, Property, User } from '../../../../typings/domain';
import type { GrantLedger } from '../../../../typings/notify';
import { OPEN_STATUSES } from '../../../core/order/open-statuses';
import { pickTechnician, type TechnicianLoad } from '../../../core/order/routing';
import type { Store } from '../../../runtime/db';
import { knownGrants, type KnownGrants } from '../../../services/notify/deliver';

type Technician = User & { _id: string };

/**
 * Auto-assignment's read (one request, auto mode only): the team's technicians with their open
 * orders, and their subscription grants, so telling the chosen one tries no claim that would fail.
 */
export async function teamLoads(db: Store, propertyId: string, teamId: string): Promise<{ loads: TechnicianLoad[]; technicians: User[]; grants: KnownGrants }> {
  const _ = db.command;
  const rows = await db.aggregate<Technician & { _loads: { _id: string; n: number }[]; _grants: GrantLedger[] }>('users', [
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
    ['lookup', { from: 'grants', localField: '_id', foreignField: '_id', as: '_grants' }],
    ['limit', 200],
  ]);
  const openByTech = new Map((rows[0]?._loads ?? []).map((l) => [l._id, l.n]));
  const technicians: User[] = rows.map(({ _loads: _l, _grants: _g, _id: _i, ...u }) => u);
  return {
    technicians,
    grants: knownGrants(technicians.map((t) => t.openid), rows.flatMap((r) => r._grants)),
    loads: technicians.map((u) => {
      const grant = u.roles.find((r) => r.propertyId === propertyId && r.role === 'technician' && r.teamId === teamId);
      return { openid: u.openid, teamId, skills: grant?.skills ?? [], areas: grant?.areas ?? [], openOrders: openByTech.get(u.openid) ?? 0 };
    }),
  };
}

/**
 * The technician auto mode gives a paid-on-order order once its payment lands: 2 requests (the
 * team's loads, the category's skill), none when the property dispatches by hand or the order is
 * no longer waiting in the pool.
 */
export async function technicianOnPayment(db: Store, order: Pick<Order, 'status' | 'assignee' | 'teamId' | 'categoryId' | 'location'>, property: Pick<Property, 'id' | 'dispatchMode'> | undefined): Promise<string | undefined> {
  if (!property || property.dispatchMode !== 'auto' || order.status !== 'pending' || order.assignee) return undefined;
  const [team, category] = await Promise.all([teamLoads(db, property.id, order.teamId), db.get<{ skill?: string }>('categories', order.categoryId)]);
  return pickTechnician(team.loads, category?.skill, order.location.building)?.openid;
}
