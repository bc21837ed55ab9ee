/**
 * settings.categories.save: a category of the two-level tree (工单类型 → 工单子类) with its routing,
 * SLA, fees and appointment schedule. Fees already recorded on orders never change with it: a
 * completion stores its fee, so only completions after the save see a new visit fee or mode.
 */
import { z } from 'zod';
import type { Category } from '../../../../typings/domain';
import { fail } from '../../../core/errors';
import { defineAction } from '../../actions';
import { docId, fen, shortText, slotSchedule, wholeNumber } from '../../fields';
import { MANAGERS_ONLY, loadSettings } from './load';
import { saveDoc } from './save-doc';
import { withoutPastExceptions } from './schedule';

/** a month: longer SLAs are not deadlines anyone watches */
const slaMinutes = wholeNumber(1, 30 * 24 * 60);

export const categoriesSave = defineAction({
  name: 'settings.categories.save',
  summary:
    'Creates (no `id`) or updates a category. A second-level category names a first-level `parentId` of the same property, ' +
    'and a category with sub-categories cannot get a parent; `teamId` must be a team of the property. `paid` follows from ' +
    '`feeMode` (every mode but `free` bills the resident). SLA minutes: accept ≤ arrive ≤ complete. `schedule` is validated ' +
    '(HH:mm windows with start < end that do not overlap on a weekday, weekdays 1–7, capacity ≥ 0, exceptions on real dates; ' +
    'exceptions before today are dropped). Optional fields left out are cleared. Fees of completed orders never change. ' +
    'A retried create with the same requestId answers the first category.',
  who: 'managers of the property',
  schema: z
    .object({
      id: docId.optional().describe('the category to update; absent: create'),
      propertyId: docId,
      name: shortText(20),
      parentId: docId.optional().describe('a first-level category of the property'),
      kind: z.enum(['repair', 'matter']),
      teamId: docId,
      sla: z
        .object({ acceptMinutes: slaMinutes, arriveMinutes: slaMinutes, completeMinutes: slaMinutes })
        .strict()
        .refine((s) => !(s.acceptMinutes > s.arriveMinutes), { path: ['arriveMinutes'], message: 'not before acceptMinutes' })
        .refine((s) => !(s.arriveMinutes > s.completeMinutes), { path: ['completeMinutes'], message: 'not before arriveMinutes' }),
      feeMode: z.enum(['free', 'after_service', 'deposit', 'prepaid']),
      visitFeeFen: fen,
      prepayFen: fen.optional().describe('deposit or prepaid modes only: fen paid when ordering (dispatch waits for it)'),
      grabbable: z.boolean(),
      publicArea: z.boolean(),
      skill: shortText(20).optional().describe('a technician skill auto-assignment prefers'),
      sort: wholeNumber(0, 100_000),
      schedule: slotSchedule.optional(),
    })
    .strict()
    // a prepayment only means something when the mode asks for one on ordering
    .refine((c) => c.prepayFen === undefined || c.feeMode === 'deposit' || c.feeMode === 'prepaid', {
      path: ['prepayFen'],
      message: 'only with feeMode deposit or prepaid',
    }),
  returns: 'CategorySetting',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: {
    openid: 'demo-manager',
    payload: {
      propertyId: 'demo',
      name: '门窗维修',
      parentId: 'demo-public',
      kind: 'repair',
      teamId: 'demo-team-eng',
      sla: { acceptMinutes: 30, arriveMinutes: 120, completeMinutes: 480 },
      feeMode: 'after_service',
      visitFeeFen: 2000,
      grabbable: true,
      publicArea: false,
      skill: '公区',
      sort: 32,
      schedule: { windows: [{ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '12:00', capacity: 2 }] },
    },
  },
  async handle(ctx, p): Promise<Category> {
    const row = await loadSettings(ctx, p.propertyId, ['manager'], { teams: true, categories: true }, MANAGERS_ONLY);
    const existing = p.id === undefined ? undefined : row.categories.find((c) => c.id === p.id);
    if (p.id !== undefined && !existing) return fail('NOT_FOUND', '该小区没有这个类别', { 'payload.id': 'no such category in this property' });
    if (!row.teams.some((t) => t.id === p.teamId)) return fail('NOT_FOUND', '该小区没有这个班组', { 'payload.teamId': 'no such team in this property' });
    if (p.parentId !== undefined) {
      const parent = row.categories.find((c) => c.id === p.parentId);
      if (!parent) return fail('NOT_FOUND', '该小区没有这个上级类别', { 'payload.parentId': 'no such category in this property' });
      if (parent.id === p.id) return fail('INVALID_ARGUMENT', '类别不能做自己的上级', { 'payload.parentId': 'the category itself' });
      if (parent.parentId) return fail('INVALID_ARGUMENT', '类别只有两级：上级必须是一级类别', { 'payload.parentId': 'a second-level category; only first-level ones can be parents' });
      if (parent.kind !== p.kind) return fail('INVALID_ARGUMENT', '子类必须与上级类别同为报修或报事', { 'payload.kind': `the parent is a ${parent.kind}` });
      if (existing && row.categories.some((c) => c.parentId === existing.id)) {
        return fail('CONFLICT', '这个类别下还有子类，不能再设上级', { 'payload.parentId': 'the category has sub-categories' });
      }
    }
    if (existing && p.kind !== existing.kind && row.categories.some((c) => c.parentId === existing.id)) {
      return fail('CONFLICT', '这个类别下还有子类，不能改变报修/报事', { 'payload.kind': 'the category has sub-categories of its kind' });
    }
    const now = ctx.clock.now();
    return saveDoc<Category>(ctx, {
      collection: 'categories',
      prefix: 'cat',
      propertyId: p.propertyId,
      existing,
      loaded: row.categories,
      fields: {
        name: p.name,
        parentId: p.parentId,
        kind: p.kind,
        teamId: p.teamId,
        sla: p.sla,
        feeMode: p.feeMode,
        // derived, never sent: a paid flag that disagreed with the fee mode would bill a free repair
        paid: p.feeMode !== 'free',
        visitFeeFen: p.visitFeeFen,
        prepayFen: p.prepayFen,
        grabbable: p.grabbable,
        publicArea: p.publicArea,
        skill: p.skill,
        sort: p.sort,
        schedule: p.schedule && withoutPastExceptions(p.schedule, now, row.property?.timezone ?? 'Asia/Shanghai'),
      },
      optional: ['parentId', 'skill', 'schedule', 'prepayFen'],
    });
  },
});
