/**
 * The property's priced custom service items (服务项设置: 上门费, 疏通费 …): managers keep the list,
 * technicians pick from it in the completion form. A completion records each item's name and price
 * as they were (Completion.serviceItems), so editing or disabling an item never changes a recorded
 * fee; items are disabled rather than deleted so the settings page can bring one back.
 */
import { z } from 'zod';
import { STAFF_ROLES } from '../../../core/roles';
import type { ServiceItemSetting } from '../../../../typings/settings';
import { fail } from '../../../core/errors';
import { grantsIn } from '../../../core/people/grants';
import { defineAction } from '../../actions';
import { docId, fen, shortText, wholeNumber } from '../../fields';
import { MANAGERS_ONLY, loadSettings } from './load';
import { domainOf, saveDoc } from './save-doc';

export const serviceItemsSave = defineAction({
  name: 'settings.serviceItems.save',
  summary:
    'Creates (no `id`) or updates a priced service item of the property: name, `price` in fen per `unit`, `sort`, and ' +
    '`disabled` (hidden from the completion form). Recorded completions keep the price they were billed at. A retried ' +
    'create with the same requestId answers the first item.',
  who: 'managers of the property',
  schema: z
    .object({
      id: docId.optional().describe('the item to update; absent: create'),
      propertyId: docId,
      name: shortText(20),
      price: fen.describe('fen per unit'),
      unit: shortText(6),
      sort: wholeNumber(0, 100_000).optional().describe('default 0'),
      disabled: z.boolean().optional().describe('default false'),
    })
    .strict(),
  returns: 'ServiceItemSetting',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', name: '管道疏通', price: 5000, unit: '次', sort: 10 } },
  async handle(ctx, p): Promise<ServiceItemSetting> {
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { serviceItems: true }, MANAGERS_ONLY);
    const existing = p.id === undefined ? undefined : row.serviceItems.find((s) => s.id === p.id);
    if (p.id !== undefined && !existing) return fail('NOT_FOUND', '该小区没有这个服务项', { 'payload.id': 'no such service item in this property' });
    return saveDoc<ServiceItemSetting>(ctx, {
      collection: 'service_items',
      prefix: 'svc',
      propertyId: p.propertyId,
      existing,
      loaded: row.serviceItems,
      fields: { name: p.name, price: p.price, unit: p.unit, sort: p.sort ?? 0, disabled: p.disabled ?? false },
      optional: [],
    });
  },
});

export const serviceItemsList = defineAction({
  name: 'settings.serviceItems.list',
  summary:
    "The property's service items by `sort`, for the completion form; disabled ones only with `includeDisabled` (managers' settings page).",
  who: 'staff of the property; `includeDisabled` managers only',
  schema: z.object({ propertyId: docId, includeDisabled: z.boolean().optional() }).strict(),
  returns: 'ServiceItemSetting[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-tech-1', payload: { propertyId: 'demo' } },
  async handle(ctx, p): Promise<ServiceItemSetting[]> {
    const row = await loadSettings(ctx, p.propertyId, STAFF_ROLES as ('manager' | 'dispatcher' | 'technician')[], { serviceItems: true }, '只有本小区员工可以查看服务项');
    if (p.includeDisabled && grantsIn(row.caller.roles, p.propertyId, ['manager']).length === 0) return fail('FORBIDDEN', MANAGERS_ONLY);
    return row.serviceItems.filter((s) => p.includeDisabled || !s.disabled).map((s) => domainOf<ServiceItemSetting>(s));
  },
});
