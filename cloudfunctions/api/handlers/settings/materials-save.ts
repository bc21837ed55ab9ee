/**
 * settings.materials.save: the catalog side of a material (耗材物料: catalog category, name, spec,
 * unit, price). Stock is not a field here: it changes only by stock.receive and completions, whose
 * moves keep the books; a new material starts at 0. A completion records each material line at
 * the price it was billed, so a new price applies to later completions only.
 */
import { z } from 'zod';
import type { Material } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { defineAction } from '../../actions';
import { docId, fen, shortText } from '../../fields';
import type { AggregateStage } from '../../../runtime/db';
import { MANAGERS_ONLY, loadSettings, type Stored } from './load';
import { createdId, saveDoc } from './save-doc';

export const materialsSave = defineAction({
  name: 'settings.materials.save',
  summary:
    'Creates (no `id`, stock 0) or updates a catalog material: `category` (电料, 化料, 水料, 卫生, 五金 …), name, spec, unit and ' +
    '`price` in fen. Stock is never set here (stock.receive restocks). A retried create with the same requestId answers the first material.',
  who: 'managers of the property',
  schema: z
    .object({
      id: docId.optional().describe('the material to update; absent: create'),
      propertyId: docId,
      category: shortText(10).describe('catalog category: 电料, 化料, 水料, 卫生, 五金 …'),
      name: shortText(30),
      spec: shortText(30),
      unit: shortText(6),
      price: fen.describe('fen per unit'),
    })
    .strict(),
  returns: 'MaterialSetting',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', category: '五金', name: '门吸', spec: '不锈钢', unit: '个', price: 1200 } },
  async handle(ctx, p): Promise<Material> {
    const { db } = ctx;
    // a catalog can be large: read only the material being updated, or the one a retried create made
    const ids = [p.id ?? createdId(ctx, 'mat')];
    const mine: AggregateStage = ['lookup', { from: 'materials', pipeline: db.pipeline([['match', { _id: db.command.in(ids), propertyId: p.propertyId }], ['limit', 1]]), as: 'mine' }];
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { extra: [mine] }, MANAGERS_ONLY);
    const found = (row.mine as Stored<Material>[] | undefined) ?? [];
    const existing = p.id === undefined ? undefined : found[0];
    if (p.id !== undefined && !existing) return fail('NOT_FOUND', '该小区没有这个材料', { 'payload.id': 'no such material in this property' });
    return saveDoc<Material>(ctx, {
      collection: 'materials',
      prefix: 'mat',
      propertyId: p.propertyId,
      existing,
      loaded: found,
      // stock: 0 on create only; an update never names it, so concurrent receipts and completions keep their counts
      fields: { category: p.category, name: p.name, spec: p.spec, unit: p.unit, price: p.price, ...(existing ? {} : { stock: 0 }) },
      optional: [],
    });
  },
});
