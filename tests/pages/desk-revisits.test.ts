/**
 * 回访 (desk) against a real local-cloud, as the service center: a paid order completed is a
 * revisit call owed, recorded as 满意 / 不满意 / 未接通 with a note (order.revisit) and then gone
 * from the list; a resident or a technician sees 无权查看.
 */
import { largestSetData, loaded, openPage, openPageMeasured, payloadsOf, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let revisitsId = '';

usePageHarness(
  'pages/desk/revisits/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    revisitsId = h.pageId;
  },
  'demo-dispatcher',
);

const sent = (action: string): unknown[] => payloadsOf(bridge, action);

const ready = loaded;

/** 空调维修 (paid after service) completed by 赵强: a revisit call owed within 24 h */
async function paidCompleted(description: string): Promise<string> {
  const id = await report(url, description, { categoryId: 'demo-appliance-ac' });
  await bringTo(url, id, 'in_progress');
  await api(url, 'demo-tech-2', 'order.complete', { orderId: id, summary: '清洗滤网', workMinutes: 30 });
  return id;
}

describe('回访', () => {
  it('lists a completed paid order and records the call: it leaves the list', async () => {
    const id = await paidCompleted('空调不制冷');
    const page = openPage(revisitsId);
    await waitForText(page, '空调维修');
    const row = textsOf(page, '.task')[0];
    expect(row).toContain('有偿服务');
    expect(row).toContain('张伟');
    expect(row).toContain('前回访');
    tap(page, '.call >>> .van-button');
    await waitFor(page, () => wxRec.calls.length > 0);
    expect(wxRec.calls).toEqual(['13800000001']);

    tap(page, '.record >>> .van-button');
    await waitFor(page, () => page.data.sheetShown === true);
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '请选择回访结果');
    expect(sent('order.revisit')).toEqual([]);
    tapText(page, '.result >>> .van-cell', '不满意');
    typeInto(page, '#note', '住户说还有异响');
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '回访都已完成');
    expect(sent('order.revisit')).toEqual([{ orderId: id, result: 'unsatisfied', note: '住户说还有异响' }]);
    expect(wxRec.toasts).toContain('回访已记录');
    const order = await api<{ revisits: { result: string }[] }>(url, 'demo-dispatcher', 'order.get', { orderId: id });
    expect(order.revisits.map((r) => r.result)).toEqual(['unsatisfied']);
    const left = await api<{ items: unknown[] }>(url, 'demo-dispatcher', 'revisit.tasks', { propertyId: 'demo' });
    expect(left.items).toEqual([]);
  });

  it('opens the order from a task', async () => {
    const id = await paidCompleted('空调漏水');
    const page = openPage(revisitsId);
    await waitForText(page, '空调维修');
    tap(page, '.task__main');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/order/index?id=${id}`);
  });

  it('says so when no call is owed', async () => {
    const page = openPage(revisitsId);
    await waitForText(page, '回访都已完成');
  });

  it.each(['demo-resident', 'demo-tech-2'])('shows %s a clear 无权查看', async (openid) => {
    bridge.openid = openid;
    const page = openPage(revisitsId);
    await ready(page);
    expect(page.data.status).toBe('forbidden');
    expect(textOf(page)).toContain('无权查看');
  });

  it('shows an error with 重试 when the network fails', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(revisitsId);
    await waitForText(page, '重试', 15000);
    bridge.url = url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '回访都已完成');
  });

  it('sends its view at most 32 KB at a time', async () => {
    for (let i = 0; i < 12; i++) await paidCompleted(`第${i + 1}台空调不制冷`);
    const { page, sizes } = openPageMeasured(revisitsId);
    await waitFor(page, () => textsOf(page, '.task').length >= 12);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
