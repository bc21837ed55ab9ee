import { z } from 'zod';
import type { Category, User } from '../../../../typings/domain';
import type { CatalogCategory } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { docId } from '../../fields';

/** A property has tens of categories; one page of the server SDK's maximum holds them all. */
const MAX_CATEGORIES = 1000;

export const catalogCategories = defineAction({
  name: 'catalog.categories',
  summary:
    "The property's order categories in display order: first-level categories have no `parentId`, second-level ones " +
    'name their parent. Each says which team it routes to, whether it is paid (fee mode, visit fee in fen), grabbable, a public-area item, and its SLA.',
  who: 'anyone with a role in the property (residents included)',
  schema: z.object({ propertyId: docId }).strict(),
  returns: 'CatalogCategory[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-resident', payload: { propertyId: 'demo' } },
  async handle(ctx, p): Promise<CatalogCategory[]> {
    // The caller and the categories at once; nothing is returned unless the caller belongs to the property.
    const [caller, categories] = await Promise.all([
      ctx.db.get<User>('users', ctx.openid),
      ctx.db.list<Category>('categories', { propertyId: p.propertyId }, { orderBy: [['sort', 'asc']], limit: MAX_CATEGORIES }),
    ]);
    if (grantsIn(caller?.roles, p.propertyId).length === 0) return fail('FORBIDDEN', '你还不是这个小区的住户或员工');
    return categories.map((c) => ({
      id: c.id,
      name: c.name,
      ...(c.parentId ? { parentId: c.parentId } : {}),
      kind: c.kind,
      teamId: c.teamId,
      paid: c.paid,
      grabbable: c.grabbable,
      publicArea: c.publicArea,
      feeMode: c.feeMode,
      visitFeeFen: c.visitFeeFen,
      sla: c.sla,
    }));
  },
});
