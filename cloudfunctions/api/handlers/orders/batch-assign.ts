import type { OrderActions } from '../../../../typings/order-actions';
import { ApiFailure } from '../../../core/errors';
import type { HandlerContext } from '../../context';
import { loadOrders } from './load';
import { assignStepWith, type CrewLoader } from './steps';
import type { Crew } from './technicians';
import { loadCrew } from './technicians';
import { runStep } from './transition';

type Payload = OrderActions['order.batchAssign'][0];
type Result = OrderActions['order.batchAssign'][1];

/**
 * Assigns many orders to one technician: the orders in one read, the technician once per
 * property, then each order's own conditional write, all at once. Each order succeeds or fails
 * on its own; one failure never undoes or hides the others.
 */
export async function batchAssign(ctx: HandlerContext, p: Payload): Promise<Result> {
  const orderIds = [...new Set(p.orderIds)];
  const loaded = await loadOrders(ctx.db, orderIds, ctx.openid);
  const crews = new Map<string, Promise<Crew>>();
  const crewOnce: CrewLoader = (input, technicianId) => {
    let crew = crews.get(input.order.propertyId);
    if (!crew) {
      crew = loadCrew(input.ctx.db, input.order.propertyId, input.actor, technicianId);
      crews.set(input.order.propertyId, crew);
    }
    return crew;
  };
  const step = assignStepWith(crewOnce);
  const outcomes = await Promise.all(
    orderIds.map(async (orderId) => {
      try {
        await runStep(ctx, step, { orderId, technicianId: p.technicianId }, { loaded: loaded.get(orderId) });
        return { id: orderId, code: 'ok' };
      } catch (err) {
        return { id: orderId, code: err instanceof ApiFailure ? err.code : 'INTERNAL' };
      }
    }),
  );
  return {
    assigned: outcomes.filter((o) => o.code === 'ok').map((o) => o.id),
    failed: outcomes.filter((o) => o.code !== 'ok'),
  };
}
