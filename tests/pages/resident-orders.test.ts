/** 我的报修 against a real local-cloud: tabs with counts, pages of 20 appended, the empty state. */
import { type LocalCloudProcess } from '../support/local-cloud';
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { api, type WxRecorder, usePageHarness } from './resident-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let listId: string;

usePageHarness('pages/resident/orders/index', (h) => {
  ({ cloud, bridge, wxRec } = h);
  listId = h.pageId;
});

async function report(description: string, categoryId = 'demo-water-leak'): Promise<string> {
  const order = await api<{ id: string }>(cloud.url, 'demo-resident', 'order.create', {
    propertyId: 'demo',
    categoryId,
    description,
    location: { kind: 'unit', text: '厨房' },
  });
  return order.id;
}

/** assign → accept → check in → complete, as the desk and demo-tech-2 */
async function completeWork(orderId: string): Promise<void> {
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId });
  await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId, summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 1 }] });
}

const listCalls = (): { cursor?: string }[] =>
  bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload as { cursor?: string });

describe('我的报修', () => {
  it('lists open orders with counts, 20 a page, appending the next page at the bottom', async () => {
    for (let i = 1; i <= 23; i++) await report(`漏水 第${i}次`);
    const done = await report('已修好的那次');
    await completeWork(done);

    const page = openPage(listId);
    await waitFor(page, () => textsOf(page, '.order-item').length === 20);
    // newest first, one item shape: category, status, description, location, time
    expect(textsOf(page, '.order-item')[0]).toMatch(/^水管漏水 待派单 漏水 第23次 1栋101 · 厨房 刚刚 今天 12:00 前上门$/);
    await waitFor(page, () => textOf(page).includes('进行中 23'));
    expect(textOf(page)).toContain('待评价 1');
    expect(textOf(page)).not.toContain('没有更多了');

    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitForText(page, '没有更多了');
    expect(textsOf(page, '.order-item')).toHaveLength(23);
    expect(textsOf(page, '.order-item')[22]).toContain('漏水 第1次');
    expect(listCalls().filter((p) => p.cursor)).toHaveLength(1);

    tapText(page, '#tabs >>> .van-tab', '待评价');
    await waitFor(page, () => textsOf(page, '.order-item').length === 1);
    expect(textsOf(page, '.order-item')[0]).toContain('已修好的那次');
    expect(textsOf(page, '.order-item')[0]).toContain('待评价');

    tapText(page, '.order-item >>> .order-card', '已修好的那次');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual([`/pages/resident/order/index?id=${done}`]);
  });

  it('tells a resident without orders how to report', async () => {
    bridge.openid = 'demo-resident-2';
    const page = openPage(listId);
    await waitForText(page, '没有进行中的报修');
    tap(page, '#report >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual(['/pages/resident/report/index']);
  });
});


describe('setData size', () => {
  it('sends its view at most 32 KB at a time with a full page of 20 orders', async () => {
    for (let i = 1; i <= 21; i++) await report(`第${i}次 ` + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3));
    const { page, sizes } = openPageMeasured(listId);
    await waitFor(page, () => textsOf(page, '.order-item').length === 20);
    expect(sizes.payloads.length).toBeGreaterThan(0);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
