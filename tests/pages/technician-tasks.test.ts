/**
 * 我的任务 against a real local-cloud: tabs with counts, overdue first in red, the pool link with
 * its count, 20 a page then the rest appended, a tab switch that opens a work order, and the
 * empty, not-a-technician and error states.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { NOW, recordWx, resetDemo, type WxRecorder } from './resident-helpers';
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

    tap(page, '#pool-link >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe('/pages/technician/pool/index?propertyId=demo');
  });

  it('shows 20 orders, appends the rest at the bottom, then says 没有更多了', async () => {
    for (let i = 1; i <= 22; i++) await bringTo(cloud.url, await report(cloud.url, `第${i}单 水管漏水`), 'assigned');
    const page = openPage(pageId);
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '#tabs >>> .van-tab')[0] === '待接单 22');
    expect(textsOf(page, '.order-item')).toHaveLength(20);
    expect(textOf(page)).not.toContain('没有更多了');
    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitForText(page, '没有更多了');
    expect(textsOf(page, '.order-item')).toHaveLength(22);
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
