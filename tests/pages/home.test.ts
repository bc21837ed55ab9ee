/**
 * 首页 rendered by miniprogram-simulate, talking to the real `api` function in a local-cloud
 * seeded with the demo data. Assertions are on the text a person sees.
 */
import net from 'node:net';
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, loadPage, openPage, postJson, tap, tapText, textOf, textsOf, waitFor, waitForText, waitForTextIn, type Bridge } from '../support/simulate';
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
    // reads only, no requestId (only writes carry one): who I am, then the unread count
    await waitFor(page, () => bridge.calls.length === 2);
    expect(bridge.calls.map((c) => c.body)).toEqual([
      { action: 'user.me', payload: {} },
      { action: 'inbox.list', payload: {} },
    ]);
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
