/**
 * settings.categories.remove: deletes a category nobody is waiting on. Deleting (rather than a
 * `disabled` flag) keeps every reader simple: order.create, catalog.categories and slots.list then
 * need no filter, and orders already made keep their own copy of what they need (categoryName,
 * paid, SLA, team; pricing and routing fall back when the category is gone). What may not be
 * removed: a category with sub-categories (they would lose their parent), and one used by an order
 * not yet closed or cancelled (its completion, revisit or reopen still reads the category's fees
 * and routing).
 */
import { z } from 'zod';
import type { OrderStatus } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { defineAction } from '../../actions';
import { docId } from '../../fields';
import { MANAGERS_ONLY, loadSettings } from './load';

/** every status but closed and cancelled: the order may still be completed, priced or reopened */
const UNFINISHED: readonly OrderStatus[] = ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold', 'completed'];

export const categoriesRemove = defineAction({
  name: 'settings.categories.remove',
  summary:
    'Deletes a category. Refused with CONFLICT while it has sub-categories or while an order of it is not yet closed or ' +
    'cancelled (pending through completed); finished orders keep their category name. Removing one already gone answers NOT_FOUND.',
  who: 'managers of the property',
  schema: z.object({ propertyId: docId, id: docId }).strict(),
  returns: '{ id: string; removed: true }',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', id: 'demo-suggestion' } },
  async handle(ctx, p): Promise<{ id: string; removed: true }> {
    const { db } = ctx;
    const openOrders: Parameters<typeof db.aggregate>[1][number] = [
      'lookup',
      {
        from: 'orders',
        pipeline: db.pipeline([['match', { categoryId: p.id, status: db.command.in([...UNFINISHED]) }], ['limit', 1], ['project', { _id: 1, orderNo: 1 }]]),
        as: 'openOrders',
      },
    ];
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { categories: true, extra: [openOrders] }, MANAGERS_ONLY);
    const category = row.categories.find((c) => c.id === p.id);
    if (!category) return fail('NOT_FOUND', '该小区没有这个类别', { 'payload.id': 'no such category in this property' });
    if (row.categories.some((c) => c.parentId === p.id)) return fail('CONFLICT', '请先删除或移走这个类别的子类', { 'payload.id': 'has sub-categories' });
    const open = (row.openOrders as { orderNo?: string }[] | undefined) ?? [];
    if (open.length) return fail('CONFLICT', `还有未完结的工单使用这个类别（${open[0].orderNo ?? ''}），不能删除`, { 'payload.id': 'used by an unfinished order' });
    // the category's own id and property in the filter: another property's category is never touched
    await db.removeWhere('categories', { _id: p.id, propertyId: p.propertyId });
    return { id: p.id, removed: true };
  },
});
