/**
 * 我的任务 against a real local-cloud: tabs with counts, overdue first in red (the server's due
 * order, across pages), the pool link with its count, 20 a page then the rest appended, a tab switch that opens a work order, and the
 * empty, not-a-technician and error states.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { api, NOW, recordWx, resetDemo, type WxRecorder } from './resident-helpers';
import { bringTo, report, serverClock } from './technician-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/technician/tasks/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-tech-2', envVersion: 'release' });
  wxRec = recordWx();
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(async () => {
  await resetDemo(cloud.url);
  bridge.url = cloud.url;
  bridge.openid = 'demo-tech-2';
  bridge.calls.length = 0;
  wxRec.clear();
});

describe('我的任务', () => {
  it('counts each open tab, puts the overdue order first in red, and counts the pool', async () => {
    const fresh = await report(cloud.url, '厨房水管滴水');
    const late = await report(cloud.url, '卫生间水管爆裂');
    const accepted = await report(cloud.url, '阳台水管漏水');
    await report(cloud.url, '地下室水管渗水'); // stays in the pool
    await bringTo(cloud.url, fresh, 'assigned');
    // assigned at 07:30: due to arrive by 09:30, so overdue at 10:00
    await serverClock(cloud.url, '2026-12-07T07:30:00+08:00');
    await bringTo(cloud.url, late, 'assigned');
    await serverClock(cloud.url, NOW);
    await bringTo(cloud.url, accepted, 'accepted');

    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready' && String(page.data.poolText) !== '');
    expect(textsOf(page, '#tabs >>> .van-tab')).toEqual(['待接单 2', '待上门 1', '处理中', '挂起', '已完成']);
    const rows = textsOf(page, '.order-item');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('卫生间水管爆裂');
    expect(rows[0]).toContain('已超时');
    expect(rows[1]).toContain('厨房水管滴水');
    expect(rows[1]).not.toContain('已超时');
    // the late due time is red
    expect(page.querySelectorAll('.order-item >>> .order-card__due--late')).toHaveLength(1);
    expect(textsOf(page, '#pool-link')[0]).toContain('1 单可抢');

    // the order is the server's (by the next promise), and the pool count asks for grabbable orders only
    const lists = bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload);
    expect(lists).toContainEqual({ propertyId: 'demo', scope: 'assigned', status: ['assigned'], sort: 'due' });
    expect(lists).toContainEqual({ propertyId: 'demo', scope: 'pool', grabbable: true, limit: 50 });

    tap(page, '#pool-link >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe('/pages/technician/pool/index?propertyId=demo');
  });

  it('shows 20 orders by due time across pages: the overdue one reported first is on top of page 1', async () => {
    // the oldest report is the one overdue: newest-first it would come last, on page 2
    await serverClock(cloud.url, '2026-12-07T07:30:00+08:00');
    await bringTo(cloud.url, await report(cloud.url, '最早的单 水管爆裂'), 'assigned');
    await serverClock(cloud.url, NOW);
    for (let i = 1; i <= 21; i++) await bringTo(cloud.url, await report(cloud.url, `第${i}单 水管漏水`), 'assigned');
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '#tabs >>> .van-tab')[0] === '待接单 22');
    const first = textsOf(page, '.order-item');
    expect(first).toHaveLength(20);
    expect(first[0]).toContain('最早的单 水管爆裂');
    expect(first[0]).toContain('已超时');
    expect(first.slice(1).some((r) => r.includes('已超时'))).toBe(false);
    expect(textOf(page)).not.toContain('没有更多了');
    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitForText(page, '没有更多了');
    const all = textsOf(page, '.order-item');
    expect(all).toHaveLength(22);
    expect(all.filter((r) => r.includes('最早的单'))).toHaveLength(1);
    // the second page continued the server's order with its cursor
    const pages = bridge.calls.filter((c) => c.body.action === 'order.list' && (c.body.payload as { sort?: string }).sort === 'due');
    expect(pages.at(-1)?.body.payload).toMatchObject({ scope: 'assigned', status: ['assigned'], sort: 'due', cursor: expect.any(String) });
  });

  it('lists finished work newest first', async () => {
    const older = await report(cloud.url, '较早完工 水管漏水');
    await bringTo(cloud.url, older, 'in_progress');
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: older, summary: '更换接头', workMinutes: 30 });
    await serverClock(cloud.url, '2026-12-07T10:30:00+08:00');
    const newer = await report(cloud.url, '较晚完工 水管漏水');
    await bringTo(cloud.url, newer, 'in_progress');
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: newer, summary: '更换接头', workMinutes: 30 });
    const page = openPage(pageId, { tab: 'done' });
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.order-item').length === 2);
    expect(textsOf(page, '.order-item').map((r) => (r.includes('较晚') ? 'newer' : 'older'))).toEqual(['newer', 'older']);
    expect(bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload)).toContainEqual({
      propertyId: 'demo', scope: 'assigned', status: ['completed', 'closed'], sort: 'created',
    });
  });

  it('switches to 待上门 and opens the work order', async () => {
    const id = await report(cloud.url, '阳台水管漏水');
    await bringTo(cloud.url, id, 'accepted');
    const page = openPage(pageId);
    await waitForText(page, '没有待接单的工单');
    tapText(page, '#tabs >>> .van-tab', '待上门');
    await waitForText(page, '阳台水管漏水');
    expect(page.data.tabIndex).toBe(1);
    tapText(page, '.order-item >>> .order-card', '阳台水管漏水');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/technician/work/index?id=${id}`);
  });

  it('opens on the tab the link names (?tab=on_hold)', async () => {
    const id = await report(cloud.url, '水管接头老化');
    await bringTo(cloud.url, id, 'on_hold');
    const page = openPage(pageId, { tab: 'on_hold' });
    await waitForText(page, '水管接头老化');
    expect(textsOf(page, '.order-item')[0]).toContain('挂起');
  });

  it('says so when there is nothing to do, and offers the pool', async () => {
    const page = openPage(pageId);
    await waitForText(page, '没有待接单的工单');
    tap(page, '#go-pool >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toContain('/pages/technician/pool/index');
  });

  it('tells a resident this page is for technicians', async () => {
    bridge.openid = 'demo-resident';
    const page = openPage(pageId);
    await waitForText(page, '您还不是维修师傅');
  });

  it('shows an error with 重试 when the network fails, and recovers', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(pageId);
    await waitForText(page, '重试', 15000);
    expect(textOf(page)).toContain('网络不给力');
    bridge.url = cloud.url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '没有待接单的工单');
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time with a full tab of 20 orders', async () => {
    for (let i = 1; i <= 21; i++) await bringTo(cloud.url, await report(cloud.url, `第${i}次 ` + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3)), 'assigned');
    const { page, sizes } = openPageMeasured(pageId);
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.order-item').length === 20);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
