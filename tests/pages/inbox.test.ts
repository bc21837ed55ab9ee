/**
 * 消息中心 rendered by miniprogram-simulate against a real local-cloud (demo seed, clock pinned):
 * what a resident is told as their order moves, newest first and paged; a tap marks the item read
 * on the server and opens the order; 全部已读; the empty and error states.
 */
import net from 'node:net';
import { type LocalCloudProcess } from '../support/local-cloud';
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, type WxRecorder, usePageHarness } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

interface InboxPage {
  items: { id: string; read: boolean; title: string }[];
  unread: number;
  nextCursor?: string;
}

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

usePageHarness('pages/common/inbox/index', (h) => {
  ({ cloud, bridge, wxRec } = h);
  pageId = h.pageId;
});

const items = (page: Rendered): string[] => textsOf(page, '.item');

async function openReady(): Promise<Rendered> {
  const page = openPage(pageId);
  await waitFor(page, () => page.data.status !== 'loading');
  return page;
}

it('lists what the resident was told, newest first, the unread ones marked', async () => {
  const orderId = await report(cloud.url, '厨房水管漏水');
  await bringTo(cloud.url, orderId, 'accepted');
  await api(cloud.url, 'demo-tech-2', 'order.message', { orderId, text: '我半小时后到，请家里留人' });

  const page = await openReady();
  const shown = items(page);
  expect(shown.length).toBeGreaterThanOrEqual(2);
  // the message came last, so it is on top
  expect(shown[0]).toContain('我半小时后到，请家里留人');
  expect(shown.some((t) => t.includes('接单'))).toBe(true);
  expect(textOf(page)).toMatch(/\d+ 条未读/);
  expect(page.querySelectorAll('.item--unread').length).toBe(shown.length);
  expect(page.querySelectorAll('.item__dot').length).toBe(shown.length);
  expect(textOf(page)).toContain('没有更多了');
  expect(textOf(page)).not.toMatch(/undefined|\{\{/);
});

it('marks a tapped item read on the server and opens its order', async () => {
  const orderId = await report(cloud.url, '阳台地漏堵了');
  await bringTo(cloud.url, orderId, 'accepted');
  const before = await api<InboxPage>(cloud.url, 'demo-resident', 'inbox.list', {});

  const page = await openReady();
  tap(page, '.item');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.navigations).toEqual([`/pages/resident/order/index?id=${orderId}`]);
  await waitFor(page, () => page.querySelectorAll('.item--unread').length === before.unread - 1);
  await waitFor(page, () => bridge.calls.some((c) => c.body.action === 'inbox.read'));
  const readCall = bridge.calls.find((c) => c.body.action === 'inbox.read');
  expect(readCall?.body.payload).toEqual({ ids: [before.items[0].id] });
  let after = await api<InboxPage>(cloud.url, 'demo-resident', 'inbox.list', {});
  for (let i = 0; i < 50 && after.unread !== before.unread - 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
    after = await api<InboxPage>(cloud.url, 'demo-resident', 'inbox.list', {});
  }
  expect(after.unread).toBe(before.unread - 1);
  expect(after.items[0].read).toBe(true);
  // the home badge reads the count the inbox left behind
  await waitFor(page, () => wxRec.storage.get('inbox.unread') === before.unread - 1);
});

it('opens a technician’s item on the work detail page', async () => {
  const orderId = await report(cloud.url, '卫生间漏水');
  await bringTo(cloud.url, orderId, 'assigned');
  bridge.openid = 'demo-tech-2';
  const page = await openReady();
  tap(page, '.item');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.navigations).toEqual([`/pages/technician/work/index?id=${orderId}`]);
});

it('全部已读 marks every item read, on the page and on the server', async () => {
  const orderId = await report(cloud.url, '客厅灯不亮');
  await bringTo(cloud.url, orderId, 'in_progress');
  const page = await openReady();
  expect(page.querySelectorAll('.item--unread').length).toBeGreaterThan(1);

  tap(page, '#read-all >>> .van-button');
  await waitForText(page, '消息都已读');
  expect(page.querySelectorAll('.item--unread')).toHaveLength(0);
  expect(textOf(page)).not.toContain('全部已读');
  expect(wxRec.toasts).toContain('已全部标为已读');
  expect((await api<InboxPage>(cloud.url, 'demo-resident', 'inbox.list', {})).unread).toBe(0);
});

it('pages 20 at a time, appending the next page at the bottom', async () => {
  const orderId = await report(cloud.url, '热水器不出热水');
  await bringTo(cloud.url, orderId, 'accepted');
  for (let i = 1; i <= 22; i++) await api(cloud.url, 'demo-tech-2', 'order.message', { orderId, text: `第 ${i} 条留言` });
  const total = (await api<InboxPage>(cloud.url, 'demo-resident', 'inbox.list', {})).unread;

  const page = await openReady();
  expect(items(page)).toHaveLength(20);
  expect(items(page)[0]).toContain('第 22 条留言');
  expect(textOf(page)).not.toContain('没有更多了');

  (page.instance as unknown as { onReachBottom(): void }).onReachBottom();
  await waitForText(page, '没有更多了');
  expect(items(page)).toHaveLength(total);
  // the second page went with the cursor of the first
  const lists = bridge.calls.filter((c) => c.body.action === 'inbox.list');
  expect(lists).toHaveLength(2);
  expect((lists[1].body.payload as { cursor?: string }).cursor).toBeTruthy();
});

it('says so when there is nothing yet', async () => {
  bridge.openid = 'demo-resident-2';
  const page = await openReady();
  expect(textOf(page)).toContain('暂时没有消息');
  expect(textOf(page)).toContain('工单有新进展时');
});

it('shows an error with 重试 when the network fails, and the list after a retry', async () => {
  const orderId = await report(cloud.url, '门禁刷不开');
  await bringTo(cloud.url, orderId, 'accepted');
  bridge.url = await closedPortUrl();
  const page = openPage(pageId);
  await waitForText(page, '重试', 15000);
  expect(textOf(page)).toContain('网络不给力，请重试');

  bridge.url = cloud.url;
  tap(page, '#retry >>> .van-button');
  await waitFor(page, () => items(page).length > 0);
  expect(textOf(page)).not.toContain('重试');
});

/** A port nothing listens on: a call there fails like a phone without network. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('setData size', () => {
  it('sends its view at most 32 KB at a time with a list of notifications', async () => {
    for (let i = 1; i <= 11; i++) {
      const order = await api<{ id: string }>(cloud.url, 'demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: `第${i}次 漏水`, location: { kind: 'unit', text: '厨房' } });
      await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: order.id, technicianId: 'demo-tech-2' });
      await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: order.id });
    }
    const { page, sizes } = openPageMeasured(pageId);
    await waitFor(page, () => page.data.status !== 'loading' && items(page).length === 11);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
