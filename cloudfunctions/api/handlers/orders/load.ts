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
  const [row] = await db.aggregate<OrderDoc & { _caller: User[]; _property: Property[] }>('orders', [
    ['match', { _id: orderId }],
    ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: openid }]]), as: '_caller' }],
    ['lookup', { from: 'properties', localField: 'propertyId', foreignField: '_id', as: '_property' }],
    ['limit', 1],
  ]);
  if (!row) return undefined;
  const { _caller, _property, ...order } = row;
  return { order, caller: _caller[0], property: _property[0] };
}
