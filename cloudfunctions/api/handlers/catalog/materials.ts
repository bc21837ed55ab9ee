import { z } from 'zod';
import type { Material, User } from '../../../../typings/domain';
import type { CatalogMaterial } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { STAFF_ROLES } from '../../../core/roles';
import type { Where } from '../../../runtime/db';
import { defineAction } from '../../actions';
import { docId, shortText } from '../../fields';
import { escapeRegExp } from './regex-escape';

/** the most materials one answer carries; a search narrows a larger catalog */
export const MAX_MATERIALS = 200;

export const catalogMaterials = defineAction({
  name: 'catalog.materials',
  summary:
    "The property's material catalog (price in fen, stock), by catalog category then name; `category` narrows to one " +
    `catalog category (电料, 水料…), \`q\` searches name and spec (plain text, case-insensitive). At most ${MAX_MATERIALS} items.`,
  who: 'staff of the property',
  schema: z.object({ propertyId: docId, category: shortText(20).optional(), q: shortText(50).optional() }).strict(),
  returns: 'CatalogMaterial[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-tech-1', payload: { propertyId: 'demo', category: '水料', q: '水管' } },
  async handle(ctx, p): Promise<CatalogMaterial[]> {
    const base: Where = { propertyId: p.propertyId, ...(p.category ? { category: p.category } : {}) };
    let where = base;
    if (p.q) {
      const re = ctx.db.regExp(escapeRegExp(p.q), 'i');
      // each branch repeats the property (and category), so the property index serves both
      where = ctx.db.anyOf([{ ...base, name: re }, { ...base, spec: re }]);
    }
    const [caller, materials] = await Promise.all([
      ctx.db.get<User>('users', ctx.openid),
      ctx.db.list<Material>('materials', where, { orderBy: [['category', 'asc'], ['name', 'asc']], limit: MAX_MATERIALS }),
    ]);
    if (grantsIn(caller?.roles, p.propertyId, STAFF_ROLES).length === 0) return fail('FORBIDDEN', '只有本小区员工可以查看材料库');
    return materials.map((m) => ({ id: m.id, category: m.category, name: m.name, spec: m.spec, unit: m.unit, price: m.price, stock: m.stock }));
  },
});
