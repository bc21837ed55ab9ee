/**
 * 首页 rendered by miniprogram-simulate, talking to the real `api` function in a local-cloud
 * seeded with the demo data. Assertions are on the text a person sees.
 */
import net from 'node:net';
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, postJson, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, waitForTextIn, type Bridge, type Rendered } from '../support/simulate';
import { recordWx, type WxRecorder } from './resident-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let pageId: string;
let wxRec: WxRecorder;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/common/home/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-manager', envVersion: 'release' });
  wxRec = recordWx();
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(() => {
  bridge.url = cloud.url;
  bridge.calls.length = 0;
  bridge.setEnvVersion('release');
  wxRec.clear();
});

/** A port nothing listens on: a call there fails like a phone without network. */
async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe('首页 (cloud mode: wx.cloud.callFunction)', () => {
  it('shows the manager who they are and their role in 示范小区', async () => {
    bridge.openid = 'demo-manager';
    const page = openPage(pageId);
    expect(textOf(page)).toContain('加载中');

    await waitForTextIn(page, '.profile__name', '刘洋');
    const text = textOf(page);
    expect(text).toContain('136****0001');
    expect(text).not.toContain('13600000001');
    expect(text).toContain('demo-manager');
    expect(text).toContain('我的身份');
    expect(textsOf(page, '.role-item')).toEqual(['示范小区 经理']);
    expect(text).not.toContain('本地模式');
    expect(text).not.toContain('加载中');
    // reads only, no requestId (only writes carry one): who I am, then the unread count and,
    // for the manager, 待派单 in 示范小区
    await waitFor(page, () => bridge.calls.length === 3);
    expect(bridge.calls[0].body).toEqual({ action: 'user.me', payload: {} });
    expect(bridge.calls.slice(1).map((c) => c.body)).toEqual(
      expect.arrayContaining([
        { action: 'inbox.list', payload: {} },
        { action: 'order.list', payload: { propertyId: 'demo', scope: 'pool', limit: 50 } },
      ]),
    );
  });

  it('shows the unread count on 消息中心 and opens it', async () => {
    // a report assigned and accepted: the resident is told twice at least
    const call = async (openid: string, action: string, payload: unknown): Promise<{ id: string }> =>
      ((await postJson(`${cloud.url}/functions/api`, { action, payload }, { 'x-wx-openid': openid })).body as { data: { id: string } }).data;
    const order = await call('demo-resident', 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房漏水', location: { kind: 'unit', text: '厨房' } });
    await call('demo-dispatcher', 'order.assign', { orderId: order.id, technicianId: 'demo-tech-2' });
    await call('demo-tech-2', 'order.accept', { orderId: order.id });
    const { unread } = ((await postJson(`${cloud.url}/functions/api`, { action: 'inbox.list', payload: {} }, { 'x-wx-openid': 'demo-resident' })).body as { data: { unread: number } }).data;
    expect(unread).toBeGreaterThan(0);

    bridge.openid = 'demo-resident';
    const page = openPage(pageId);
    await waitFor(page, () => page.data.unreadBadge === String(unread));
    expect(textsOf(page, '#inbox-entry')[0]).toContain('消息中心');
    expect(textsOf(page, '#inbox-entry')[0]).toContain(String(unread));
    expect(wxRec.storage.get('inbox.unread')).toBe(unread);

    tap(page, '#inbox-entry >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual(['/pages/common/inbox/index']);
  });

  it('shows a technician as 维修师傅 of 工程部', async () => {
    bridge.openid = 'demo-tech-1';
    const page = openPage(pageId);
    await waitForTextIn(page, '.profile__name', '王建国');
    expect(textsOf(page, '.role-item')).toEqual(['示范小区 工程部 维修师傅']);
  });

  it('keeps properties apart: the demo-2 manager sees only 示范二区', async () => {
    bridge.openid = 'demo2-manager';
    const page = openPage(pageId);
    await waitForTextIn(page, '.profile__name', '郑凯');
    expect(textsOf(page, '.role-item')).toEqual(['示范二区 经理']);
  });

  it('tells a WeChat user who joined nothing how to get started', async () => {
    bridge.openid = 'o-newcomer-1';
    const page = openPage(pageId);
    await waitForTextIn(page, '.state--empty', '未加入任何小区');
    const text = textOf(page);
    expect(textsOf(page, '.profile__name')).toEqual(['微信用户']);
    expect(text).toContain('未绑定手机号');
    expect(text).toContain('住户请先登记');
    expect(text).toContain('邀请码');
    expect(text).not.toContain('我的身份');
    expect(textsOf(page, '.role-item')).toEqual([]);
  });

  it('shows an error with 重试 when the network fails, and the data after a retry', async () => {
    bridge.openid = 'demo-manager';
    bridge.url = await closedPortUrl();
    const page = openPage(pageId);

    await waitForTextIn(page, '.state--error', '重试');
    expect(textOf(page)).toContain('网络不给力，请重试');
    expect(textOf(page)).not.toContain('刘洋');
    // the first try and two retries
    expect(bridge.calls).toHaveLength(3);

    bridge.url = cloud.url;
    tap(page, '#retry >>> .van-button');
    await waitForTextIn(page, '.profile__name', '刘洋');
    expect(textsOf(page, '.role-item')).toEqual(['示范小区 经理']);
    expect(textOf(page)).not.toContain('重试');
  });
});

describe('首页 (local mode: wx.request to local-cloud)', () => {
  it('shows the local identity bar and switches the caller', async () => {
    bridge.setEnvVersion('develop');
    const page = openPage(pageId);

    await waitForTextIn(page, '.profile__name', '张伟');
    expect(textOf(page)).toContain('本地模式 · 当前身份 demo-resident');
    expect(textsOf(page, '.role-item')).toEqual(['示范小区 住户']);
    expect(bridge.calls.find((c) => c.body.action === 'user.me')).toMatchObject({ transport: 'request', openid: 'demo-resident' });

    tap(page, '#local-bar');
    await waitForText(page, '切换本地身份');
    tapText(page, '#identity-sheet >>> .van-action-sheet__item', 'demo-manager');

    await waitForTextIn(page, '.profile__name', '刘洋');
    expect(textOf(page)).toContain('本地模式 · 当前身份 demo-manager');
    expect(textsOf(page, '.role-item')).toEqual(['示范小区 经理']);
    expect(bridge.calls.filter((c) => c.body.action === 'user.me').at(-1)).toMatchObject({ transport: 'request', openid: 'demo-manager' });
  });
});

// ---------------------------------------------------------------------------------------------
// What needs me now, by role in the current property

interface ListedOrder {
  id: string;
  status: string;
  grabbable: boolean;
}

async function apiAs<T>(openid: string, action: string, payload: unknown): Promise<T> {
  const res = (await postJson(`${cloud.url}/functions/api`, { action, payload }, { 'x-wx-openid': openid })).body as { ok: boolean; data: T; error?: unknown };
  if (!res.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(res.error)}`);
  return res.data;
}

async function reportLeak(description: string, propertyId = 'demo', openid = 'demo-resident', categoryId = 'demo-water-leak'): Promise<string> {
  return (await apiAs<{ id: string }>(openid, 'order.create', { propertyId, categoryId, description, location: { kind: 'unit', text: '厨房' } })).id;
}

/** what each of the technician's van-grid tiles shows: key → its badge and title ("2 待接单"; no badge: "待接单") */
function counts(page: Rendered): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['assigned', 'accepted', 'in_progress', 'pool']) {
    const text = textsOf(page, `#count-${key} >>> .van-grid-item`)[0];
    if (text !== undefined) out[key] = text;
  }
  return out;
}

/** the badge on a tile ('' none): vant's van-info inside the tile's icon */
function badge(page: Rendered, key: string): string {
  return textsOf(page, `#count-${key} >>> .van-grid-item__icon >>> .van-info`)[0] ?? '';
}

describe('首页 by role', () => {
  it('shows a technician 待接单 / 待上门 / 处理中 and the pool with one list of open tasks, each opening its page', async () => {
    // demo-tech-1 gets two to accept, one to visit, one in progress; one more waits in the pool
    const assigned = [await reportLeak('厨房水管滴水'), await reportLeak('卫生间水龙头漏水')];
    for (const id of assigned) await apiAs('demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-1' });
    const accepted = await reportLeak('阳台地漏堵塞');
    await apiAs('demo-dispatcher', 'order.assign', { orderId: accepted, technicianId: 'demo-tech-1' });
    await apiAs('demo-tech-1', 'order.accept', { orderId: accepted });
    const working = await reportLeak('洗手台下水管漏水');
    await apiAs('demo-dispatcher', 'order.assign', { orderId: working, technicianId: 'demo-tech-1' });
    await apiAs('demo-tech-1', 'order.accept', { orderId: working });
    await apiAs('demo-tech-1', 'order.checkIn', { orderId: working });
    await reportLeak('地下室水管渗水');
    const pool = await apiAs<{ items: ListedOrder[] }>('demo-tech-1', 'order.list', { propertyId: 'demo', scope: 'pool', grabbable: true, limit: 50 });
    const grabbable = pool.items.length;
    expect(grabbable).toBeGreaterThan(0);

    bridge.openid = 'demo-tech-1';
    const { page, sizes } = openPageMeasured(pageId);
    // the four tiles are there at once (they open their pages while counting), badges once counted
    await waitFor(page, () => textsOf(page, '.tile').length === 4);
    await waitFor(page, () => page.data.countsReady === true);
    expect(textOf(page)).not.toContain('正在统计');
    expect(counts(page)).toEqual({ assigned: '2 待接单', accepted: '1 待上门', in_progress: '1 处理中', pool: `${grabbable} 抢单池` });
    expect(badge(page, 'assigned')).toBe('2');
    expect(badge(page, 'pool')).toBe(String(grabbable));
    expect(textOf(page)).toContain('我的任务');
    // a technician who is not a resident has nothing to report here, and no desk line
    expect(textOf(page)).not.toContain('我要报修');
    expect(textOf(page)).not.toContain('待派单');
    // one list of the open statuses, counted on the phone, plus the pool
    const lists = bridge.calls.filter((c) => c.body.action === 'order.list').map((c) => c.body.payload);
    expect(lists).toHaveLength(2);
    expect(lists).toEqual(
      expect.arrayContaining([
        { propertyId: 'demo', scope: 'assigned', status: ['assigned', 'accepted', 'in_progress'], limit: 50 },
        { propertyId: 'demo', scope: 'pool', grabbable: true, limit: 50 },
      ]),
    );
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);

    // back from 我的任务 after accepting one: the counts follow
    await apiAs('demo-tech-1', 'order.accept', { orderId: assigned[0] });
    (page.instance as unknown as { onShow(): void }).onShow();
    await waitFor(page, () => textsOf(page, '#count-assigned')[0] === '1 待接单');
    expect(counts(page)).toMatchObject({ assigned: '1 待接单', accepted: '2 待上门' });

    tap(page, '#count-accepted >>> .van-grid-item');
    tap(page, '#count-pool >>> .van-grid-item');
    await waitFor(page, () => wxRec.navigations.length === 2);
    expect(wxRec.navigations).toEqual(['/pages/technician/tasks/index?tab=accepted&propertyId=demo', '/pages/technician/pool/index?propertyId=demo']);
  });

  it('puts 我要报修 and the resident’s open orders first, each opening its page', async () => {
    bridge.openid = 'demo-resident';
    const mine = await apiAs<{ items: ListedOrder[] }>('demo-resident', 'order.list', { propertyId: 'demo', scope: 'mine', status: ['pending', 'assigned', 'accepted', 'in_progress', 'on_hold'], limit: 50 });
    const page = openPage(pageId);
    await waitForTextIn(page, '#my-orders', `进行中 ${mine.items.length} 单`);
    expect(textsOf(page, '.open-item')).toHaveLength(Math.min(3, mine.items.length));
    expect(textsOf(page, '#report')[0]).toContain('我要报修');
    expect(textOf(page)).not.toContain('我的任务');

    tap(page, '#report >>> .van-button');
    tap(page, '#my-orders >>> .van-cell');
    tap(page, '.open-item >>> .order-card');
    await waitFor(page, () => wxRec.navigations.length === 3);
    expect(wxRec.navigations).toEqual([
      '/pages/resident/report/index?propertyId=demo',
      '/pages/resident/orders/index',
      `/pages/resident/order/index?id=${mine.items[0].id}`,
    ]);
  });

  it('shows the desk 待派单 for the property, opening 工单池, with 回访 and 每日未完结', async () => {
    bridge.openid = 'demo-dispatcher';
    const pending = await apiAs<{ items: ListedOrder[] }>('demo-dispatcher', 'order.list', { propertyId: 'demo', scope: 'pool', limit: 50 });
    const page = openPage(pageId);
    await waitForTextIn(page, '#desk-work', `待派单 等待派给师傅的工单 ${pending.items.length} 单`);
    expect(textOf(page)).not.toContain('我要报修');
    tap(page, '#desk-pending >>> .van-cell');
    tap(page, '#desk-revisits >>> .van-cell');
    tap(page, '#desk-unfinished >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length === 3);
    expect(wxRec.navigations).toEqual(['/pages/desk/orders/index?tab=pending', '/pages/desk/revisits/index', '/pages/desk/unfinished/index']);
  });

  it('offers the staff join page to someone without a role', async () => {
    bridge.openid = 'o-newcomer-2';
    const page = openPage(pageId);
    await waitForTextIn(page, '#join-link', '我是物业员工，使用邀请码加入');
    tap(page, '#join-link');
    tap(page, '#register >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length === 2);
    expect(wxRec.navigations).toEqual(['/pages/common/join/index', '/pages/common/register/index']);
  });

  it('switches the property for someone with roles in two, keeps the choice and counts there', async () => {
    // demo-tech-1 also joins 示范二区 with an invite from its manager
    const invite = await apiAs<{ code: string }>('demo2-manager', 'admin.createInvite', { propertyId: 'demo-2', role: 'technician', teamId: 'demo2-team-eng' });
    await apiAs('demo-tech-1', 'staff.join', { inviteCode: invite.code, name: '王建国', phone: '13900000001' });
    await reportLeak('二区楼道水管漏水', 'demo-2', 'demo2-resident', 'demo2-water-leak');

    bridge.openid = 'demo-tech-1';
    const page = openPage(pageId);
    await waitForTextIn(page, '#property-switch', '当前小区 示范小区');
    await waitFor(page, () => page.data.countsReady === true);

    tap(page, '#property-switch >>> .van-cell');
    await waitForText(page, '切换小区');
    tapText(page, '#property-sheet >>> .van-action-sheet__item', '示范二区');
    await waitForTextIn(page, '#property-switch', '当前小区 示范二区');
    expect(wxRec.storage.get('currentPropertyId')).toBe('demo-2');
    await waitFor(page, () => bridge.calls.some((c) => c.body.action === 'order.list' && (c.body.payload as { propertyId?: string }).propertyId === 'demo-2') && page.data.countsReady === true);
    const pool2 = await apiAs<{ items: ListedOrder[] }>('demo-tech-1', 'order.list', { propertyId: 'demo-2', scope: 'pool', grabbable: true, limit: 50 });
    const grabbable2 = pool2.items.length;
    // nothing assigned to them in 示范二区: no badge on 待接单 (a tile without a count shows none)
    expect(counts(page)).toMatchObject({ assigned: '待接单', pool: grabbable2 > 0 ? `${grabbable2} 抢单池` : '抢单池' });
    expect(badge(page, 'assigned')).toBe('');

    // the next visit starts where the person left off
    const again = openPage(pageId);
    await waitForTextIn(again, '#property-switch', '当前小区 示范二区');
  });
});
