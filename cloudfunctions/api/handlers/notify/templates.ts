import { z } from 'zod';
import type { GrantLedger, TemplateView } from '../../../../typings/notify';
import { fail } from '../../../core/errors';
import { defineAction } from '../../actions';

export const notifyTemplates = defineAction({
  name: 'notify.templates',
  summary:
    'The subscription message templates the mini-program asks for with wx.requestSubscribeMessage, and when: ' +
    '`after_report` (a resident, right after 提交报修), `after_accept` (a technician, after the first 接单 of the day), ' +
    '`desk_on_duty` (the service center).',
  who: 'anyone',
  schema: z.object({}).strict(),
  returns: 'TemplateView[]',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
  example: { openid: 'demo-resident', payload: {} },
  async handle(ctx): Promise<TemplateView[]> {
    const seen = new Set<string>();
    return Object.entries(ctx.templates).flatMap(([event, t]) => {
      if (!t) return [];
      const key = `${t.templateId}|${t.moment}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ event: event as TemplateView['event'], templateId: t.templateId, moment: t.moment }];
    });
  },
});

export const notifyGranted = defineAction({
  name: 'notify.granted',
  summary:
    'Records what the person allowed in wx.requestSubscribeMessage (the template ids answered "accept"): each is one ' +
    'more one-time message the server may send them. Returns the ledger.',
  who: 'anyone',
  schema: z.object({ templateIds: z.array(z.string().min(1).max(64).regex(/^[\w-]+$/, 'a template id')).min(1).max(5) }).strict(),
  returns: 'GrantLedger',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT'],
  example: { openid: 'demo-resident', payload: { templateIds: ['tmpl-order-accepted-example-0002'] } },
  async handle(ctx, p): Promise<GrantLedger> {
    const known = new Set(Object.values(ctx.templates).map((t) => t?.templateId));
    const unknown = p.templateIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) return fail('INVALID_ARGUMENT', '请更新小程序后重试', { [`payload.templateIds.${unknown}`]: 'not a template of this mini-program' });
    const _ = ctx.db.command;
    const now = ctx.clock.now().toISOString();
    const add: Record<string, unknown> = { updatedAt: now };
    for (const id of p.templateIds) add[`counts.${id}`] = _.inc(p.templateIds.filter((t) => t === id).length);
    if ((await ctx.db.updateById('grants', ctx.openid, add)) === 0) {
      const counts: Record<string, number> = {};
      for (const id of p.templateIds) counts[id] = (counts[id] ?? 0) + 1;
      try {
        await ctx.db.insert('grants', { _id: ctx.openid, openid: ctx.openid, counts, updatedAt: now });
      } catch {
        // a concurrent first grant made the ledger a moment ago: add to it
        await ctx.db.updateById('grants', ctx.openid, add);
      }
    }
    const ledger = await ctx.db.get<GrantLedger>('grants', ctx.openid);
    return { openid: ctx.openid, counts: ledger?.counts ?? {}, updatedAt: ledger?.updatedAt ?? now };
  },
});
