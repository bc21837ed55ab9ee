/**
 * report.export through local-cloud and the real wx-server-sdk: orders driven through the API, the
 * 报修台账 exported as CSV and XLSX, uploaded to cloud storage by the function, downloaded through
 * the temporary URL it answers and read back as a manager's Excel would: headers, order numbers,
 * Chinese statuses, local times, money in 元, no live formula. Then who may export, bad input, the
 * 5,000-row bound, and the database requests (2 up to 1,000 orders).
 */
import readXlsxFile from 'read-excel-file/node';
import type { ActionData, ApiResponse } from '../../typings/api';
import type { OrderWithTimeline } from '../../typings/domain';
import type { ReportExport, ReportExportPayload } from '../../typings/report';
import { yuan } from '../../cloudfunctions/core/report/csv';
import { LEDGER_COLUMNS } from '../../cloudfunctions/core/report/rows';
import { wallClockDate } from '../../cloudfunctions/core/report/xlsx';
import { sdkDatabase } from '../local-cloud/database-sdk';
import { parseCsv } from '../support/csv';
import { callFunction, localGet } from '../support/local-cloud';
import { ASSIGNEE, DISPATCHER, LEADER, MANAGER, OTHER_RESIDENT, REPORTER, advanceMinutes, createOrder, driveTo, err, ok, resetDemo, useDemoCloud } from '../support/orders';

let url = '';
useDemoCloud((u) => {
  url = u;
});

const HEADERS = LEDGER_COLUMNS.map((c) => c.header);
const DAY = '2026-11-24';
const FORMULA = '=HYPERLINK("http://evil.example","点击领取补贴")';

async function exported(openid: string, payload: ReportExportPayload): Promise<{ data: ReportExport; dbRequests: number }> {
  const res = await callFunction<ApiResponse<ActionData<'report.export'>>>(url, 'api', openid, { action: 'report.export', payload });
  if (res.status !== 200 || !res.body.ok) throw new Error(`report.export as ${openid}: ${res.status} ${JSON.stringify(res.body)}`);
  return { data: res.body.data, dbRequests: res.dbRequests };
}

/** The SDK requests of the latest report.export (local-cloud's /_local/stats). */
async function lastExportRequests(): Promise<string[]> {
  const { invocations } = await localGet<{ invocations: { action?: string; requests: { action: string; collection?: string }[] }[] }>(url, 'stats');
  const last = invocations.filter((i) => i.action === 'report.export').pop();
  return (last?.requests ?? []).map((r) => (r.collection ? `${r.action} ${r.collection}` : r.action));
}

async function download(fileUrl: string): Promise<{ bytes: Buffer; contentType: string }> {
  const res = await fetch(fileUrl);
  expect(res.status).toBe(200);
  return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' };
}

/** rows as header → cell, keyed by 单号 */
function byOrderNo(table: unknown[][]): Map<string, Record<string, unknown>> {
  const [header, ...rows] = table;
  return new Map(rows.map((r) => [String(r[0]), Object.fromEntries((header as string[]).map((h, i) => [h, r[i]]))]));
}

describe('report.export', () => {
  let closed: OrderWithTimeline;
  let paid: OrderWithTimeline;
  let formula: OrderWithTimeline;
  let cancelled: OrderWithTimeline;

  beforeAll(async () => {
    await resetDemo(url, `${DAY}T10:00:00+08:00`);
    closed = await driveTo(url, 'closed');
    await advanceMinutes(url, 30);
    paid = await driveTo(url, 'completed', { categoryId: 'demo-appliance-ac', description: '空调不制冷, 室外机有异响', location: { kind: 'unit', text: '1栋101 客厅' } });
    await advanceMinutes(url, 30);
    formula = await createOrder(url, { as: OTHER_RESIDENT, description: FORMULA, location: { kind: 'unit', text: '2栋302 卫生间' } });
    cancelled = await driveTo(url, 'cancelled');
    // another property's order and one of the next day stay out of the file
    await createOrder(url, { as: 'demo2-resident', propertyId: 'demo-2', categoryId: 'demo2-water-leak' });
    await advanceMinutes(url, 24 * 60);
    await createOrder(url);
  });

  it('CSV: a manager downloads the day’s ledger and reads it in Chinese, 2 database requests', async () => {
    const { data, dbRequests } = await exported(MANAGER, { propertyId: 'demo', from: DAY, to: DAY, format: 'csv' });
    expect(dbRequests).toBe(2);
    expect((await lastExportRequests()).sort()).toEqual(['database.aggregateDocuments users', 'database.getDocument orders', 'storage.batchGetDownloadUrl', 'storage.getUploadMetadata']);
    expect(data.rows).toBe(4);
    expect(data.fileName).toBe(`报修台账_示范小区_${DAY}_${DAY}.csv`);
    expect(data.fileID).toMatch(new RegExp(`^cloud://.+/exports/demo/${DAY}_${DAY}-\\d{14}-[0-9a-f]{6}\\.csv$`));
    expect(Date.parse(data.expiresAt) - Date.parse('2026-11-25T10:00:00+08:00')).toBeGreaterThanOrEqual(60 * 60 * 1000 - 60_000);

    const { bytes, contentType } = await download(data.url);
    expect(contentType).toMatch(/^text\/csv/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const table = parseCsv(bytes.toString('utf8').slice(1));
    expect(table[0]).toEqual(HEADERS);
    expect(table.slice(1).map((r) => r[0])).toEqual([closed.orderNo, paid.orderNo, formula.orderNo, cancelled.orderNo]);

    const rows = byOrderNo(table);
    expect(rows.get(closed.orderNo)).toMatchObject({
      报修时间: `${DAY} 10:00`,
      报修人: '张伟',
      类别: '水管漏水',
      内容: '厨房水管接头漏水',
      处理班组: '工程部',
      处理人: '赵强',
      状态: '已完结',
      接单时间: `${DAY} 10:00`,
      完工说明: '更换水管接头并试压',
      '工时(分钟)': '40',
      '评价(星)': '5',
      评价内容: '师傅很专业',
      超时环节: '',
    });
    expect(paid.fee?.total).toBeGreaterThan(0);
    expect(rows.get(paid.orderNo)).toMatchObject({
      报修时间: `${DAY} 10:30`,
      类别: '空调维修',
      内容: '空调不制冷, 室外机有异响',
      状态: '待评价',
      '上门费(元)': '30.00',
      '费用合计(元)': yuan(paid.fee?.total ?? -1),
      付费方: '业主',
      支付状态: '未支付',
    });
    // the resident's text is never a formula in the manager's Excel
    expect(rows.get(formula.orderNo)).toMatchObject({ 报修人: '李娜', 房号: '2栋302', 内容: `'${FORMULA}`, 状态: '待派单', 处理人: '' });
    // a day later it has missed its accept-by and arrive-by deadlines and is not done
    expect(rows.get(formula.orderNo)?.['超时环节']).toBe('接单超时、到场超时、完工超时');
    expect(rows.get(cancelled.orderNo)).toMatchObject({ 状态: '已取消', 结单时间: `${DAY} 11:00`, 超时环节: '' });
  });

  it('XLSX: the service center gets a workbook with date and money cells and the text as written', async () => {
    const { data, dbRequests } = await exported(DISPATCHER, { propertyId: 'demo', from: '2026-11-01', to: '2026-11-30', format: 'xlsx' });
    expect(dbRequests).toBe(2);
    expect(data.rows).toBe(5);
    expect(data.fileName).toBe('报修台账_示范小区_2026-11-01_2026-11-30.xlsx');
    const { bytes, contentType } = await download(data.url);
    expect(contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [sheet] = await readXlsxFile(bytes);
    expect(sheet.sheet).toBe('报修台账');
    expect(sheet.data[0]).toEqual(HEADERS);
    const rows = byOrderNo(sheet.data);
    expect(rows.get(closed.orderNo)).toMatchObject({ 报修时间: wallClockDate(`${DAY} 10:00`), 状态: '已完结', 处理人: '赵强', '评价(星)': 5, 返修次数: 0 });
    expect(rows.get(paid.orderNo)).toMatchObject({ '上门费(元)': 30, '费用合计(元)': (paid.fee?.total ?? 0) / 100, 状态: '待评价' });
    expect(rows.get(formula.orderNo)).toMatchObject({ 内容: FORMULA, 状态: '待派单', 处理人: null });
    expect([...rows.values()].map((r) => r['状态'])).toEqual(['已完结', '待评价', '待派单', '已取消', '待派单']);
  });

  it('a period without orders is a file with the header row alone', async () => {
    const { data, dbRequests } = await exported(MANAGER, { propertyId: 'demo', from: '2026-10-01', to: '2026-10-31', format: 'csv' });
    expect(dbRequests).toBe(2);
    expect(data.rows).toBe(0);
    const { bytes } = await download(data.url);
    expect(parseCsv(bytes.toString('utf8').slice(1))).toEqual([HEADERS]);
  });

  it('only managers and the service center of the property may export', async () => {
    const payload = { propertyId: 'demo', from: DAY, to: DAY, format: 'csv' };
    for (const who of [REPORTER, ASSIGNEE, LEADER, 'demo2-manager', 'nobody-at-all']) {
      expect(await err(url, who, 'report.export', payload)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await err(url, MANAGER, 'report.export', { ...payload, propertyId: 'demo-2' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(url, MANAGER, 'report.export', { ...payload, propertyId: 'no-such-property' })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(url, undefined, 'report.export', payload)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await ok(url, 'demo2-manager', 'report.export', { ...payload, propertyId: 'demo-2' })).rows).toBe(1);
  });

  it('bad input is INVALID_ARGUMENT naming the field', async () => {
    const good = { propertyId: 'demo', from: DAY, to: DAY, format: 'csv' };
    const cases: [unknown, string][] = [
      [{ ...good, format: 'pdf' }, 'payload.format'],
      [{ propertyId: 'demo', from: DAY, to: DAY }, 'payload.format'],
      [{ ...good, from: '2026-02-30' }, 'payload.from'],
      [{ ...good, from: '24/11/2026' }, 'payload.from'],
      [{ ...good, to: '2026-11-23' }, 'payload.to'],
      [{ ...good, from: '2025-11-23', to: '2026-11-24' }, 'payload.to'],
      [{ ...good, propertyId: { $gt: '' } }, 'payload.propertyId'],
      [{ ...good, propertyId: 'x'.repeat(65) }, 'payload.propertyId'],
      [{ ...good, bucket: 'day' }, 'payload.bucket'],
    ];
    for (const [payload, field] of cases) {
      const e = await err(url, MANAGER, 'report.export', payload);
      expect(e.code).toBe('INVALID_ARGUMENT');
      expect(Object.keys(e.fields ?? {})).toEqual([field]);
    }
    // 366 days, both included, is the longest period
    expect((await ok(url, MANAGER, 'report.export', { ...good, from: '2025-11-24', to: '2026-11-24' })).rows).toBe(4);
  });
});

describe('report.export: at most 5,000 orders a file', () => {
  /** Mon 2026-10-05 00:00 Shanghai, then one order every 10 minutes */
  const START = Date.parse('2026-10-05T00:00:00+08:00');

  beforeAll(async () => {
    await resetDemo(url, '2026-11-24T10:00:00+08:00');
    const db = sdkDatabase(url);
    const docs = Array.from({ length: 5001 }, (_, i) => {
      const created = new Date(START + i * 10 * 60_000);
      const iso = created.toISOString();
      const id = `bulk-${String(i).padStart(5, '0')}`;
      return {
        _id: id,
        id,
        orderNo: `B${String(i).padStart(5, '0')}`,
        propertyId: 'demo',
        kind: 'repair',
        categoryId: 'demo-water-leak',
        categoryName: '水管漏水',
        status: 'closed',
        description: `批量导入 ${i}`,
        location: { kind: 'unit', text: '1栋101' },
        photos: [],
        urgency: 'normal',
        source: 'phone',
        reporter: { openid: 'demo-resident', name: '张伟', phone: '13800000001' },
        teamId: 'demo-team-eng',
        due: { acceptBy: iso, arriveBy: iso, completeBy: iso },
        acceptedAt: iso,
        reopenCount: 0,
        createdAt: iso,
        updatedAt: iso,
      };
    });
    for (let i = 0; i < docs.length; i += 1000) await db.collection('orders').add({ data: docs.slice(i, i + 1000) });
  });

  it('a period over 5,000 orders is refused on `to`, in 3 requests, with nothing stored', async () => {
    const res = await callFunction<ApiResponse<ReportExport>>(url, 'api', MANAGER, {
      action: 'report.export',
      payload: { propertyId: 'demo', from: '2026-10-01', to: '2026-11-30', format: 'xlsx' },
    });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.to': expect.stringContaining('5001 orders') } } });
    expect(res.dbRequests).toBe(3);
    expect(await lastExportRequests()).not.toContain('storage.getUploadMetadata');
  });

  it('up to 5,000 fit; 1,440 orders over 10 days read in pages (4 requests), every one once, in order', async () => {
    // 5,000 orders: 2026-10-05 00:00 … 2026-11-08 17:10; the 5,001st is at 17:20 on 11-08, so stop the day before
    const days = await exported(MANAGER, { propertyId: 'demo', from: '2026-10-05', to: '2026-10-14', format: 'csv' });
    expect(days.data.rows).toBe(1440);
    expect(days.dbRequests).toBe(2 + 1 + 1);
    const table = parseCsv((await download(days.data.url)).bytes.toString('utf8').slice(1));
    expect(table.length).toBe(1441);
    expect(table.slice(1).map((r) => r[0])).toEqual(Array.from({ length: 1440 }, (_, i) => `B${String(i).padStart(5, '0')}`));
    expect(table[1].slice(1, 3)).toEqual(['2026-10-05 00:00', '电话']);

    const most = await exported(MANAGER, { propertyId: 'demo', from: '2026-10-01', to: '2026-11-07', format: 'xlsx' });
    expect(most.data.rows).toBe(4896);
    expect(most.dbRequests).toBe(2 + 1 + 4);
  });
});
