/**
 * stock.receive: a manager books goods into stock (入库). The move is recorded first under an id
 * made of the caller and the requestId, so a retried request finds its move and adds nothing twice;
 * then stock grows by one atomic increment (concurrent receipts and completions never overwrite
 * each other's counts).
 */
import { z } from 'zod';
import type { Material, User } from '../../../../typings/domain';
import type { StockMove } from '../../../../typings/fees';
import { fail } from '../../../core/errors';
import { writeId } from '../../../core/ids';
import { grantsIn } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { docId, shortText } from '../../fields';
import { stockQty } from './fields';

export const stockReceive = defineAction({
  name: 'stock.receive',
  summary:
    'Restock a catalog material (入库): its stock grows by `qty` and a `receive` move records who, when and the note. ' +
    'Answers the material with its new stock. Retrying with the same requestId adds nothing twice.',
  who: "managers of the material's property",
  schema: z.object({ materialId: docId, qty: stockQty.max(100_000), note: shortText(200).optional() }).strict(),
  returns: 'Material',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { materialId: 'demo-mat-lock', qty: 10, note: '采购入库' } },
  async handle(ctx, p): Promise<Material> {
    const db = ctx.db;
    // the material and the caller in one request
    const [row] = await db.aggregate<Material & { _caller: User[] }>('materials', [
      ['match', { _id: p.materialId }],
      ['lookup', { from: 'users', pipeline: db.pipeline([['match', { _id: ctx.openid }]]), as: '_caller' }],
      ['limit', 1],
    ]);
    if (!row) return fail('NOT_FOUND', '材料不存在', { 'payload.materialId': 'not in the catalog' });
    const { _caller, ...material } = row;
    if (grantsIn(_caller[0]?.roles, material.propertyId, ['manager']).length === 0) return fail('FORBIDDEN', '只有本小区经理可以入库');
    const at = ctx.clock.now().toISOString();
    const move: StockMove = {
      id: writeId('rcv', ctx.openid, ctx.requestId),
      propertyId: material.propertyId,
      kind: 'receive',
      lines: [{ materialId: material.id, name: material.name, spec: material.spec, unit: material.unit, qty: p.qty }],
      ...(p.note ? { note: p.note } : {}),
      by: ctx.openid,
      byName: _caller[0]?.name ?? '',
      at,
    };
    try {
      await db.insert('stock_moves', { _id: move.id, ...move });
    } catch (err) {
      // the same requestId again: its receipt is already in, answer the material as it is now
      const first = ctx.requestId ? await db.get<StockMove>('stock_moves', move.id) : undefined;
      if (!first) throw err;
      return publicMaterial((await db.get<Material>('materials', material.id)) ?? material);
    }
    await db.updateWhere('materials', { _id: material.id }, { stock: db.command.inc(p.qty), updatedAt: at });
    return publicMaterial((await db.get<Material>('materials', material.id)) ?? material);
  },
});

/** The catalog fields, without the database's own. */
function publicMaterial(m: Material & { _id?: string; createdAt?: string; updatedAt?: string }): Material {
  return { id: m.id, propertyId: m.propertyId, category: m.category, name: m.name, spec: m.spec, unit: m.unit, price: m.price, stock: m.stock };
}
