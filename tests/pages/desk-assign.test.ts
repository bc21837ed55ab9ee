/**
 * 派单 (desk) against a real local-cloud, as the service center: the technician picker (name,
 * team, open orders, skills), 确认派单 with assistants and a note (order.assign: the order leaves
 * 待派单 and the technician has it), 批量派单 of two (order.batchAssign), 派给班组
 * (order.assignTeam), 客服直接处理 of a matter (order.handle), 改派 with its reason
 * (order.transfer), and 审批改派 通过 (order.decideReassign); a technician sees 无权查看.
 */
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/desk/assign/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-dispatcher',
);

type Order = { id: string; status: string; assignee?: { id: string }; assistants: { id: string }[]; teamId: string; handling?: string; reassignRequest?: unknown; timeline: { step: string; note?: string; reason?: string; staffNote?: string }[] };
const get = (id: string): Promise<Order> => api<Order>(url, 'demo-dispatcher', 'order.get', { orderId: id });

const sent = (action: string): unknown[] => bridge.calls.filter((c) => c.body.action === action).map((c) => c.body.payload);

async function open(query: Record<string, string>): Promise<Rendered> {
  const page = openPage(pageId, query);
  await waitFor(page, () => page.data.status !== 'loading');
  return page;
}

/** the picker's rows by the technician's name (a team may be named after its people too) */
const names = (page: Rendered): string[] => textsOf(page, '.technician').map((r) => r.split(' ')[0]);

function pickTechnician(page: Rendered, name: string): void {
  const index = names(page).indexOf(name);
  if (index < 0) throw new Error(`no technician ${name}; picker shows ${names(page).join(', ')}`);
  page.querySelectorAll('.technician >>> .van-cell')[index].dispatchEvent('tap');
}

describe('派单', () => {
  it('assigns a new order to 赵强 with an assistant and a note: it leaves 待派单 and the technician has it', async () => {
    const id = await report(url, '厨房水槽下水管漏水');
    await bringTo(url, await report(url, '别的单 已派给王建国'), 'assigned', 'demo-tech-1');
    const page = await open({ ids: id });
    await waitForText(page, '厨房水槽下水管漏水');
    // the picker: name, team, open orders, skills; the least loaded first
    const rows = textsOf(page, '.technician');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const zhao = rows.find((r) => r.startsWith('赵强')) ?? '';
    expect(zhao).toContain('空闲');
    expect(zhao).toContain('水电');
    expect(zhao).toContain('工程部');
    expect(rows.find((r) => r.startsWith('王建国'))).toContain('手上 1 单');
    expect(names(page).indexOf('王建国')).toBe(rows.length - 1);

    // 确认派单 without a technician: told beside the picker, nothing sent
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '请选择接单的师傅');
    expect(sent('order.assign')).toEqual([]);

    pickTechnician(page, '赵强');
    tap(page, '#assistants-toggle >>> .van-cell');
    await waitFor(page, () => page.data.assistantsShown === true);
    const assistants = textsOf(page, '.assistant').map((r) => r.split(' ')[0]);
    page.querySelectorAll('.assistant >>> .van-cell')[assistants.indexOf('王建国')].dispatchEvent('tap');
    await waitFor(page, () => (page.data.assistantIds as string[]).length === 1);
    typeInto(page, '#note', '住户下午在家');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.assign')).toEqual([{ orderId: id, technicianId: 'demo-tech-2', assistantIds: ['demo-tech-1'], note: '住户下午在家' }]);
    expect(wxRec.toasts).toContain('派单成功');
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/order/index?id=${id}`);

    const order = await get(id);
    expect(order.status).toBe('assigned');
    expect(order.assignee?.id).toBe('demo-tech-2');
    expect(order.assistants.map((a) => a.id)).toEqual(['demo-tech-1']);
    const pending = await api<{ items: { id: string }[] }>(url, 'demo-dispatcher', 'order.list', { propertyId: 'demo', scope: 'all', status: ['pending'] });
    expect(pending.items.map((o) => o.id)).not.toContain(id);
    const mine = await api<{ items: { id: string }[] }>(url, 'demo-tech-2', 'order.list', { propertyId: 'demo', scope: 'assigned', status: ['assigned'] });
    expect(mine.items.map((o) => o.id)).toContain(id);
  });

  it('assigns two orders at once (批量派单)', async () => {
    const a = await report(url, '第一单 水管漏水');
    const b = await report(url, '第二单 水管漏水');
    const page = await open({ ids: `${a},${b}` });
    await waitForText(page, '已选 2 张工单');
    expect(textOf(page)).toContain('第一单');
    expect(textOf(page)).toContain('第二单');
    // a batch has no assistants or note: order.batchAssign takes one technician
    expect(page.querySelector('#assistants-toggle')).toBeFalsy();
    pickTechnician(page, '赵强');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.batchAssign')).toEqual([{ orderIds: [a, b], technicianId: 'demo-tech-2' }]);
    expect(wxRec.toasts).toContain('已派出 2 单');
    expect(wxRec.navigations.at(-1)).toBe('/pages/desk/orders/index');
    for (const id of [a, b]) expect((await get(id)).assignee?.id).toBe('demo-tech-2');
  });

  it('hands a pending order to a team (派给班组)', async () => {
    const id = await report(url, '楼道灯不亮', { categoryId: 'demo-public-light', location: { kind: 'public', text: '3栋1单元' } });
    const page = await open({ ids: id });
    await waitForText(page, '派给班组');
    tap(page, '#assign-team >>> .van-button');
    await waitFor(page, () => page.data.teamSheetShown === true);
    const teams = page.data.teamActions as { name: string; teamId: string }[];
    const night = teams.find((t) => t.teamId === 'demo-team-night');
    expect(night?.name).toBe('夜间值班组');
    tapText(page, '#team-sheet >>> .van-action-sheet__item', night?.name ?? '');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.assignTeam')).toEqual([{ orderId: id, teamId: 'demo-team-night' }]);
    const order = await get(id);
    expect(order.status).toBe('pending');
    expect(order.teamId).toBe('demo-team-night');
  });

  it('lets the desk handle a complaint itself (口头派工 closes it)', async () => {
    const id = await report(url, '夜里楼下装修噪音太大', { categoryId: 'demo-complaint' });
    const page = await open({ ids: id });
    await waitForText(page, '客服直接处理');
    tap(page, '#handle >>> .van-button');
    await waitFor(page, () => page.data.handleShown === true);
    tap(page, '#handle-confirm >>> .van-button');
    await waitForText(page, '请写一下处理结果');
    typeInto(page, '#handle-note', '已电话联系装修户，晚上十点后停工');
    tap(page, '#handle-confirm >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.handle')).toEqual([{ orderId: id, handling: 'verbal', note: '已电话联系装修户，晚上十点后停工' }]);
    expect((await get(id)).status).toBe('closed');
  });

  it('改派 needs a reason and sends order.transfer; the technician who has it is not offered', async () => {
    const id = await report(url, '卫生间水管漏水');
    await bringTo(url, id, 'in_progress', 'demo-tech-2');
    const page = await open({ ids: id, mode: 'transfer' });
    await waitForText(page, '确认改派');
    expect(names(page)).not.toContain('赵强');
    expect(names(page)).toContain('王建国');
    pickTechnician(page, '王建国');
    tap(page, '#confirm >>> .van-button');
    await waitForText(page, '请填写改派原因');
    typeInto(page, '#note', '赵师傅请假');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.transfer')).toEqual([{ orderId: id, technicianId: 'demo-tech-1', reason: '赵师傅请假' }]);
    expect((await get(id)).assignee?.id).toBe('demo-tech-1');
  });

  it('approves a reassignment request to another technician (审批改派)', async () => {
    const id = await report(url, '阳台水管漏水');
    await bringTo(url, id, 'accepted', 'demo-tech-2');
    await api(url, 'demo-tech-2', 'order.requestReassign', { orderId: id, reason: '需要两人配合' });
    const page = await open({ ids: id, mode: 'reassign' });
    await waitForText(page, '师傅申请改派：需要两人配合');
    pickTechnician(page, '王建国');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(sent('order.decideReassign')).toEqual([{ orderId: id, approve: true, technicianId: 'demo-tech-1' }]);
    expect(wxRec.toasts).toContain('已通过改派申请');
    const order = await get(id);
    expect(order.assignee?.id).toBe('demo-tech-1');
    expect(order.reassignRequest).toBeUndefined();
  });

  it('says so when the order moved on meanwhile, and shows it as it is now', async () => {
    const id = await report(url, '厨房水管漏水');
    const page = await open({ ids: id });
    await waitForText(page, '厨房水管漏水');
    await api(url, 'demo-dispatcher', 'order.revoke', { orderId: id, reason: '重复报修' });
    pickTechnician(page, '赵强');
    tap(page, '#confirm >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length > 0);
    expect(wxRec.toasts[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(wxRec.navigations).toEqual([]);
    await waitForText(page, '已取消');
  });

  it('shows a technician a clear 无权查看', async () => {
    const id = await report(url, '厨房水管漏水');
    bridge.openid = 'demo-tech-2';
    const page = await open({ ids: id });
    expect(page.data.status).toBe('forbidden');
    expect(textOf(page)).toContain('无权查看');
  });

  it('sends its view at most 32 KB at a time for a batch of 20 orders', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 20; i++) ids.push(await report(url, `第${i}单 ` + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具过来看看。'.repeat(3)));
    const { page, sizes } = openPageMeasured(pageId, { ids: ids.join(',') });
    await waitForText(page, '已选 20 张工单');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
