/**
 * 数据看板 against a real local-cloud: a week of orders driven through the API with the clock
 * moved and the scheduler keeping each day (tests/api/dashboard.test.ts does the same for the
 * figures themselves), then read as the manager reads it — the counts, the rate cards, the times,
 * the trend's bars, the breakdowns, the technician ranking and the money; the period tabs and the
 * calendar asking for the right dates (a bar a day, a bar a month past 31 days); the service
 * center reading it too; residents and technicians told 无权查看; the empty and error states.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, postJson, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, type Bridge, type Rendered } from '../support/simulate';
import http from 'node:http';
import { setNow } from '../../miniprogram/utils/clock';
import { setLocalOpenid } from '../../miniprogram/services/local-identity';
import { api, fire, recordWx, resetDemo, type WxRecorder } from './resident-helpers';
import { serverClock } from './technician-helpers';
import { addDays, bucketOf, dayCount, periodOf, periodText } from '../../miniprogram/pages/manager/dashboard/period';
import { formatMinutes, formatRate } from '../../miniprogram/pages/manager/dashboard/view';
import { axisMax } from '../../miniprogram/components/trend-chart/layout';

/** Mon 7 – Fri 11 December 2026, Shanghai; the manager looks on Friday at 10:00. */
const MON = '2026-12-07';
const TUE = '2026-12-08';
const WED = '2026-12-09';
const THU = '2026-12-10';
const FRI = '2026-12-11';
const FRIDAY_NOW = `${FRI}T10:00:00+08:00`;
const local = (date: string, hhmm: string): string => `${date}T${hhmm}:00+08:00`;

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;
const ids = { A: '', B: '', C: '', D: '', E: '' };

async function at(date: string, hhmm: string): Promise<void> {
  await serverClock(cloud.url, local(date, hhmm));
}

/** The local midnight after `date` has passed: the scheduler keeps the day. */
async function midnightAfter(date: string): Promise<void> {
  await serverClock(cloud.url, `${addDays(date, 1)}T00:00:30+08:00`);
  const res = await postJson(`${cloud.url}/_local/triggers/scheduler`, {});
  if (res.status !== 200) throw new Error(`scheduler: HTTP ${res.status}`);
}

async function report(openid: string, description: string, categoryId = 'demo-water-leak', extra: Record<string, unknown> = {}): Promise<string> {
  const order = await api<{ id: string }>(cloud.url, openid, 'order.create', { propertyId: 'demo', categoryId, description, location: { kind: 'unit', text: '厨房' }, ...extra });
  return order.id;
}

/**
 * The week: A (leak, 赵强, on time, rated 5), B (air conditioner, paid, 王建国 on site 25 minutes
 * after its arrive-by, called back), C (cancelled), D (leak, 赵强, rated 3, not called back),
 * E (reported Wednesday, still waiting for a technician).
 */
async function driveWeek(): Promise<void> {
  await resetDemo(cloud.url, local(MON, '09:00'));
  // ——— Monday ———
  await at(MON, '09:30');
  ids.A = await report('demo-resident', '厨房水管接头漏水');
  await at(MON, '09:35');
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: ids.A, technicianId: 'demo-tech-2' });
  await at(MON, '09:40');
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: ids.A });
  await at(MON, '10:00');
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: ids.A });
  ids.B = await report('demo-resident-2', '空调不制冷', 'demo-appliance-ac');
  await at(MON, '10:05');
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: ids.B, technicianId: 'demo-tech-1' });
  await at(MON, '10:10');
  await api(cloud.url, 'demo-tech-1', 'order.accept', { orderId: ids.B });
  await at(MON, '11:00');
  ids.C = await report('demo-resident', '门口水管滴水');
  await at(MON, '11:30');
  await api(cloud.url, 'demo-resident', 'order.cancel', { orderId: ids.C, reason: '已自行修好' });
  await at(MON, '12:30');
  await api(cloud.url, 'demo-tech-1', 'order.checkIn', { orderId: ids.B });
  await at(MON, '13:00');
  await api(cloud.url, 'demo-tech-1', 'order.complete', { orderId: ids.B, summary: '清洗滤网并补充冷媒', workMinutes: 40 });
  await at(MON, '13:05');
  const { outTradeNo } = await api<{ outTradeNo: string }>(cloud.url, 'demo-resident-2', 'order.pay', { orderId: ids.B });
  await at(MON, '13:10');
  expect((await postJson(`${cloud.url}/_local/pay/${outTradeNo}`, { result: 'SUCCESS' })).status).toBe(200);
  await at(MON, '14:00');
  await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: ids.A, summary: '更换水管接头并试压', workMinutes: 40 });
  await midnightAfter(MON);
  // ——— Tuesday ———
  await at(TUE, '09:00');
  await api(cloud.url, 'demo-resident', 'order.rate', { orderId: ids.A, score: 5, comment: '师傅很专业' });
  await at(TUE, '10:00');
  await api(cloud.url, 'demo-dispatcher', 'order.revisit', { orderId: ids.B, result: 'satisfied' });
  ids.D = await report('demo-resident-2', '卫生间地漏返水');
  await at(TUE, '10:05');
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: ids.D, technicianId: 'demo-tech-2' });
  await at(TUE, '10:10');
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: ids.D });
  await at(TUE, '10:30');
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: ids.D });
  await at(TUE, '11:00');
  await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: ids.D, summary: '疏通地漏', workMinutes: 30 });
  await at(TUE, '15:00');
  await api(cloud.url, 'demo-resident-2', 'order.rate', { orderId: ids.D, score: 3, comment: '还行' });
  await midnightAfter(TUE);
  // ——— Wednesday ———
  await at(WED, '10:00');
  ids.E = await report('demo-resident', '阳台水管渗水');
  await midnightAfter(WED);
  await midnightAfter(THU);
  // ——— Friday, 10:00: the manager looks ———
  await serverClock(cloud.url, FRIDAY_NOW);
  setNow(FRIDAY_NOW);
}

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/manager/dashboard/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-manager', envVersion: 'release' });
  wxRec = recordWx();
  await driveWeek();
}, 60000);

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  bridge.url = cloud.url;
  bridge.openid = 'demo-manager';
  bridge.calls.length = 0;
  wxRec.clear();
});

/** The periods asked for, in order: [from, to] of each dashboard.summary and dashboard.trend. */
function periodsAsked(action: 'dashboard.summary' | 'dashboard.trend'): unknown[] {
  return bridge.calls.filter((c) => c.body.action === action).map((c) => c.body.payload);
}

/** Each rate card as "label value note". */
const rateCards = (page: Rendered): string[] => textsOf(page, '#rates .rate');

/** The trend's bars as a screen reader announces them (aria-label): "12月7日 新报修 3 已完成 2". */
function bars(page: Rendered): string[] {
  const chart = page.querySelector('#trend');
  const drawn = page.querySelectorAll('#trend >>> .bar-group').length;
  const data = (chart?.data ?? {}) as { bars?: { aria: string }[] };
  // what the chart holds is what it drew
  expect(data.bars ?? []).toHaveLength(drawn);
  return (data.bars ?? []).map((b) => b.aria);
}

function barHeights(page: Rendered, kind: 'created' | 'completed'): string[] {
  return page.querySelectorAll(`#trend >>> .bar--${kind}`).map((b) => String((b.dom as unknown as { getAttribute(n: string): string | null }).getAttribute('style')));
}

describe('数据看板 as the manager reads it', () => {
  it('opens on 本月 up to today: counts, statuses, rates, times', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    expect(periodsAsked('dashboard.summary')).toEqual([{ propertyId: 'demo', from: '2026-12-01', to: FRI }]);
    expect(periodsAsked('dashboard.trend')).toEqual([{ propertyId: 'demo', from: '2026-12-01', to: FRI, bucket: 'day' }]);
    expect(textsOf(page, '#period-tabs >>> .van-tab--active')).toEqual(['本月']);
    expect(textsOf(page, '#period-bar')[0]).toBe('12月1日 – 12月11日 · 11 天');

    expect(textsOf(page, '#counts .count')).toEqual(['5 新报修', '3 已完成', '1 未完结', '1 已取消']);
    // the five orders as they stand now: A and D rated, B waiting for its rating, C cancelled, E waiting for a technician
    expect(textsOf(page, '#statuses .status-tag')).toEqual(['待派单 1', '待评价 1', '已完结 2', '已取消 1']);

    expect(rateCards(page)).toEqual([
      '完成率 75% 3/4 单已完成',
      // B arrived 25 minutes after its arrive-by
      '及时到场率 66.7% 共 3 次到场',
      '按时完工率 100% 共 3 次完工',
      '满意度 4.0 分 2 条评价',
      // B (paid) called back; D (free, rated 3) not
      '回访覆盖率 50% 已回访 1/2',
      '返修率 0% 返修 0 次',
    ]);
    // accepted within 10 minutes each; on site after 30, 150 and 30 minutes; done after 270, 180 and 60
    expect(textsOf(page, '#times .time-row')).toEqual([
      '响应 报修到接单 10 分钟 10 分钟 3 次',
      '到场 报修到签到 1.2 小时 30 分钟 3 次',
      '完工 报修到完工 2.8 小时 3 小时 3 次',
    ]);
  });

  it('draws the trend a bar a day, and lists categories, teams, the technicians and the money', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready' && bars(page).length > 0);
    const days = bars(page);
    expect(days).toHaveLength(11);
    expect(days[0]).toBe('12月1日 新报修 0 已完成 0');
    expect(days.slice(6, 9)).toEqual(['12月7日 新报修 3 已完成 2', '12月8日 新报修 1 已完成 1', '12月9日 新报修 1 已完成 0']);
    expect(days[10]).toBe('12月11日 新报修 0 已完成 0');
    // Monday's 3 new orders reach the axis top (4), Tuesday's single completion a quarter of it
    expect(textsOf(page, '#trend >>> .chart__tick')).toEqual(['4', '2', '0']);
    expect(barHeights(page, 'created')[6]).toContain('height: 75%');
    expect(barHeights(page, 'completed')[7]).toContain('height: 25%');
    expect(barHeights(page, 'created')[0]).toContain('height: 0%');
    // up to 12 bars carry their numbers; labels under every other day
    expect(textsOf(page, '#trend >>> .bar-group')[6]).toBe('3 2');
    expect(textsOf(page, '#trend >>> .chart__label')).toEqual(['12/1', '', '3', '', '5', '', '7', '', '9', '', '11']);
    expect(textsOf(page, '#trend >>> .chart__legend')[0]).toBe('新报修 5 已完成 3');

    expect(textsOf(page, '#categories .category-row')).toEqual(['水管漏水 新报修 4 · 完成 2', '空调维修 新报修 1 · 完成 1 · 75 元']);
    expect(textsOf(page, '#teams .team-row')).toEqual(['工程部 新报修 5 · 完成 3']);
    expect(textsOf(page, '#technicians .technician-row')).toEqual([
      '1 赵强 工时 1.2 小时 · 按时 100% · 评分 4.0 2 单',
      '2 王建国 工时 40 分钟 · 按时 100% · 评分 — 1 单',
    ]);
    expect(textsOf(page, '#money')[0]).toBe('实收费用 75 元 收费服务 1 单 免费服务 2 单 空调维修 75 元');
    expect(textsOf(page, '.footnote')[0]).toBe('示范小区 · 今天的数据为实时统计，次日凌晨定稿');
  });

  it('sends a first setData within 32 KB', async () => {
    const { page, sizes } = openPageMeasured(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });

  it('changes the period: 本周, 上月 (nothing then: the empty state), a custom range, a long one by month', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    bridge.calls.length = 0;

    tapText(page, '#period-tabs >>> .van-tab', '本周');
    await waitFor(page, () => page.data.status === 'ready' && periodsAsked('dashboard.summary').length === 1);
    expect(periodsAsked('dashboard.summary')).toEqual([{ propertyId: 'demo', from: MON, to: FRI }]);
    expect(periodsAsked('dashboard.trend')).toEqual([{ propertyId: 'demo', from: MON, to: FRI, bucket: 'day' }]);
    expect(textsOf(page, '#period-bar')[0]).toContain('12月7日 – 12月11日 · 5 天');
    expect(bars(page)).toHaveLength(5);

    tapText(page, '#period-tabs >>> .van-tab', '上月');
    await waitFor(page, () => page.data.status === 'empty');
    expect(periodsAsked('dashboard.summary').at(-1)).toEqual({ propertyId: 'demo', from: '2026-11-01', to: '2026-11-30' });
    expect(textsOf(page, '#empty')[0]).toContain('这段时间还没有报修');
    expect(textOf(page)).not.toContain('完成率');

    // 自定义 opens the calendar; its range is asked for once confirmed
    tapText(page, '#period-tabs >>> .van-tab', '自定义');
    await waitFor(page, () => page.data.calendarShown === true);
    expect(page.querySelector('#calendar')).toBeTruthy();
    fire(page, '#calendar', 'confirm', [new Date(2026, 11, 8), new Date(2026, 11, 9)]);
    await waitFor(page, () => page.data.status === 'ready' && page.data.to === WED);
    expect(periodsAsked('dashboard.summary').at(-1)).toEqual({ propertyId: 'demo', from: TUE, to: WED });
    expect(textsOf(page, '#counts .count')).toEqual(['2 新报修', '1 已完成', '1 未完结', '0 已取消']);
    expect(textsOf(page, '#period-tabs >>> .van-tab--active')).toEqual(['自定义']);

    // more than 31 days: a bar a month
    tap(page, '#period-bar');
    await waitFor(page, () => page.data.calendarShown === true);
    fire(page, '#calendar', 'confirm', [new Date(2026, 9, 1), new Date(2026, 11, 11)]);
    await waitFor(page, () => page.data.status === 'ready' && page.data.from === '2026-10-01');
    expect(periodsAsked('dashboard.trend').at(-1)).toEqual({ propertyId: 'demo', from: '2026-10-01', to: FRI, bucket: 'month' });
    expect(bars(page)).toEqual(['2026年10月 新报修 0 已完成 0', '2026年11月 新报修 0 已完成 0', '2026年12月 新报修 5 已完成 3']);
    expect(textOf(page)).toContain('报修趋势（每月）');
  });

  it('keeps the period shown when the calendar is closed without a range', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    bridge.calls.length = 0;
    tapText(page, '#period-tabs >>> .van-tab', '自定义');
    await waitFor(page, () => page.data.calendarShown === true);
    fire(page, '#calendar', 'close', {});
    await waitFor(page, () => page.data.calendarShown === false);
    await new Promise((r) => setTimeout(r, 100));
    expect(textsOf(page, '#period-tabs >>> .van-tab--active')).toEqual(['本月']);
    expect(periodsAsked('dashboard.summary')).toEqual([]);
  });

  it('refreshes on pull-down', async () => {
    const wx = (globalThis as unknown as { wx: { stopPullDownRefresh(): void } }).wx;
    let stopped = 0;
    wx.stopPullDownRefresh = () => void stopped++;
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    bridge.calls.length = 0;
    (page.instance as unknown as { onPullDownRefresh(): void }).onPullDownRefresh();
    await waitFor(page, () => stopped === 1);
    expect(page.data.status).toBe('ready');
    expect(bridge.calls.map((c) => c.body.action).sort()).toEqual(['dashboard.summary', 'dashboard.trend', 'user.me']);
  });

  it('is the service center’s too', async () => {
    bridge.openid = 'demo-dispatcher';
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    expect(textsOf(page, '#counts .count')[0]).toBe('5 新报修');
  });
});

interface DocWx {
  downloadFile(o: { url: string; success?: (r: { tempFilePath: string; statusCode: number }) => void; fail?: (e: { errMsg: string }) => void }): void;
  openDocument(o: { filePath: string; fileType?: string; showMenu?: boolean; success?: () => void; fail?: (e: { errMsg: string }) => void }): void;
  cloud: { downloadFile?(o: { fileID: string; success?: (r: { tempFilePath: string; statusCode: number }) => void; fail?: (e: { errMsg: string }) => void }): void };
}

/** GET as wx.downloadFile would, the host pointed at the test's local-cloud: the bytes. */
function download(url: string): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url.replace(/^https?:\/\/[^/]+/, cloud.url), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('导出报修台账', () => {
  const wx = (globalThis as unknown as { wx: DocWx }).wx;
  let downloaded: { status: number; bytes: Buffer } | undefined;
  let opened: { filePath: string; fileType?: string; showMenu?: boolean }[] = [];
  beforeEach(() => {
    downloaded = undefined;
    opened = [];
    wx.downloadFile = ({ url, success, fail }) => {
      download(url)
        .then((res) => {
          downloaded = res;
          success?.({ tempFilePath: 'wxfile://tmp/ledger.xlsx', statusCode: res.status });
        })
        .catch((e: Error) => fail?.({ errMsg: `downloadFile:fail ${e.message}` }));
    };
    wx.openDocument = ({ success, fail: _fail, ...o }) => {
      opened.push(o);
      setTimeout(() => success?.(), 0);
    };
  });
  afterEach(() => {
    bridge.setEnvVersion('release');
  });

  it('in local mode downloads the period’s XLSX and opens it with WeChat’s menu to forward it', async () => {
    bridge.setEnvVersion('develop');
    setLocalOpenid('demo-manager');
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    tap(page, '#export >>> .van-button');
    await waitFor(page, () => opened.length === 1 && page.data.exporting === false);
    expect(bridge.calls.filter((c) => c.body.action === 'report.export').map((c) => [c.openid, c.body.payload])).toEqual([
      ['demo-manager', { propertyId: 'demo', from: '2026-12-01', to: FRI, format: 'xlsx' }],
    ]);
    // a real spreadsheet came down: XLSX is a zip
    expect(downloaded?.status).toBe(200);
    expect(downloaded?.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(opened).toEqual([{ filePath: 'wxfile://tmp/ledger.xlsx', fileType: 'xlsx', showMenu: true }]);
    expect(wxRec.toasts).toEqual([]);
  });

  it('in the cloud downloads by fileID (no download domain to configure)', async () => {
    const fileIds: string[] = [];
    wx.cloud.downloadFile = ({ fileID, success }) => {
      fileIds.push(fileID);
      setTimeout(() => success?.({ tempFilePath: 'wxfile://tmp/cloud.xlsx', statusCode: 200 }), 0);
    };
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    tapText(page, '#period-tabs >>> .van-tab', '本周');
    await waitFor(page, () => page.data.status === 'ready' && page.data.from === MON);
    tap(page, '#export >>> .van-button');
    await waitFor(page, () => opened.length === 1);
    expect(bridge.calls.filter((c) => c.body.action === 'report.export').map((c) => c.body.payload)).toEqual([{ propertyId: 'demo', from: MON, to: FRI, format: 'xlsx' }]);
    expect(fileIds).toHaveLength(1);
    expect(fileIds[0]).toMatch(/^cloud:\/\/.+\.xlsx$/);
    expect(opened[0]).toMatchObject({ filePath: 'wxfile://tmp/cloud.xlsx', fileType: 'xlsx' });
  });

  it('says so when the export fails, and the button is there to try again', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    bridge.url = 'http://127.0.0.1:9';
    tap(page, '#export >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length === 1 && page.data.exporting === false, 15000);
    expect(wxRec.toasts).toEqual(['网络不给力，请重试']);
    expect(opened).toEqual([]);
    expect(textsOf(page, '#export')[0]).toBe('导出');
  });

  it('is not offered without figures', async () => {
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready');
    tapText(page, '#period-tabs >>> .van-tab', '上月');
    await waitFor(page, () => page.data.status === 'empty');
    expect(page.querySelector('#export')).toBeFalsy();
  });
});

describe('who may not, and when it fails', () => {
  it.each([
    ['a resident', 'demo-resident'],
    ['a technician, even a team leader', 'demo-tech-1'],
  ])('%s sees 无权查看 and no figures', async (_who, openid) => {
    bridge.openid = openid;
    const page = openPage(pageId, { propertyId: 'demo' });
    await waitFor(page, () => page.data.status === 'forbidden');
    expect(textsOf(page, '#forbidden')[0]).toContain('无权查看');
    expect(textsOf(page, '#forbidden')[0]).toContain('数据看板仅对物业经理和客服中心开放');
    expect(textOf(page)).not.toContain('完成率');
    expect(page.querySelector('#period-tabs')).toBeFalsy();
    // nothing was asked that the server would refuse
    expect(bridge.calls.map((c) => c.body.action)).toEqual(['user.me']);
  });

  it('shows the error with 重试, which loads the figures once the network is back', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'error', 15000);
    expect(textOf(page)).toContain('网络不给力，请重试');
    bridge.url = cloud.url;
    tap(page, '#retry >>> .van-button');
    await waitFor(page, () => page.data.status === 'ready');
    expect(textsOf(page, '#counts .count')[0]).toBe('5 新报修');
  });

  it('shows the loading skeleton first', () => {
    const page = openPage(pageId);
    expect(page.data.status).toBe('loading');
    expect(page.querySelectorAll('.skeleton-card')).toHaveLength(3);
  });
});

describe('periods and figures', () => {
  const at = (iso: string): number => Date.parse(iso);
  it('本周 starts on Monday, 本月 on the 1st, 上月 is the whole month before (across a year)', () => {
    // Sunday 13 December
    expect(periodOf('week', at('2026-12-13T23:00:00+08:00'))).toEqual({ key: 'week', from: MON, to: '2026-12-13' });
    expect(periodOf('week', at(`${MON}T00:10:00+08:00`))).toEqual({ key: 'week', from: MON, to: MON });
    // 1 January, 07:00 in China is still 31 December in UTC
    expect(periodOf('month', at('2027-01-01T07:00:00+08:00'))).toEqual({ key: 'month', from: '2027-01-01', to: '2027-01-01' });
    expect(periodOf('lastMonth', at('2027-01-01T07:00:00+08:00'))).toEqual({ key: 'lastMonth', from: '2026-12-01', to: '2026-12-31' });
    expect(periodOf('lastMonth', at('2028-03-15T12:00:00+08:00'))).toEqual({ key: 'lastMonth', from: '2028-02-01', to: '2028-02-29' });
  });

  it('counts days, picks the bucket, writes the period', () => {
    expect(dayCount('2026-12-01', '2026-12-31')).toBe(31);
    expect(bucketOf({ from: '2026-12-01', to: '2026-12-31' })).toBe('day');
    expect(bucketOf({ from: '2026-11-30', to: '2026-12-31' })).toBe('month');
    expect(periodText({ from: '2025-12-30', to: '2026-01-02' }, at('2026-01-05T10:00:00+08:00'))).toBe('2025年12月30日 – 1月2日 · 4 天');
    expect(periodText({ from: FRI, to: FRI }, at(FRIDAY_NOW))).toBe('12月11日 · 1 天');
  });

  it('writes rates, times and the chart axis', () => {
    expect([formatRate(null), formatRate(0), formatRate(0.6667), formatRate(1)]).toEqual(['—', '0%', '66.7%', '100%']);
    expect([formatMinutes(null), formatMinutes(22.5), formatMinutes(59), formatMinutes(90), formatMinutes(4 * 24 * 60)]).toEqual(['—', '23 分钟', '59 分钟', '1.5 小时', '4 天']);
    expect([0, 1, 3, 5, 9, 13, 27, 61, 130].map(axisMax)).toEqual([2, 2, 4, 6, 10, 16, 30, 80, 160]);
  });
});

describe('the way in: 数据看板 on the home page of the desk', () => {
  let homeId = '';
  beforeAll(() => {
    homeId = loadPage('pages/common/home/index');
  });

  it.each([
    ['the manager', 'demo-manager'],
    ['the service center', 'demo-dispatcher'],
  ])('%s opens it for the current property', async (_who, openid) => {
    bridge.openid = openid;
    const page = openPage(homeId);
    await waitFor(page, () => page.data.status === 'ready');
    expect(textsOf(page, '#dashboard-entry')[0]).toContain('数据看板');
    tap(page, '#dashboard-entry >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual(['/pages/manager/dashboard/index?propertyId=demo']);
  });

  it.each([
    ['a resident', 'demo-resident'],
    ['a technician', 'demo-tech-1'],
  ])('%s has no such entry', async (_who, openid) => {
    bridge.openid = openid;
    const page = openPage(homeId);
    await waitFor(page, () => page.data.status === 'ready');
    expect(page.querySelector('#dashboard-entry')).toBeFalsy();
    expect(textOf(page)).not.toContain('数据看板');
  });
});
