/**
 * 工单详情 (desk) against a real local-cloud, as the service center: the order with its whole
 * staff timeline (internal notes, hand-overs) and the desk's steps by state — 派单 and 改派 open
 * the picker, 撤销 and 驳回改派 need a reason, 核实关闭 verifies a 代报完工 completion
 * (order.close), 记录回访 records the call (order.revisit), 协调跟进 follows up a coordination
 * order (order.followUp); a resident or a technician sees 无权查看.
 */
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, fire, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/desk/order/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-dispatcher',
);

type Order = { status: string; assignee?: { id: string }; reassignRequest?: unknown; revisits: { result: string; note?: string }[]; followUps: { note: string; toReporter?: boolean }[] };
const get = (id: string): Promise<Order> => api<Order>(url, 'demo-dispatcher', 'order.get', { orderId: id });
const sent = (action: string): unknown[] => bridge.calls.filter((c) => c.body.action === action).map((c) => c.body.payload);

async function open(id: string): Promise<Rendered> {
  const page = openPage(pageId, { id });
  await waitFor(page, () => page.data.status !== 'loading');
  return page;
}

const primary = (page: Rendered): string => textsOf(page, '#primary')[0] ?? '';

async function chooseMore(page: Rendered, label: string): Promise<void> {
  const action = (page.data.order as { more: { name: string; action: string }[] }).more.find((m) => m.name === label);
  if (!action) throw new Error(`更多 has no ${label}`);
  tap(page, '#more >>> .van-button');
  await waitFor(page, () => page.data.moreShown === true);
  fire(page, '#more-sheet', 'select', action);
}

describe('工单详情（客服）', () => {
  it('offers 派单 on a pending order, and 撤销 with a reason', async () => {
    const id = await report(url, '厨房水槽下水管漏水');
    const page = await open(id);
    await waitForText(page, '等待派单');
    expect(primary(page)).toBe('派单');
    // the desk calls the reporter: the whole number
    expect(textsOf(page, '#reporter')[0]).toContain('13800000001');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/assign/index?ids=${id}`);

    await chooseMore(page, '撤销工单');
    await waitFor(page, () => page.data.sheet === 'revoke');
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '请写一下原因');
    expect(sent('order.revoke')).toEqual([]);
    typeInto(page, '#text', '住户电话说已自行修好');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => page.data.sheet === '' && textsOf(page, '#status-tag')[0] === '已取消');
    expect(sent('order.revoke')).toEqual([{ orderId: id, reason: '住户电话说已自行修好' }]);
    expect(wxRec.toasts).toContain('工单已撤销');
    expect(textsOf(page, '#timeline')[0]).toContain('客服撤销：住户电话说已自行修好');
    expect(page.data.order).toMatchObject({ primary: '' });
  });

  it('shows the staff timeline with the dispatch note, and offers 改派 on an open order', async () => {
    const id = await report(url, '卫生间水管漏水');
    await api(url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2', note: '住户下午在家' });
    const page = await open(id);
    await waitForText(page, '处理记录');
    const timeline = textsOf(page, '#timeline')[0];
    expect(timeline).toContain('派单');
    expect(timeline).toContain('住户下午在家');
    expect(timeline).toContain('赵强');
    expect(textsOf(page, '#holder')[0]).toContain('赵强');
    expect(primary(page)).toBe('改派');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/assign/index?ids=${id}&mode=transfer`);
  });

  it('shows a reassignment request: 通过 opens the picker, 驳回 needs a reason', async () => {
    const id = await report(url, '阳台水管漏水');
    await bringTo(url, id, 'accepted');
    await api(url, 'demo-tech-2', 'order.requestReassign', { orderId: id, reason: '需要两人配合' });
    const page = await open(id);
    await waitForText(page, '师傅申请改派：需要两人配合');
    expect(primary(page)).toBe('通过改派');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/assign/index?ids=${id}&mode=reassign`);

    await chooseMore(page, '驳回改派');
    await waitFor(page, () => page.data.sheet === 'rejectReassign');
    typeInto(page, '#text', '人手紧张，请先上门查看');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => page.data.sheet === '');
    expect(sent('order.decideReassign')).toEqual([{ orderId: id, approve: false, reason: '人手紧张，请先上门查看' }]);
    const order = await get(id);
    expect(order.reassignRequest).toBeUndefined();
    expect(order.assignee?.id).toBe('demo-tech-2');
    expect(primary(page)).toBe('改派');
  });

  it('verifies a 代报完工 completion and closes it (核实关闭)', async () => {
    const id = await report(url, '厨房水管接头漏水');
    await bringTo(url, id, 'in_progress', 'demo-tech-2');
    // the team leader records it for 赵强, whose phone is broken
    await api(url, 'demo-tech-1', 'order.complete', { orderId: id, summary: '更换水管接头', workMinutes: 30 });
    const page = await open(id);
    await waitForText(page, '王建国代报完工，请核实后关闭');
    expect(textsOf(page, '#completion')[0]).toContain('更换水管接头');
    expect(primary(page)).toBe('核实关闭');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => page.data.sheet === 'close');
    expect(textsOf(page, '#sheet')[0]).toContain('王建国代报完工');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '已完结');
    expect(sent('order.close')).toEqual([{ orderId: id }]);
    expect(wxRec.toasts).toContain('工单已关闭');
    expect((await get(id)).status).toBe('closed');
    // what is left on a closed order: the revisit call
    expect(primary(page)).toBe('记录回访');
  });

  it('records a revisit call with its result and note', async () => {
    const id = await report(url, '卫生间水管漏水');
    await bringTo(url, id, 'in_progress');
    await api(url, 'demo-tech-2', 'order.complete', { orderId: id, summary: '更换水管', workMinutes: 40 });
    const page = await open(id);
    await waitForText(page, '处理记录');
    expect(primary(page)).toBe('记录回访');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => page.data.sheet === 'revisit');
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '请选择回访结果');
    expect(sent('order.revisit')).toEqual([]);
    tapText(page, '.result >>> .van-cell', '满意');
    typeInto(page, '#text', '住户表示已不漏水');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => page.data.sheet === '');
    expect(sent('order.revisit')).toEqual([{ orderId: id, result: 'satisfied', note: '住户表示已不漏水' }]);
    await waitForText(page, '回访记录');
    expect(textsOf(page, '#revisits')[0]).toContain('满意：住户表示已不漏水');
    expect((await get(id)).revisits).toMatchObject([{ result: 'satisfied', note: '住户表示已不漏水' }]);
  });

  it('follows up a coordination order, told to the reporter', async () => {
    const id = await report(url, '楼上漏水到我家天花板', { categoryId: 'demo-complaint' });
    await api(url, 'demo-dispatcher', 'order.handle', { orderId: id, handling: 'coordination', note: '联系楼上住户协调' });
    const page = await open(id);
    await waitForText(page, '协调单');
    expect(primary(page)).toBe('协调跟进');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => page.data.sheet === 'followUp');
    typeInto(page, '#text', '已与楼上住户沟通，约定周六上门');
    fire(page, '#flag-to-reporter', 'change', true);
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => page.data.sheet === '');
    expect(sent('order.followUp')).toEqual([{ orderId: id, note: '已与楼上住户沟通，约定周六上门', toReporter: true }]);
    await waitForText(page, '告知业主：已与楼上住户沟通');
  });

  it.each(['demo-resident', 'demo-tech-2'])('shows %s a clear 无权查看', async (openid) => {
    const id = await report(url, '厨房水管漏水');
    await bringTo(url, id, 'assigned');
    bridge.openid = openid;
    const page = await open(id);
    expect(page.data.status).toBe('forbidden');
    expect(textOf(page)).toContain('无权查看');
    expect(textOf(page)).not.toContain('厨房水管漏水');
  });

  it('shows an error with 重试 when the network fails, and recovers', async () => {
    const id = await report(url, '厨房水管漏水');
    bridge.url = 'http://127.0.0.1:9';
    const page = await open(id);
    await waitForText(page, '重试', 15000);
    bridge.url = url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '厨房水管漏水');
  });

  it('sends its view at most 32 KB at a time with a long timeline', async () => {
    const id = await report(url, '厨房水管漏水 ' + '水槽下面一直滴水，地面湿了一片。'.repeat(20));
    await bringTo(url, id, 'in_progress');
    for (let i = 0; i < 20; i++) await api(url, 'demo-tech-2', 'order.progress', { orderId: id, note: `第${i + 1}次进展：` + '已关闭总阀，正在更换接头，等待密封胶固化。'.repeat(8) });
    const { page, sizes } = openPageMeasured(pageId, { id });
    await waitForText(page, '处理记录');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
