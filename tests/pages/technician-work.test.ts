/**
 * 工单详情 (technician) against a real local-cloud: what the technician sees in each state (the
 * reporter masked in the pool, callable once theirs; staff notes and hand-overs in the timeline)
 * and each step landing on the server: grab, accept, reject with a reason, transfer to a
 * colleague, request reassignment, check in with a location, progress, hold with a next visit.
 * A lost grab race goes back to the pool; a completed order offers 修改完工记录 until the resident
 * confirms it, and shows the corrected record.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textOf, textsOf, waitFor, waitForText, waitForTextIn, type Bridge, type Rendered } from '../support/simulate';
import { api, fire, recordWx, resetDemo, typeInto, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

interface LocationWx {
  getLocation(o: { success?: (r: { latitude: number; longitude: number }) => void; fail?: (e: { errMsg: string }) => void }): void;
  navigateBack(o: { delta?: number }): void;
}
let location: { latitude: number; longitude: number } | undefined;
let backs = 0;
/** the page stack WeChat would report: the pool under this page, or this page alone (opened from a notice) */
const g = globalThis as unknown as { getCurrentPages: () => unknown[] };
const stacked = [{ route: 'pages/technician/pool/index' }, { route: 'pages/technician/work/index' }];

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/technician/work/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-tech-2', envVersion: 'release' });
  wxRec = recordWx();
  const wx = (globalThis as unknown as { wx: LocationWx }).wx;
  wx.getLocation = ({ success, fail }) => (location ? success?.(location) : fail?.({ errMsg: 'getLocation:fail auth deny' }));
  wx.navigateBack = () => void (backs += 1);
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(async () => {
  await resetDemo(cloud.url);
  bridge.url = cloud.url;
  bridge.openid = 'demo-tech-2';
  wxRec.clear();
  location = undefined;
  backs = 0;
});

type Order = {
  status: string;
  assignee?: { id: string };
  reassignRequest?: { reason: string };
  checkInLocation?: { lat: number; lng: number };
  hold?: { reason: string; nextVisitAt: string };
  timeline: { step: string; note?: string; reason?: string; staffNote?: string; photos?: string[] }[];
};

const get = (id: string): Promise<Order> => api<Order>(cloud.url, 'demo-dispatcher', 'order.get', { orderId: id });

async function open(id: string): Promise<Rendered> {
  const page = openPage(pageId, { id });
  await waitForText(page, '处理记录');
  return page;
}

function primary(page: Rendered): string {
  return textsOf(page, '#primary')[0] ?? '';
}

async function chooseMore(page: Rendered, label: string): Promise<void> {
  const action = (page.data.order as { more: { name: string; action: string }[] }).more.find((m) => m.name === label);
  if (!action) throw new Error(`更多 has no ${label}`);
  tap(page, '#more >>> .van-button');
  await waitFor(page, () => page.data.moreShown === true);
  fire(page, '#more-sheet', 'select', action);
  await waitFor(page, () => page.data.sheet !== '' || page.data.acting !== '');
}

async function fillAndConfirm(page: Rendered, text: string): Promise<void> {
  typeInto(page, '#text', text);
  await waitFor(page, () => page.data.text === text);
  tap(page, '#confirm >>> .van-button');
  await waitFor(page, () => page.data.sheet === '');
}

describe('工单详情（师傅）', () => {
  it('a pool order: the phone is masked, no call; 抢单 makes it mine and the phone callable', async () => {
    const id = await report(cloud.url, '厨房水管滴水', { urgency: 'urgent' });
    const page = await open(id);
    expect(textsOf(page, '#status-tag')).toEqual(['待派单']);
    expect(textOf(page)).toContain('紧急');
    expect(textsOf(page, '#reporter')[0]).toContain('138****0001');
    expect(textsOf(page, '#reporter')[0]).toContain('接单后可拨打');
    expect(textsOf(page, '#address')[0]).toContain('1栋101');
    expect(primary(page)).toBe('抢单');
    expect(page.querySelector('#more')).toBeFalsy();

    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '待上门');
    expect(textsOf(page, '#reporter')[0]).toContain('13800000001');
    tap(page, '#call >>> .van-button');
    await waitFor(page, () => wxRec.calls.length > 0);
    expect(wxRec.calls).toEqual(['13800000001']);
    expect(primary(page)).toBe('签到');
    expect((await get(id)).assignee?.id).toBe('demo-tech-2');
  });

  it('a pool order another technician grabbed first: 手慢了, and back to the pool it was opened from', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    const page = await open(id);
    expect(primary(page)).toBe('抢单');
    await api(cloud.url, 'demo-tech-1', 'order.grab', { orderId: id });
    const pages = g.getCurrentPages;
    g.getCurrentPages = () => stacked;
    try {
      tap(page, '#primary >>> .van-button');
      await waitFor(page, () => backs > 0);
    } finally {
      g.getCurrentPages = pages;
    }
    expect(wxRec.toasts).toEqual(['手慢了，这单已被其他师傅抢走']);
    expect(wxRec.navigations).toEqual([]);
    // not reloaded into "无权查看此订单": the order is left as it was, on the way out
    expect(textOf(page)).not.toContain('重试');
    expect((await get(id)).assignee?.id).toBe('demo-tech-1');
  });

  it('a lost grab on an order opened from a notice (nothing to go back to) opens the pool instead', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    const page = await open(id);
    await api(cloud.url, 'demo-tech-1', 'order.grab', { orderId: id });
    const pages = g.getCurrentPages;
    g.getCurrentPages = () => [stacked[1]];
    try {
      tap(page, '#primary >>> .van-button');
      await waitFor(page, () => wxRec.navigations.length > 0);
    } finally {
      g.getCurrentPages = pages;
    }
    expect(wxRec.toasts).toEqual(['手慢了，这单已被其他师傅抢走']);
    expect(wxRec.navigations).toEqual(['/pages/technician/pool/index?propertyId=demo']);
    expect(backs).toBe(0);
  });

  it('接单 lands, the timeline shows the desk’s staff note and the hand-over', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2', note: '住户下午不在家' });
    const page = await open(id);
    expect(textsOf(page, '#status-tag')).toEqual(['待接单']);
    const steps = textsOf(page, '#timeline >>> .van-step');
    expect(steps[0]).toMatch(/^派单/);
    expect(steps[0]).toContain('赵强');
    expect(steps[0]).toContain('［内部］住户下午不在家');
    expect(steps.at(-1)).toMatch(/^住户报修 12月7日 10:00 · 张伟/);
    expect(primary(page)).toBe('接单');

    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '待上门');
    expect(wxRec.toasts).toContain('已接单，请按时上门');
    expect((await get(id)).status).toBe('accepted');
  });

  it('拒单 needs a reason, then returns the order to the pool', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'assigned');
    const page = await open(id);
    await chooseMore(page, '拒单');
    expect(textsOf(page, '#sheet')[0]).toContain('拒单');
    tap(page, '#confirm >>> .van-button');
    await waitForTextIn(page, '#sheet', '请写一下原因');
    await fillAndConfirm(page, '不在我的技能范围');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '待派单');
    const order = await get(id);
    expect(order.status).toBe('pending');
    // why a technician refused is for staff: a staff note, shown to them marked 内部
    expect(order.timeline.at(-1)).toMatchObject({ step: 'reject', staffNote: '不在我的技能范围' });
    expect(textsOf(page, '#timeline >>> .van-step')[0]).toContain('拒单（赵强 → 工程部）［内部］不在我的技能范围');
  });

  it('转单 to a colleague picked from the team', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'accepted');
    const page = await open(id);
    await chooseMore(page, '转单');
    await waitForTextIn(page, '#sheet', '王建国');
    expect(textsOf(page, '#sheet')[0]).not.toContain('赵强');
    tap(page, '#confirm >>> .van-button');
    await waitForTextIn(page, '#sheet', '请选择接手的同事');
    tap(page, '.colleague >>> .van-cell');
    await waitFor(page, () => page.data.technicianId === 'demo-tech-1');
    await fillAndConfirm(page, '今天排满了');
    expect(wxRec.toasts).toContain('已转单');
    const order = await get(id);
    expect(order).toMatchObject({ status: 'assigned', assignee: { id: 'demo-tech-1' } });
  });

  it('申请改派 with a reason shows the request waiting and hides the button', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'in_progress');
    const page = await open(id);
    expect(primary(page)).toBe('完工');
    await chooseMore(page, '申请改派');
    await fillAndConfirm(page, '需要电工配合');
    await waitForText(page, '改派申请审批中：需要电工配合');
    expect((page.data.order as { more: { name: string }[] }).more.map((m) => m.name)).not.toContain('申请改派');
    expect((await get(id)).reassignRequest?.reason).toBe('需要电工配合');
  });

  it('签到 sends the location when the phone gives one; 进展 lands', async () => {
    location = { latitude: 31.2304, longitude: 121.4737 };
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'accepted');
    const page = await open(id);
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '处理中');
    expect(wxRec.toasts).toContain('已签到，开始处理');
    expect((await get(id)).checkInLocation).toEqual({ lat: 31.2304, lng: 121.4737 });

    await chooseMore(page, '进展');
    await fillAndConfirm(page, '已关闭总阀，正在更换接头');
    await waitForTextIn(page, '#timeline', '进展：已关闭总阀，正在更换接头');
    expect((await get(id)).timeline.at(-1)).toMatchObject({ step: 'progress', note: '已关闭总阀，正在更换接头' });
  });

  it('签到 still works when the location is refused', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'accepted');
    const page = await open(id);
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '处理中');
    const order = await get(id);
    expect(order.status).toBe('in_progress');
    expect(order.checkInLocation).toBeUndefined();
  });

  it('挂起 with a reason and a new appointment time', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'in_progress');
    const page = await open(id);
    await chooseMore(page, '挂起');
    // the picker offers tomorrow 09:00 first
    expect(textsOf(page, '#next-visit')[0]).toBe('12月8日 09:00');
    fire(page, '#next-visit-picker', 'input', Date.parse('2026-12-09T14:00:00+08:00'));
    await waitFor(page, () => textsOf(page, '#next-visit')[0] === '12月9日 14:00');
    await fillAndConfirm(page, '等待配件到货');
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '挂起');
    expect(textsOf(page, '#hold-note')[0]).toContain('等待配件到货 · 下次上门 12月9日 14:00');
    expect(primary(page)).toBe('签到');
    const order = await get(id);
    expect(order.status).toBe('on_hold');
    expect(Date.parse(order.hold?.nextVisitAt ?? '')).toBe(Date.parse('2026-12-09T14:00:00+08:00'));
  });

  it('完工 opens the completion form', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'in_progress');
    const page = await open(id);
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual([`/pages/technician/complete/index?id=${id}`]);
  });

  it('修改完工记录 on my completed order opens the form to correct it; the corrected record shows; gone once the resident confirms', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'in_progress');
    const record = { orderId: id, summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 1 }], serviceItems: [{ serviceItemId: 'demo-svc-unclog', qty: 1 }] };
    await api(cloud.url, 'demo-tech-2', 'order.complete', record);
    const page = await open(id);
    expect(textsOf(page, '#status-tag')).toEqual(['待评价']);
    expect(textsOf(page, '#hint')[0]).toBe('已完工，等待住户确认评价；确认前可以修改完工记录');
    expect(textsOf(page, '#completion')[0]).toContain('生料带 ×1卷');
    expect(textsOf(page, '#completion')[0]).toContain('服务项目 管道疏通 ×1次');
    expect(primary(page)).toBe('修改完工记录');
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual([`/pages/technician/complete/index?id=${id}&mode=correct`]);

    // what the form sends (technician-complete.test.ts drives it): the whole record, one quantity changed
    await api(cloud.url, 'demo-tech-2', 'order.correct', { ...record, materials: [{ materialId: 'demo-mat-tape', qty: 3 }] });
    (page.instance as unknown as { onShow(): void }).onShow();
    await waitForTextIn(page, '#completion', '生料带 ×3卷');
    expect(textsOf(page, '#completion')[0]).toContain('已于 12月7日 10:00 修改');
    expect(textsOf(page, '#timeline >>> .van-step')[0]).toMatch(/^修改完工记录：更换接头 12月7日 10:00 · 赵强/);
    expect(primary(page)).toBe('修改完工记录');

    await api(cloud.url, 'demo-resident', 'order.rate', { orderId: id, score: 5 });
    (page.instance as unknown as { onShow(): void }).onShow();
    await waitFor(page, () => textsOf(page, '#status-tag')[0] === '已完结');
    expect(page.querySelector('#primary')).toBeFalsy();
    expect(textsOf(page, '#hint')[0]).toBe('工单已完结');
  });

  it('a completed order someone else recorded and holds offers no correction to me', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'in_progress', 'demo-tech-1');
    await api(cloud.url, 'demo-tech-1', 'order.complete', { orderId: id, summary: '更换接头', workMinutes: 40 });
    bridge.openid = 'demo-dispatcher';
    const page = await open(id);
    expect(page.querySelector('#primary')).toBeFalsy();
    expect(textsOf(page, '#hint')[0]).toBe('已完工，等待住户确认评价');
  });

  it('a step refused because the desk moved the order says why, and the order is no longer offered', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await bringTo(cloud.url, id, 'assigned');
    const page = await open(id);
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-1' });
    tap(page, '#primary >>> .van-button');
    await waitFor(page, () => wxRec.toasts.length > 0);
    expect(wxRec.toasts[0]).toMatch(/[\u4e00-\u9fff]/);
    // the order is someone else's now: it is not theirs to read any more, the page says so with 重试
    await waitForText(page, '重试');
    expect(page.querySelector('#primary')).toBeFalsy();
  });

  it('shows an error with 重试 for an order of another property', async () => {
    const order = await api<{ id: string }>(cloud.url, 'demo2-resident', 'order.create', { propertyId: 'demo-2', categoryId: 'demo2-water-leak', description: '漏水', location: { kind: 'unit', text: '厨房' } });
    const page = openPage(pageId, { id: order.id });
    await waitForText(page, '重试');
    expect(textOf(page)).not.toContain('漏水');
  });
});

describe('与报修人沟通', () => {
  it('shows the resident’s message on my order and sends mine, which lands on the server', async () => {
    const orderId = await report(cloud.url, '厨房水管漏水');
    await bringTo(cloud.url, orderId, 'accepted');
    await api(cloud.url, 'demo-resident', 'order.message', { orderId, text: '师傅，下午两点后家里有人' });

    const page = openPage(pageId, { id: orderId });
    await waitForTextIn(page, '#chat', '师傅，下午两点后家里有人');
    expect(textsOf(page, '#chat >>> .message')[0]).toMatch(/张伟 · 住户/);

    typeInto(page, '#chat >>> #chat-text', '好的，两点半到');
    tap(page, '#chat >>> #chat-send >>> .van-button');
    await waitFor(page, () => textsOf(page, '#chat >>> .message').length === 2);
    expect(textsOf(page, '#chat >>> .message--mine')[0]).toContain('好的，两点半到');

    const onServer = await api<{ items: { text: string; by: { openid: string } }[] }>(cloud.url, 'demo-resident', 'order.messages', { orderId });
    expect(onServer.items[0]).toMatchObject({ text: '好的，两点半到', by: { openid: 'demo-tech-2' } });
    const inbox = await api<{ items: { text: string }[] }>(cloud.url, 'demo-resident', 'inbox.list', {});
    expect(inbox.items[0].text).toContain('好的，两点半到');
  });

  it('stays readable on my closed order, without the text field', async () => {
    const orderId = await report(cloud.url, '厨房水管漏水');
    await bringTo(cloud.url, orderId, 'in_progress');
    await api(cloud.url, 'demo-resident', 'order.message', { orderId, text: '师傅，下午两点后家里有人' });
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId, summary: '更换接头', workMinutes: 40 });
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId, score: 5 });

    const page = openPage(pageId, { id: orderId });
    await waitForTextIn(page, '#chat', '师傅，下午两点后家里有人');
    expect(textsOf(page, '#chat >>> #chat-ended')).toEqual(['工单已结束，留言仅供查看']);
    expect(page.querySelector('#chat >>> #chat-text')).toBeFalsy();
    expect(page.querySelector('#chat >>> #chat-send')).toBeFalsy();
  });

  it('is not there on a pool order that is not mine yet', async () => {
    const orderId = await report(cloud.url, '卫生间漏水');
    bridge.calls.length = 0;
    const page = openPage(pageId, { id: orderId });
    await waitForText(page, '处理记录');
    expect(page.querySelector('#chat')).toBeFalsy();
    expect(bridge.calls.some((c) => c.body.action === 'order.messages')).toBe(false);
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time for an order in progress', async () => {
    const id = await report(cloud.url, '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3));
    await bringTo(cloud.url, id, 'in_progress');
    const { page, sizes } = openPageMeasured(pageId, { id });
    await waitForText(page, '处理记录');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
