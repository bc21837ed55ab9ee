/**
 * report.export: the period's 报修台账 as a CSV or XLSX file in cloud storage, with a temporary URL
 * the mini-program downloads (wx.downloadFile) and opens (wx.openDocument).
 *
 * Requests: the caller with the property and its team names (one aggregate) alongside the first
 * page of the period's orders (read before the check, answered only after it); beyond a full page,
 * a count (refused above MAX_EXPORT_ROWS) and the remaining pages at once. So 2 database requests
 * up to 1,000 orders, 2 + 1 + ⌈n/1000⌉ − 1 above; then the upload and the temporary URL (storage).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Property, Team, User } from '../../../../typings/domain';
import type { ReportExport } from '../../../../typings/report';
import { fail } from '../../../core/errors';
import { isDesk } from '../../../core/order/state-machine';
import { actorIn } from '../../../core/people/actor';
import { encodeCsv } from '../../../core/report/csv';
import { LEDGER_FIELDS, MAX_EXPORT_ROWS, ledgerOf, type LedgerOrder } from '../../../core/report/rows';
import { dayBounds } from '../../../core/stats/days';
import { defineAction } from '../../actions';
import { calendarDate, docId } from '../../fields';
import { checkPeriod } from '../dashboard/schemas';
import { tempFileUrl, uploadFile } from './storage';
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

const SHANGHAI = 'Asia/Shanghai';
/** CloudBase answers at most 1,000 documents a read */
const PAGE = 1000;
/** the download URL's lifetime */
export const URL_MAX_AGE_SECONDS = 60 * 60;

const exportSchema = z
  .object({
    propertyId: docId,
    from: calendarDate,
    to: calendarDate,
    format: z.enum(['csv', 'xlsx']).describe("'csv' (UTF-8 with BOM) or 'xlsx'"),
  })
  .strict()
  .superRefine(checkPeriod);

interface CallerRow extends User {
  property: Pick<Property, 'timezone' | 'name'>[];
  teams: (Pick<Team, 'name'> & { _id: string })[];
}

export const reportExport = defineAction({
  name: 'report.export',
  summary:
    'The 报修台账 of a period as a spreadsheet file: every order reported from `from` to `to` (local days, at most 366), oldest ' +
    'first, one row each — 单号, 报修时间, 来源, 报修人, 联系电话, 房号, 位置, 类别, 紧急程度, 内容, 处理班组, 处理人, 协助人, 状态, ' +
    '接单/到场/完工/结单时间, 超时环节 (deadlines missed), 工时, 完工说明, fees in 元 (人工, 材料, 上门, 服务项目, 合计), 付费方, 支付状态, ' +
    '评价, 评价内容, 回访, 返修次数 — with times in the property’s zone. CSV is UTF-8 with a BOM (Excel opens it in Chinese), and a ' +
    'text starting with = + - @ gets a leading apostrophe so it is never run as a formula; XLSX has date and money cells. The file ' +
    'is stored under `exports/<propertyId>/` and answered with a download URL valid for an hour. At most 5,000 orders a file: a ' +
    'longer period is refused (INVALID_ARGUMENT on `to`), so export it in parts. 2 database requests up to 1,000 orders, one more ' +
    'per further 1,000 plus a count.',
  who: 'managers and the service center of the property',
  schema: exportSchema,
  returns: 'ReportExport',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'FORBIDDEN'],
  example: { openid: 'demo-manager', payload: { propertyId: 'demo', from: '2026-12-01', to: '2026-12-31', format: 'xlsx' } },
  async handle(ctx, p): Promise<ReportExport> {
    const { db } = ctx;
    const _ = db.command;
    // the period's bounds in the property's zone; every demo property is in Shanghai, and the
    // bounds are checked against the zone read below before they are used
    const bounds = (tz: string) => ({ start: dayBounds(p.from, tz).start, end: dayBounds(p.to, tz).end });
    const page = (tz: string, skip: number) =>
      db.list<LedgerOrder>('orders', { propertyId: p.propertyId, createdAt: _.gte(bounds(tz).start).and(_.lt(bounds(tz).end)) }, {
        orderBy: [['createdAt', 'asc'], ['_id', 'asc']],
        skip,
        limit: PAGE,
        fields: LEDGER_FIELDS,
      });

    const [callerRows, guessed] = await Promise.all([
      db.aggregate<CallerRow>('users', [
        ['match', { _id: ctx.openid }],
        ['lookup', { from: 'properties', pipeline: db.pipeline([['match', { _id: p.propertyId }], ['project', { timezone: true, name: true }]]), as: 'property' }],
        ['lookup', { from: 'teams', pipeline: db.pipeline([['match', { propertyId: p.propertyId }], ['project', { name: true }], ['limit', 500]]), as: 'teams' }],
        ['limit', 1],
      ]),
      // read alongside the caller (one round trip less); nothing of it is answered before the check
      page(SHANGHAI, 0),
    ]);
    const caller = callerRows[0];
    if (!isDesk(actorIn(caller ? { ...caller, openid: ctx.openid } : undefined, p.propertyId))) return fail('FORBIDDEN', '只有经理和客服中心可以导出报修台账');
    const property = caller.property[0];
    const tz = property?.timezone ?? SHANGHAI;

    let orders = tz === SHANGHAI ? guessed : await page(tz, 0);
    if (orders.length === PAGE) {
      const total = await db.count('orders', { propertyId: p.propertyId, createdAt: _.gte(bounds(tz).start).and(_.lt(bounds(tz).end)) });
      if (total > MAX_EXPORT_ROWS) {
        return fail('INVALID_ARGUMENT', `这段时间共有 ${total} 单，每个文件最多 ${MAX_EXPORT_ROWS} 单，请缩短时间段分次导出`, {
          'payload.to': `the period holds ${total} orders; at most ${MAX_EXPORT_ROWS} a file: choose an earlier to`,
        });
      }
      const rest = await Promise.all(Array.from({ length: Math.max(0, Math.ceil(total / PAGE) - 1) }, (_unused, i) => page(tz, (i + 1) * PAGE)));
      orders = orders.concat(...rest).slice(0, MAX_EXPORT_ROWS);
    }

    const now = ctx.clock.now();
    const ledger = ledgerOf(orders, { timezone: tz, now, teamNames: Object.fromEntries(caller.teams.map((t) => [t._id, t.name])) });
    // the XLSX writer (about 150 KB with fflate) is evaluated on the first XLSX export only, not at every cold start
    const bytes = p.format === 'csv' ? encodeCsv(ledger) : await (await import('../../../core/report/xlsx')).encodeXlsx(ledger);

    const stamp = dayjs(now).tz(tz).format('YYYYMMDDHHmmss');
    const cloudPath = `exports/${p.propertyId}/${p.from}_${p.to}-${stamp}-${randomBytes(3).toString('hex')}.${p.format}`;
    const fileID = await uploadFile(cloudPath, bytes);
    const url = await tempFileUrl(fileID, URL_MAX_AGE_SECONDS);
    return {
      fileID,
      url,
      expiresAt: new Date(now.getTime() + URL_MAX_AGE_SECONDS * 1000).toISOString(),
      fileName: `报修台账_${property?.name ?? p.propertyId}_${p.from}_${p.to}.${p.format}`,
      rows: ledger.rows.length,
    };
  },
});
