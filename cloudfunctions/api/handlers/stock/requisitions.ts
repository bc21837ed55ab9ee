/**
 * stock.requisitions: the storekeeper's list of material requisitions (领料单) — what completions
 * used that stock could not cover — newest first.
 */
import { z } from 'zod';
import type { User } from '../../../../typings/domain';
import type { Requisition } from '../../../../typings/fees';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { docId } from '../../fields';

export const MAX_REQUISITIONS = 100;

export const stockRequisitions = defineAction({
  name: 'stock.requisitions',
  summary:
    `Material requisitions (领料单) of a property, newest first, at most ${MAX_REQUISITIONS}: each names the order, the ` +
    'materials and quantities stock could not cover, who completed it and when. `status` narrows to open, issued or cancelled.',
  who: 'the service center and managers of the property',
  schema: z.object({ propertyId: docId, status: z.enum(['open', 'issued', 'cancelled']).optional() }).strict(),
  returns: 'Requisition[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', status: 'open' as const } },
  async handle(ctx, p): Promise<Requisition[]> {
    const [caller, rows] = await Promise.all([
      ctx.db.get<User>('users', ctx.openid),
      ctx.db.list<Requisition & { _id: string }>('requisitions', { propertyId: p.propertyId, ...(p.status ? { status: p.status } : {}) }, {
        orderBy: [['at', 'desc']],
        limit: MAX_REQUISITIONS,
      }),
    ]);
    if (grantsIn(caller?.roles, p.propertyId, ['dispatcher', 'manager']).length === 0) return fail('FORBIDDEN', '只有客服中心或经理可以查看领料单');
    return rows.map(({ _id, ...r }) => r);
  },
});
