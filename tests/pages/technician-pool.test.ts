/**
 * 抢单池 against a real local-cloud: grabbable orders of the team newest first, urgency shown, the
 * reporter's phone masked; 抢单 makes the order theirs and opens it; the grab limit and a lost
 * race are said in Chinese; the empty and error states.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, installSubscribe, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered, type SubscribeRecorder } from '../support/simulate';
import { api, recordWx, resetDemo, type WxRecorder } from './resident-helpers';
import { bringTo, recordModals, report, type ModalRecorder } from './technician-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let modals: ModalRecorder;
let pageId: string;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/technician/pool/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-tech-2', envVersion: 'release' });
  wxRec = recordWx();
  modals = recordModals();
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
  modals.modals.length = 0;
});

async function openPool(): Promise<Rendered> {
  const page = openPage(pageId);
  await waitFor(page, () => page.data.status === 'ready');
  return page;
}

/** Taps 抢单 on the row showing `text`. */
function grabRow(page: Rendered, text: string): void {
  const rows = page.querySelectorAll('.pool-item');
  const index = rows.findIndex((r) => textOf({ dom: r.dom } as unknown as Rendered).includes(text));
  if (index < 0) throw new Error(`no pool row shows ${text}; page shows: ${textOf(page)}`);
  const buttons = page.querySelectorAll('.grab-button >>> .van-button');
  buttons[index].dispatchEvent('tap');
}

type Order = { status: string; assignee?: { id: string }; reporter: { phone: string } };

describe('抢单池', () => {
  it('lists grabbable orders newest first with urgency and a masked phone; 抢单 makes it mine', async () => {
    const older = await report(cloud.url, '厨房水管滴水');
    await report(cloud.url, '卫生间水管爆裂', { urgency: 'urgent' });
    // 空调维修 is dispatched by hand: not in the grab pool
    await api(cloud.url, 'demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-appliance-ac', description: '空调不制冷', location: { kind: 'unit', text: '主卧' } });
    const page = await openPool();
    const rows = textsOf(page, '.pool-item');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('卫生间水管爆裂');
    expect(rows[0]).toContain('紧急');
    expect(rows[1]).toContain('厨房水管滴水');
    expect(rows[1]).toContain('张伟 138****0001');
    expect(textOf(page)).not.toContain('13800000001');
    expect(textOf(page)).not.toContain('空调不制冷');
    // the server leaves the hand-dispatched order out: one request, nothing filtered on the phone
    const lists = bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload);
    expect(lists).toEqual([{ propertyId: 'demo', scope: 'pool', grabbable: true }]);

    grabRow(page, '厨房水管滴水');
    await waitFor(page, () => page.data.grabbingId === older);
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations[0]).toBe(`/pages/technician/work/index?id=${older}`);
    expect(wxRec.toasts).toContain('抢单成功，请尽快上门');
    expect(textsOf(page, '.pool-item')).toHaveLength(1);

    const order = await api<Order>(cloud.url, 'demo-tech-2', 'order.get', { orderId: older });
    expect(order).toMatchObject({ status: 'accepted', assignee: { id: 'demo-tech-2' }, reporter: { phone: '13800000001' } });
  });

  it('says 手慢了 when another technician got it first, and drops the order from the list', async () => {
    const id = await report(cloud.url, '厨房水管滴水');
    await report(cloud.url, '阳台地漏堵塞');
    const page = await openPool();
    expect(textsOf(page, '.pool-item')).toHaveLength(2);
    await api(cloud.url, 'demo-tech-1', 'order.grab', { orderId: id });
    grabRow(page, '厨房水管滴水');
    await waitFor(page, () => wxRec.toasts.length > 0);
    expect(wxRec.toasts).toEqual(['手慢了，这单已被其他师傅抢走']);
    expect(bridge.calls.filter((c) => c.body.action === 'order.grab').map((c) => c.body.payload)).toEqual([{ orderId: id }]);
    await waitFor(page, () => textsOf(page, '.pool-item').length === 1);
    expect(textsOf(page, '.pool-item')[0]).toContain('阳台地漏堵塞');
    expect(textOf(page)).not.toContain('厨房水管滴水');
    expect(modals.modals).toEqual([]);
    expect(wxRec.navigations).toEqual([]);
  });

  it('says the grab limit plainly and keeps the order in the list', async () => {
    // demo's grabLimit is 3: three open orders already
    for (const d of ['一', '二', '三']) await bringTo(cloud.url, await report(cloud.url, `第${d}单`), 'accepted');
    const id = await report(cloud.url, '厨房水管滴水');
    const page = await openPool();
    grabRow(page, '厨房水管滴水');
    await waitFor(page, () => modals.modals.length > 0);
    expect(modals.modals[0].title).toBe('已达抢单上限');
    // the server's own words: how many are held and the limit
    expect(modals.modals[0].content).toContain('手上已有 3 单未完成，最多同时 3 单');
    expect(modals.modals[0].content).toContain('请先完成手上的工单再来抢');
    expect(textsOf(page, '.pool-item')[0]).toContain('厨房水管滴水');
    expect(page.data.grabbingId).toBe('');
    const order = await api<Order>(cloud.url, 'demo-dispatcher', 'order.get', { orderId: id });
    expect(order.status).toBe('pending');
  });

  it('shows the empty state with a way to the tasks', async () => {
    const page = await openPool();
    expect(textOf(page)).toContain('暂时没有可抢的单');
    tap(page, '#go-tasks >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe('/pages/technician/tasks/index');
  });

  it('shows an error with 重试', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(pageId);
    await waitForText(page, '重试', 15000);
    bridge.url = cloud.url;
    await report(cloud.url, '厨房水管滴水');
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '厨房水管滴水');
  });
});

describe('the subscribe prompt after the first 抢单 of the day', () => {
  let subscribe: SubscribeRecorder;
  beforeAll(() => {
    subscribe = installSubscribe(bridge);
  });

  it('asks for the after_accept templates once a day, and tells the server what was allowed', async () => {
    const templates = await api<{ templateId: string; moment: string }[]>(cloud.url, 'demo-tech-2', 'notify.templates', {});
    const expected = [...new Set(templates.filter((t) => t.moment === 'after_accept').map((t) => t.templateId))].slice(0, 3);
    const first = await report(cloud.url, '厨房水管滴水');
    await report(cloud.url, '卫生间水管爆裂');
    const page = await openPool();
    expect(subscribe.requests).toEqual([]); // never on page load

    grabRow(page, '厨房水管滴水');
    await waitFor(page, () => bridge.calls.some((c) => c.body.action === 'notify.granted'));
    expect(subscribe.modals.map((m) => m.title)).toEqual(['接收新工单通知']);
    expect(subscribe.requests).toEqual([expected]);
    expect(bridge.calls.find((c) => c.body.action === 'notify.granted')?.body.payload).toEqual({ templateIds: expected });
    expect(wxRec.storage.get('subscribe.after_accept.day')).toBe('2026-12-07');
    expect(wxRec.navigations[0]).toBe(`/pages/technician/work/index?id=${first}`);

    // the second grab of the day asks nothing
    grabRow(page, '卫生间水管爆裂');
    await waitFor(page, () => wxRec.navigations.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(subscribe.requests).toHaveLength(1);
    expect(subscribe.modals).toHaveLength(1);
    // the ledger holds one grant per id the technician allowed
    const ledger = await api<{ counts: Record<string, number> }>(cloud.url, 'demo-tech-2', 'notify.granted', { templateIds: [expected[0]] });
    expect(ledger.counts[expected[0]]).toBe(2);
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time with a full page of 20 orders', async () => {
    for (let i = 1; i <= 21; i++) await report(cloud.url, `第${i}次 ` + '厨房水槽下面的水管接头一直在滴水，地面已经湿了一片，麻烦师傅带上工具和接头配件过来看看，谢谢。'.repeat(3));
    const { page, sizes } = openPageMeasured(pageId);
    await waitFor(page, () => page.data.status === 'ready' && textsOf(page, '.pool-item').length === 20);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
