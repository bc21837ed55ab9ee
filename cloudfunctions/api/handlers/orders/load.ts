import type { Property, User } from '../../../../typings/domain';
import type { GrantLedger } from '../../../../typings/notify';
import { knownGrants, type KnownGrants } from '../../../services/notify/deliver';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Store } from '../../../runtime/db';

export interface LoadedOrder {
  order: OrderDoc;
  caller: User | undefined;
  property: Property | undefined;
  /** the subscription grants of the reporter, the technician and a reassignment's requester */
  grants: KnownGrants;
}

/** The order, its property and the caller in one request (reads and transitions start here). */
export async function loadOrder(db: Store, orderId: string, openid: string): Promise<LoadedOrder | undefined> {
  return (await loadOrders(db, [orderId], openid)).get(orderId);
}

/** Several orders with their properties and the caller, in one request. */
export async function loadOrders(db: Store, orderIds: readonly string[], openid: string): Promise<Map<string, LoadedOrder>> {
  type Row = OrderDoc & { _caller: User[]; _property: Property[]; _g1: GrantLedger[]; _g2: GrantLedger[]; _g3: GrantLedger[] };
  const rows = await db.aggregate<Row>('orders', [
    ['match', { _id: orderIds.length === 1 ? orderIds[0] : db.command.in([...orderIds]) }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: openid }]]), as: '_caller' }],
    ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: '_property' }],
    // who a step usually tells: knowing their grants spares a claim that would fail
    ['lookup', { from: 'grants', localField: 'reporter.openid', foreignField: '_id', as: '_g1' }],
    ['lookup', { from: 'grants', localField: 'assignee.openid', foreignField: '_id', as: '_g2' }],
    ['lookup', { from: 'grants', localField: 'reassignRequest.by', foreignField: '_id', as: '_g3' }],
    ['limit', orderIds.length],
  ]);
  return new Map(
    rows.map(({ _caller, _property, _g1, _g2, _g3, ...order }) => {
      const people = [order.reporter.openid, order.assignee?.openid, order.reassignRequest?.by].filter((o): o is string => !!o);
      return [order._id, { order, caller: _caller[0], property: _property[0], grants: knownGrants(people, [..._g1, ..._g2, ..._g3]) }];
    }),
  );
}
