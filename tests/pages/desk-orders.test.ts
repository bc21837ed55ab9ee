/**
 * 工单池 (desk) against a real local-cloud, as the service center (demo-dispatcher): a new report
 * shows in 待派单 with the tabs' counts; 派单 and 批量派单 open the picker with the right orders;
 * the search sends the order number to the server; the filters narrow the list; a resident sees
 * 无权查看; a network failure shows 重试; the first setData stays small with 20 orders.
 */
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, fire, usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/desk/orders/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-dispatcher',
);

const lists = (): Record<string, unknown>[] =>
  bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload as Record<string, unknown>);

async function ready(page: Rendered): Promise<void> {
  await waitFor(page, () => page.data.status === 'ready' || page.data.status === 'error' || page.data.status === 'forbidden');
}

describe('工单池', () => {
  it('shows a new report in 待派单 with the counts of each tab, and opens it', async () => {
    const id = await report(url, '厨房水槽下水管漏水，地面都湿了');
    const other = await report(url, '卫生间水管滴水');
    await bringTo(url, other, 'accepted');

    const page = openPage(pageId);
    await waitForText(page, '厨房水槽下水管漏水');
    await waitFor(page, () => textsOf(page, '#tabs >>> .van-tab')[0] === '待派单 1');
    expect(textsOf(page, '#tabs >>> .van-tab')).toEqual(['待派单 1', '处理中 1', '待关闭 0', '全部']);
    const rows = textsOf(page, '.order-item');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('待派单');
    expect(rows[0]).toContain('派单');
    expect(lists()).toContainEqual({ propertyId: 'demo', scope: 'all', sort: 'due', status: ['pending'] });

    tapText(page, '.order-item >>> .order-card', '厨房水槽下水管漏水');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/order/index?id=${id}`);

    tap(page, '.assign-one >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 1);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/assign/index?ids=${id}`);
  });

  it('selects two pending orders for 批量派单', async () => {
    const a = await report(url, '第一单 水管漏水');
    const b = await report(url, '第二单 水管漏水');
    await report(url, '第三单 水管漏水');
    const page = openPage(pageId);
    await waitFor(page, () => textsOf(page, '.order-item').length === 3);
    tap(page, '#batch-start >>> .van-button');
    await waitFor(page, () => page.data.selecting === true);
    // in select mode a tap on the card selects it instead of opening it
    tapText(page, '.order-item >>> .order-card', '第一单');
    tapText(page, '.order-item >>> .order-card', '第二单');
    await waitFor(page, () => page.data.selectedCount === 2);
    expect(textsOf(page, '#selected-count')[0]).toBe('2');
    expect(wxRec.navigations).toEqual([]);
    tap(page, '#batch-assign >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    const ids = new URL(`x:${wxRec.navigations.at(-1)}`).searchParams.get('ids')?.split(',') ?? [];
    expect(wxRec.navigations.at(-1)).toMatch(/^\/pages\/desk\/assign\/index\?ids=/);
    expect(ids.sort()).toEqual([a, b].sort());
  });

  it('finds an order by its number across all statuses, and refuses a short number', async () => {
    const id = await report(url, '阳台水管漏水');
    await bringTo(url, id, 'in_progress');
    await report(url, '别的单 水管漏水');
    const { orderNo } = await api<{ orderNo: string }>(url, 'demo-dispatcher', 'order.get', { orderId: id });
    const page = openPage(pageId);
    await waitForText(page, '别的单');

    fire(page, '#search', 'change', '12345');
    fire(page, '#search', 'search', '12345');
    await waitForText(page, '请输入13位工单号');

    fire(page, '#search', 'change', orderNo);
    fire(page, '#search', 'search', orderNo);
    await waitForText(page, `工单号 ${orderNo} 的搜索结果`);
    await waitFor(page, () => page.data.status === 'ready');
    expect(textsOf(page, '.order-item')).toHaveLength(1);
    expect(textsOf(page, '.order-item')[0]).toContain('阳台水管漏水');
    expect(lists().at(-1)).toEqual({ propertyId: 'demo', scope: 'all', orderNo });

    fire(page, '#search', 'cancel', undefined);
    await waitForText(page, '别的单');
  });

  it('filters by urgency and overdue, and offers to clear the filters', async () => {
    await report(url, '普通单 水管漏水');
    await report(url, '紧急单 水管爆裂', { urgency: 'urgent' });
    const page = openPage(pageId);
    await waitFor(page, () => textsOf(page, '.order-item').length === 2);
    fire(page, '#filter-urgency', 'change', 'urgent');
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.order-item').length === 1);
    expect(textsOf(page, '.order-item')[0]).toContain('紧急单');
    // the server filters: one request, the filter in it
    expect(lists().at(-1)).toMatchObject({ scope: 'all', status: ['pending'], urgency: 'urgent' });
    fire(page, '#filter-overdue', 'change', 'overdue');
    await waitForText(page, '没有符合筛选条件的工单');
    expect(lists().at(-1)).toMatchObject({ urgency: 'urgent', overdue: true });
    tap(page, '#clear-filters >>> .van-button');
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.order-item').length === 2);
  });

  it('says so when nothing waits for dispatch', async () => {
    await bringTo(url, await report(url, '已派出的单 水管漏水'), 'assigned');
    const page = openPage(pageId);
    await waitForText(page, '没有待派单的工单');
    tap(page, '#show-all >>> .van-button');
    await waitForText(page, '已派出的单');
    expect(page.data.tabIndex).toBe(3);
    expect(lists().at(-1)).toEqual({ propertyId: 'demo', scope: 'all', sort: 'created' });
  });

  it.each(['demo-resident', 'demo-tech-2'])('shows %s a clear 无权查看', async (openid) => {
    bridge.openid = openid;
    const page = openPage(pageId);
    await ready(page);
    expect(textOf(page)).toContain('无权查看');
    expect(page.data.status).toBe('forbidden');
    tap(page, '#go-home >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe('/pages/common/home/index');
  });

  it('shows an error with 重试 when the network fails, and recovers', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(pageId);
    await waitForText(page, '重试', 15000);
    expect(textOf(page)).toContain('网络不给力');
    bridge.url = url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '没有待派单的工单');
  });

  it('sends its view at most 32 KB at a time with a full tab of 20 orders', async () => {
    for (let i = 1; i <= 21; i++) await report(url, `第${i}次 ` + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3));
    const { page, sizes } = openPageMeasured(pageId);
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.order-item').length === 20);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
    (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
    await waitForText(page, '没有更多了');
    expect(textsOf(page, '.order-item')).toHaveLength(21);
  });
});
