import type { Property, User } from '../../../../typings/domain';
import type { OrderDoc } from '../../../core/order/order-doc';
import type { Store } from '../../../runtime/db';

export interface LoadedOrder {
  order: OrderDoc;
  caller: User | undefined;
  property: Property | undefined;
}

/** The order, its property and the caller in one request (reads and transitions start here). */
export async function loadOrder(db: Store, orderId: string, openid: string): Promise<LoadedOrder | undefined> {
  return (await loadOrders(db, [orderId], openid)).get(orderId);
}

/** Several orders with their properties and the caller, in one request. */
export async function loadOrders(db: Store, orderIds: readonly string[], openid: string): Promise<Map<string, LoadedOrder>> {
  const rows = await db.aggregate<OrderDoc & { _caller: User[]; _property: Property[] }>('orders', [
    ['match', { _id: orderIds.length === 1 ? orderIds[0] : db.command.in([...orderIds]) }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: openid }]]), as: '_caller' }],
    ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: '_property' }],
    ['limit', orderIds.length],
  ]);
  return new Map(
    rows.map(({ _caller, _property, ...order }) => [order._id, { order, caller: _caller[0], property: _property[0] }]),
  );
}
