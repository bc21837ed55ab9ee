import { z } from 'zod';
import type { OrderDoc } from '../../../core/order/order-doc';
import { fail } from '../../../core/errors';
import { isDesk } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import type { User } from '../../../../typings/domain';
import type { RevisitTask } from '../../../../typings/notify';
import { defineAction } from '../../actions';
import { docId } from '../../fields';

const PAGE = 20;

export const revisitTasks = defineAction({
  name: 'revisit.tasks',
  summary:
    'The revisit calls (回访) the service center owes, soonest due first: every paid order within 24 h of completion, and ' +
    'every free one rated below satisfied (≤ 3) or closed without a rating. order.revisit completes one.',
  who: 'the service center and managers of the property',
  schema: z.object({ propertyId: docId, cursor: z.string().max(100).optional() }).strict(),
  returns: '{ items: RevisitTask[]; nextCursor?: string }',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-dispatcher', payload: { propertyId: 'demo' } },
  async handle(ctx, p): Promise<{ items: RevisitTask[]; nextCursor?: string }> {
    const { db } = ctx;
    const _ = db.command;
    const user = await db.get<User>('users', ctx.openid);
    if (!isDesk(actorIn(user ? { ...user, openid: ctx.openid } : undefined, p.propertyId))) return fail('FORBIDDEN', '只有客服中心可以查看回访任务');
    const after = p.cursor ? Buffer.from(p.cursor, 'base64url').toString('utf8') : '';
    const docs = await db.list<OrderDoc>('orders', { propertyId: p.propertyId, revisitDueAt: after ? _.gt(after) : _.exists(true) }, {
      orderBy: [['revisitDueAt', 'asc']],
      limit: PAGE + 1,
      fields: { timeline: false, outbox: false },
    });
    const items = docs.slice(0, PAGE).map((o) => ({
      orderId: o.id,
      orderNo: o.orderNo,
      categoryName: o.categoryName,
      reporter: { name: o.reporter.name, phone: o.reporter.phone },
      reason: o.revisitReason ?? 'paid',
      dueAt: o.revisitDueAt ?? '',
    }));
    const last = items[items.length - 1];
    return docs.length > PAGE && last ? { items, nextCursor: Buffer.from(last.dueAt).toString('base64url') } : { items };
  },
});
