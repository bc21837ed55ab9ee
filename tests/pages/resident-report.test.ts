/**
 * 我要报修 rendered by miniprogram-simulate against a real local-cloud (demo seed, clock pinned
 * to NOW): what a resident sees, what they can pick, and what lands on the server.
 */
import { type LocalCloudProcess } from '../support/local-cloud';
import http from 'node:http';
import { installSubscribe, largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered, type SubscribeRecorder } from '../support/simulate';
import { api, typeInto, type WxRecorder, usePageHarness } from './resident-helpers';

interface SlotView {
  id: string;
  start: string;
  capacity: number;
  available: number;
}

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

usePageHarness('pages/resident/report/index', (h) => {
  ({ cloud, bridge, wxRec } = h);
  pageId = h.pageId;
});

async function openReady(): Promise<Rendered> {
  const page = openPage(pageId);
  lastPage = page;
  await waitForText(page, '提交报修');
  return page;
}

async function pickCategory(page: Rendered, first: string, second?: string): Promise<void> {
  tap(page, '#category >>> .van-cell');
  await waitFor(page, () => textsOf(page, '#category-picker >>> .van-cascader__option').length > 0);
  tapText(page, '#category-picker >>> .van-cascader__option', first);
  if (second) {
    await waitFor(page, () => textsOf(page, '#category-picker >>> .van-cascader__option').some((t) => t === second));
    tapText(page, '#category-picker >>> .van-cascader__option', second);
  }
  await waitFor(page, () => textsOf(page, '#category').some((t) => t.includes(second ?? first)));
}

const creates = (): BridgeBody[] => bridge.calls.map((c) => c.body as BridgeBody).filter((b) => b.action === 'order.create');
interface BridgeBody {
  action?: string;
  payload?: Record<string, unknown>;
  requestId?: string;
}

it('reports a leak with a slot: the order lands in the pool with what was typed, and the page moves to it', async () => {
  const page = await openReady();
  expect(textOf(page)).toContain('示范小区 · 报修信息');
  expect(textOf(page)).not.toContain('预约上门'); // no category yet: nothing to book

  await pickCategory(page, '水电维修', '水管漏水');
  typeInto(page, '#description', '厨房水槽下水管接头漏水');
  typeInto(page, '#location-text', '厨房');
  await waitFor(page, () => (page.data.form as { locationText: string }).locationText === '厨房');

  // the slot picker: 09:00 has started (greyed), the others are open
  tap(page, '#slot >>> .van-cell');
  await waitForText(page, '14:00–16:00');
  const slots = textsOf(page, '.slot');
  expect(slots[0]).toMatch(/09:00–11:00 已过期/);
  expect(slots.find((s) => s.startsWith('14:00'))).toMatch(/剩 \d+ 个/);
  tapText(page, '.slot', '09:00–11:00'); // greyed: nothing happens
  tapText(page, '.slot', '14:00–16:00');
  await waitFor(page, () => textsOf(page, '#slot').some((t) => t.includes('12月7日 14:00–16:00')));

  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.toasts).toContain('报修已提交');
  const url = wxRec.navigations[0];
  expect(url).toMatch(/^\/pages\/resident\/order\/index\?id=/);

  const order = await api<{ status: string; description: string; slot?: { start: string }; location: { kind: string; text: string }; categoryName: string }>(
    cloud.url,
    'demo-resident',
    'order.get',
    { orderId: url.split('id=')[1] },
  );
  expect(order).toMatchObject({ status: 'pending', description: '厨房水槽下水管接头漏水', categoryName: '水管漏水', location: { kind: 'unit', text: '厨房' } });
  expect(order.slot?.start).toBe('2026-12-07T06:00:00.000Z');
  expect(creates()).toHaveLength(1);
  expect(creates()[0].requestId).toMatch(/.{8,}/);
  // sent: the draft is gone
  expect([...wxRec.storage.keys()].filter((k) => k.startsWith('draft.'))).toEqual([]);
});

it('greys a full slot and will not pick it', async () => {
  const [slot14] = (await api<SlotView[]>(cloud.url, 'demo-resident-2', 'slots.list', { propertyId: 'demo', categoryId: 'demo-water-leak', date: '2026-12-07' })).filter(
    (s) => s.start === '2026-12-07T06:00:00.000Z',
  );
  for (let i = 0; i < slot14.available; i++) {
    await api(cloud.url, 'demo-resident-2', 'order.create', {
      propertyId: 'demo',
      categoryId: 'demo-water-leak',
      description: `漏水 ${i}`,
      location: { kind: 'unit', text: '卫生间' },
      slotId: slot14.id,
    });
  }
  const page = await openReady();
  await pickCategory(page, '水电维修', '水管漏水');
  tap(page, '#slot >>> .van-cell');
  await waitForText(page, '已约满');
  expect(textsOf(page, '.slot').find((s) => s.startsWith('14:00'))).toContain('已约满');
  tapText(page, '.slot', '14:00–16:00');
  await new Promise((r) => setTimeout(r, 50));
  expect((page.data.form as { slotId: string }).slotId).toBe('');
  tapText(page, '.slot', '16:00–17:30');
  await waitFor(page, () => textsOf(page, '#slot').some((t) => t.includes('16:00–17:30')));
});

it('shows what is missing beside each field and sends nothing', async () => {
  const page = await openReady();
  tap(page, '#submit >>> .van-button');
  await waitForText(page, '请选择报修类别');
  expect(textsOf(page, '#description')[0]).toContain('请描述一下问题');
  expect(textsOf(page, '#location-text')[0]).toContain('请写明具体位置');
  expect(creates()).toHaveLength(0);

  typeInto(page, '#description', '门锁坏了');
  await waitFor(page, () => !textsOf(page, '#description')[0].includes('请描述一下问题'));
});

it('keeps the draft when the resident leaves, and restores it with the same requestId', async () => {
  const page = await openReady();
  await pickCategory(page, '投诉');
  typeInto(page, '#description', '楼上装修太吵');
  await waitFor(page, () => wxRec.storage.has('draft.report.demo') && JSON.stringify(wxRec.storage.get('draft.report.demo')).includes('楼上装修太吵'));
  const draft = wxRec.storage.get('draft.report.demo') as { requestId: string; form: { categoryText: string } };
  expect(draft.form.categoryText).toBe('投诉');
  (page.instance as unknown as { onUnload(): void }).onUnload();

  const again = await openReady();
  expect(textOf(again)).toContain('已为您恢复上次未提交的内容');
  expect(textsOf(again, '#category')[0]).toContain('投诉');
  expect((again.data.form as { description: string }).description).toBe('楼上装修太吵');
  expect(again.data.requestId).toBe(draft.requestId);
  expect(textOf(again)).not.toContain('预约上门'); // a complaint is not a visit

  tap(again, '#clear-draft');
  await waitFor(again, () => !textOf(again).includes('已为您恢复'));
  expect((again.data.form as { description: string }).description).toBe('');
  expect(wxRec.storage.has('draft.report.demo')).toBe(false);
});

it('a submit that lost its answer is retried with the same requestId: one order', async () => {
  const page = await openReady();
  await pickCategory(page, '水电维修', '电路跳闸');
  typeInto(page, '#description', '客厅跳闸');
  typeInto(page, '#location-text', '客厅');
  await waitFor(page, () => (page.data.form as { locationText: string }).locationText === '客厅');

  // the first submit reaches nobody (no network): the client tries three times, then says so
  bridge.url = 'http://127.0.0.1:9';
  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => wxRec.toasts.includes('网络不给力，请重试'));
  expect(page.data.submitting).toBe(false);
  expect(wxRec.storage.has('draft.report.demo')).toBe(true);

  bridge.url = cloud.url;
  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => wxRec.navigations.length > 0);
  const ids = new Set(creates().map((c) => c.requestId));
  expect(creates().length).toBe(4);
  expect(ids.size).toBe(1);
  const mine = await api<{ items: { description: string }[] }>(cloud.url, 'demo-resident', 'order.list', { scope: 'mine' });
  expect(mine.items.filter((o) => o.description === '客厅跳闸')).toHaveLength(1);
});

it('asks someone who has not registered to register first', async () => {
  bridge.openid = 'o-stranger';
  const page = openPage(pageId);
  await waitForText(page, '您还没有登记房屋');
  tap(page, '#go-register >>> .van-button');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.navigations).toEqual(['/pages/common/register/index']);
});

it('shows an error with 重试 when the catalog cannot load', async () => {
  bridge.url = 'http://127.0.0.1:9';
  const page = openPage(pageId);
  await waitForText(page, '网络不给力，请重试');
  bridge.url = cloud.url;
  tap(page, '#retry >>> .van-button');
  await waitForText(page, '提交报修');
});

describe('the subscribe prompt after 提交报修', () => {
  interface TemplateView {
    templateId: string;
    moment: string;
  }
  let subscribe: SubscribeRecorder;
  beforeAll(() => {
    subscribe = installSubscribe(bridge);
  });
  beforeEach(() => {
    subscribe.clear();
  });

  async function afterReportIds(): Promise<string[]> {
    const templates = await api<TemplateView[]>(cloud.url, 'demo-resident', 'notify.templates', {});
    return [...new Set(templates.filter((t) => t.moment === 'after_report').map((t) => t.templateId))].slice(0, 3);
  }

  async function submitLeak(): Promise<string> {
    const before = subscribe.requests.length;
    const page = await openReady();
    expect(subscribe.requests).toHaveLength(before); // never on page load
    await pickCategory(page, '水电维修', '水管漏水');
    typeInto(page, '#description', '厨房水槽下水管接头漏水');
    typeInto(page, '#location-text', '厨房');
    await waitFor(page, () => (page.data.form as { locationText: string }).locationText === '厨房');
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    return wxRec.navigations[0].split('id=')[1];
  }

  it('asks for the after_report templates, tells the server what was allowed, and the accept notice then arrives by WeChat', async () => {
    const templates = await api<TemplateView[]>(cloud.url, 'demo-resident', 'notify.templates', {});
    const expected = [...new Set(templates.filter((t) => t.moment === 'after_report').map((t) => t.templateId))].slice(0, 3);
    expect(expected.length).toBeGreaterThan(0);

    const orderId = await submitLeak();
    await waitFor(page0(), () => bridge.calls.some((c) => c.body.action === 'notify.granted'));
    expect(subscribe.modals[0].title).toBe('接收维修进度通知');
    expect(subscribe.requests).toEqual([expected]);
    const granted = bridge.calls.find((c) => c.body.action === 'notify.granted');
    expect(granted?.body.payload).toEqual({ templateIds: expected });
    expect(granted?.body.requestId).toBeTruthy();

    // the grant is on the server's ledger: the accept notice goes out as a WeChat message
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId, technicianId: 'demo-tech-2' });
    await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId });
    const sent = (await getJson(`${cloud.url}/_local/messages?touser=demo-resident`)) as { templateId: string; page: string }[];
    expect(sent.some((m) => expected.includes(m.templateId) && m.page.includes(orderId))).toBe(true);
  });

  it('records nothing when the resident declines', async () => {
    subscribe.answer = 'reject';
    await submitLeak();
    await waitFor(page0(), () => subscribe.requests.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(bridge.calls.some((c) => c.body.action === 'notify.granted')).toBe(false);
  });

  it('skips our explanation for someone who keeps “accept” (总是保持以上选择): WeChat answers at once, the grant is told', async () => {
    const expected = await afterReportIds();
    // the first report: our explanation, WeChat's prompt, “always” ticked
    subscribe.keepChoice = true;
    await submitLeak();
    await waitFor(page0(), () => bridge.calls.filter((c) => c.body.action === 'notify.granted').length === 1);
    expect(subscribe.modals).toHaveLength(1);
    expect(subscribe.prompts).toEqual([expected]);
    expect(subscribe.settings.itemSettings).toEqual(Object.fromEntries(expected.map((id) => [id, 'accept'])));

    // the next report: no explanation and no prompt, yet one more grant on the server
    wxRec.navigations.length = 0;
    await submitLeak();
    await waitFor(page0(), () => bridge.calls.filter((c) => c.body.action === 'notify.granted').length === 2);
    expect(subscribe.modals).toHaveLength(1);
    expect(subscribe.requests).toEqual([expected, expected]);
    expect(subscribe.prompts).toHaveLength(1);
    expect(bridge.calls.filter((c) => c.body.action === 'notify.granted').at(-1)?.body.payload).toEqual({ templateIds: expected });
    // the grant's answer lands before the next test resets the server (else it is retried into that test)
    await new Promise((r) => setTimeout(r, 300));
  });

  it('does not ask at all for templates kept as “reject”, nor with subscriptions switched off', async () => {
    const expected = await afterReportIds();
    subscribe.settings.itemSettings = Object.fromEntries(expected.map((id) => [id, 'reject']));
    await submitLeak();
    await new Promise((r) => setTimeout(r, 300));
    expect(subscribe.modals).toEqual([]);
    expect(subscribe.requests).toEqual([]);
    expect(bridge.calls.some((c) => c.body.action === 'notify.granted')).toBe(false);

    subscribe.settings = { mainSwitch: false, itemSettings: {} };
    wxRec.navigations.length = 0;
    await submitLeak();
    await new Promise((r) => setTimeout(r, 300));
    expect(subscribe.modals).toEqual([]);
    expect(subscribe.requests).toEqual([]);
  });

  it('does not open WeChat’s prompt when 暂不 is tapped', async () => {
    subscribe.confirmModals = false;
    await submitLeak();
    await waitFor(page0(), () => subscribe.modals.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(subscribe.requests).toEqual([]);
  });
});

/** waitFor wants a page only to describe a timeout; the last opened page is as good as any. */
let lastPage: Rendered | undefined;
function page0(): Rendered {
  if (!lastPage) throw new Error('no page opened');
  return lastPage;
}

/** A GET to local-cloud (jsdom has no fetch). */
function getJson(url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    }).on('error', reject);
  });
}

describe('setData size', () => {
  it('sends its view at most 32 KB at a time for the report form with its categories', async () => {
    const { page, sizes } = openPageMeasured(pageId);
    await waitForText(page, '提交报修');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
