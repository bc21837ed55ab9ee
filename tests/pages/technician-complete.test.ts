/**
 * 完工录入 against a real local-cloud: work time, summary, a material picked from the catalog
 * (category tab, search, stock shown) with quantity 2, a service item, a scanned part barcode, the
 * signature and the server's fee preview; the completion lands with all of it. Service items come
 * from the property's settings (选择服务项目) or are typed on site. A lost submit is retried with
 * the same requestId; the server's field errors show beside their fields. 修改完工记录 opens the
 * same form filled with the record and sends it whole with order.correct.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, tapText, textOf, textsOf, waitFor, waitForText, waitForTextIn, type Bridge, type Rendered } from '../support/simulate';
import { api, fire, recordWx, resetDemo, typeInto, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;
let backs = 0;
let scanResult = '';

interface MoreWx {
  navigateBack(o: { delta?: number }): void;
  scanCode(o: { success?: (r: { result: string }) => void; fail?: (e: { errMsg: string }) => void }): void;
}

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/technician/complete/index');
  bridge = installBridge({ url: cloud.url, openid: 'demo-tech-2', envVersion: 'release' });
  wxRec = recordWx();
  const wx = (globalThis as unknown as { wx: MoreWx }).wx;
  wx.navigateBack = () => void (backs += 1);
  wx.scanCode = ({ success, fail }) => (scanResult ? success?.({ result: scanResult }) : fail?.({ errMsg: 'scanCode:fail cancel' }));
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
  backs = 0;
  scanResult = '';
});

type Completed = {
  status: string;
  completion?: {
    summary: string;
    workMinutes: number;
    measures?: string;
    materials: { materialId: string; qty: number }[];
    serviceItems: { name: string }[];
    partBarcodes?: string[];
    signature?: string;
    invoiceNo?: string;
  };
  fee?: { materials: number };
};

async function inProgress(): Promise<string> {
  const id = await report(cloud.url, '厨房水管漏水');
  await bringTo(cloud.url, id, 'in_progress');
  return id;
}

/** A file in demo-tech-2's own upload folder: the only kind a payload may attach. */
async function ownFile(name: string): Promise<string> {
  const me = await api<{ uploadDir?: string }>(cloud.url, 'demo-tech-2', 'user.me', {});
  return `cloud://demo/${me.uploadDir ?? 'u/demo-tech-2'}/${name}`;
}

function quoteText(page: Rendered): string {
  return textsOf(page, '#quote')[0] ?? '';
}

function sent(action: string): unknown[] {
  return bridge.calls.filter((c) => c.body.action === action).map((c) => c.body.payload);
}

async function open(id: string, query: Record<string, string> = {}): Promise<Rendered> {
  const page = openPage(pageId, { id, ...query });
  await waitFor(page, () => page.data.status !== 'loading');
  return page;
}

async function write(page: Rendered, selector: string, value: string, check: () => boolean): Promise<void> {
  typeInto(page, selector, value);
  await waitFor(page, check);
}

describe('完工录入', () => {
  it('records time, summary, a catalog material ×2, a service item, a barcode and the signature; shows the fee preview', async () => {
    const id = await inProgress();
    const page = await open(id);
    expect(textOf(page)).toContain('水管漏水');
    expect(textOf(page)).toContain('提交完工');

    fire(page, '#work-minutes', 'change', 45);
    await write(page, '#summary', '更换水管接头，试水正常', () => (page.data.form as { summary: string }).summary !== '');
    await write(page, '#measures', '先关闭总阀止水', () => (page.data.form as { measures: string }).measures !== '');

    // the catalog: tabs by category, a search, stock shown
    tap(page, '#add-material >>> .van-cell');
    await waitFor(page, () => page.data.catalogStatus === 'ready');
    fire(page, '#material-tabs', 'change', { index: 5 });
    await waitForTextIn(page, '#picker', '门锁锁芯');
    expect(textsOf(page, '#picker')[0]).toContain('无库存，提交后转领料');
    expect(textsOf(page, '#picker')[0]).not.toContain('生料带');
    fire(page, '#material-tabs', 'change', { index: 3 });
    fire(page, '#material-search', 'change', '生料');
    await waitFor(page, () => (page.data.pickerRows as unknown[]).length === 1);
    expect(textsOf(page, '.picker-row')[0]).toContain('生料带 20m 2 元/卷 · 库存 200卷');
    tap(page, '.pick-button >>> .van-button');
    await waitForTextIn(page, '.picker-row', '已添加');
    tap(page, '#picker-done >>> .van-button');
    await waitFor(page, () => page.data.pickerShown === false);
    expect(textsOf(page, '.material')[0]).toContain('生料带 20m');
    fire(page, '.material-qty', 'change', 2);
    await waitFor(page, () => (page.data.form as { materials: { qty: number }[] }).materials[0]?.qty === 2);

    tap(page, '#add-item >>> .van-cell');
    await waitFor(page, () => page.querySelector('.service-name') !== null && page.querySelector('.service-name') !== undefined);
    await write(page, '.service-name', '高空作业', () => (page.data.form as { serviceItems: { name: string }[] }).serviceItems[0]?.name === '高空作业');
    await write(page, '.service-price', '20', () => (page.data.form as { serviceItems: { price: string }[] }).serviceItems[0]?.price === '20');

    scanResult = '6901234567892';
    tap(page, '#scan >>> .van-cell');
    await waitForText(page, '6901234567892');

    const signature = await ownFile('signatures/sig-1.png');
    fire(page, '#signature', 'change', { fileID: signature, url: '/tmp/sig-1.png' });
    await waitFor(page, () => (page.data.form as { signature: { fileID: string } }).signature.fileID !== '');

    // the server's preview: 45 minutes at 工程部's 60 元/h, 生料带 2 × 2 元, 高空作业 20 元; a free category: the company pays
    await waitFor(page, () => textsOf(page, '#quote')[0]?.includes('材料费 4 元') === true);
    const quote = textsOf(page, '#quote')[0];
    expect(quote).toContain('人工费 45 元');
    expect(quote).toContain('服务项目 20 元');
    expect(quote).toMatch(/合计 .*69 元/);
    expect(quote).toContain('由物业承担');

    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => backs > 0);
    expect(wxRec.toasts).toContain('完工已提交，等待住户确认');

    const order = await api<Completed>(cloud.url, 'demo-tech-2', 'order.get', { orderId: id });
    expect(order.status).toBe('completed');
    expect(order.completion).toMatchObject({
      summary: '更换水管接头，试水正常',
      workMinutes: 45,
      measures: '先关闭总阀止水',
      materials: [{ materialId: 'demo-mat-tape', qty: 2 }],
      serviceItems: [{ name: '高空作业' }],
      partBarcodes: ['6901234567892'],
      signature,
    });
    expect(order.fee?.materials).toBe(400);
    // the draft is gone once submitted
    expect([...wxRec.storage.keys()].filter((k) => k.startsWith('draft.complete.'))).toEqual([]);
  });

  it('offers the property’s service items: 管道疏通 picked and priced by the settings, a custom line beside it', async () => {
    const id = await inProgress();
    const page = await open(id);
    fire(page, '#work-minutes', 'change', 30);
    await write(page, '#summary', '疏通下水管', () => (page.data.form as { summary: string }).summary !== '');

    tap(page, '#pick-item >>> .van-cell');
    await waitForTextIn(page, '#service-sheet', '管道疏通');
    const sheet = textsOf(page, '#service-sheet')[0];
    expect(sheet).toContain('选择服务项目');
    expect(sheet).toContain('管道疏通 50 元/次');
    expect(sheet).toContain('高空作业 20 元/次');
    expect(sheet).toContain('垃圾清运 30 元/次');
    // a disabled item is kept for old records, never offered
    expect(sheet).not.toContain('旧件回收');
    tapText(page, '#service-sheet >>> .van-action-sheet__item', '管道疏通');
    await waitFor(page, () => page.data.serviceSheetShown === false);
    expect(textsOf(page, '.service-picked')).toEqual([expect.stringContaining('管道疏通 50 元/次')]);
    await waitFor(page, () => quoteText(page).includes('服务项目 50 元'));

    // picked once: offered again as already there
    tap(page, '#pick-item >>> .van-cell');
    await waitForTextIn(page, '#service-sheet', '已添加');
    expect(textsOf(page, '#service-sheet')[0]).toContain('管道疏通 已添加，可在下方改数量');
    fire(page, '#service-sheet', 'close', {});
    await waitFor(page, () => page.data.serviceSheetShown === false);

    // 自定义服务项目: named and priced on site, as before
    tap(page, '#add-item >>> .van-cell');
    await waitFor(page, () => !!page.querySelector('.service-name'));
    await write(page, '.service-name', '夜间加急', () => (page.data.form as { serviceItems: { name: string }[] }).serviceItems[1]?.name === '夜间加急');
    await write(page, '.service-price', '15', () => (page.data.form as { serviceItems: { price: string }[] }).serviceItems[1]?.price === '15');
    await waitFor(page, () => quoteText(page).includes('服务项目 65 元'));

    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => backs > 0);
    const [payload] = sent('order.complete') as { serviceItems: unknown[] }[];
    expect(payload.serviceItems).toEqual([
      { serviceItemId: 'demo-svc-unclog', qty: 1 },
      { name: '夜间加急', price: 1500, qty: 1 },
    ]);
    const order = await api<{ completion: { serviceItems: unknown[] }; fee: { items: number } }>(cloud.url, 'demo-tech-2', 'order.get', { orderId: id });
    expect(order.completion.serviceItems).toEqual([
      expect.objectContaining({ serviceItemId: 'demo-svc-unclog', name: '管道疏通', unit: '次', price: 5000, qty: 1, amount: 5000 }),
      expect.objectContaining({ name: '夜间加急', price: 1500, qty: 1, amount: 1500 }),
    ]);
    expect(order.fee.items).toBe(6500);
  });

  it('checks the summary before any call', async () => {
    const id = await inProgress();
    const page = await open(id);
    bridge.calls.length = 0;
    tap(page, '#submit >>> .van-button');
    await waitForTextIn(page, '#summary', '请写一下处理结果');
    expect(bridge.calls.filter((c) => c.body.action === 'order.complete')).toEqual([]);
  });

  it('puts the server’s field error beside its field', async () => {
    const id = await inProgress();
    const page = await open(id);
    await write(page, '#summary', '更换接头', () => (page.data.form as { summary: string }).summary !== '');
    const tooLong = '1'.repeat(41);
    // the field's maxlength stops a person at 40; a value past it (a paste on an old phone) meets the server's check
    (page.instance as unknown as { onInvoiceNo(e: { detail: string }): void }).onInvoiceNo({ detail: tooLong });
    await waitFor(page, () => (page.data.form as { invoiceNo: string }).invoiceNo === tooLong);
    tap(page, '#submit >>> .van-button');
    await waitForTextIn(page, '#invoice-no', '发票号请在 40 个字符以内');
    expect((await api<Completed>(cloud.url, 'demo-tech-2', 'order.get', { orderId: id })).status).toBe('in_progress');
  });

  it('a submit lost to the network keeps the draft and is retried with the same requestId: one completion', async () => {
    const id = await inProgress();
    const page = await open(id);
    await write(page, '#summary', '更换接头', () => (page.data.form as { summary: string }).summary !== '');
    bridge.url = 'http://127.0.0.1:9';
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('网络不给力，请重试'), 15000);
    const draft = wxRec.storage.get(`draft.complete.${id}`) as { requestId: string; form: { summary: string } };
    expect(draft.form.summary).toBe('更换接头');

    bridge.url = cloud.url;
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => backs > 0);
    const ids = new Set(bridge.calls.filter((c) => c.body.action === 'order.complete').map((c) => c.body.requestId));
    expect([...ids]).toEqual([draft.requestId]);
    const order = await api<Completed & { timeline: { step: string }[] }>(cloud.url, 'demo-tech-2', 'order.get', { orderId: id });
    expect(order.timeline.filter((e) => e.step === 'complete')).toHaveLength(1);
  });

  it('restores a draft left on the phone', async () => {
    const id = await inProgress();
    wxRec.storage.set(`draft.complete.${id}`, { requestId: 'r-kept', form: { summary: '昨天写了一半', workMinutes: 30 } });
    const page = await open(id);
    expect(textOf(page)).toContain('已为您恢复上次未提交的内容');
    expect(page.data.requestId).toBe('r-kept');
    expect((page.data.form as { workMinutes: number }).workMinutes).toBe(30);
  });

  it('says when the order cannot be completed now', async () => {
    const id = await report(cloud.url, '厨房水管漏水');
    await bringTo(cloud.url, id, 'accepted');
    const page = await open(id);
    expect(textOf(page)).toContain('这张工单现在不能录入完工');
  });

  it('shows an error with 重试', async () => {
    const id = await inProgress();
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(pageId, { id });
    await waitForText(page, '重试', 15000);
    bridge.url = cloud.url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '提交完工');
  });
});

describe('修改完工记录', () => {
  /** demo-tech-2's completion with one of everything: a material, a picked and a custom item, a photo, the signature. */
  async function completed(): Promise<{ id: string; photo: string; signature: string }> {
    const id = await inProgress();
    const photo = await ownFile('order-photos/done-1.jpg');
    const signature = await ownFile('signatures/sig-1.png');
    await api(cloud.url, 'demo-tech-2', 'order.complete', {
      orderId: id,
      summary: '更换水管接头',
      workMinutes: 45,
      measures: '先关闭总阀',
      materials: [{ materialId: 'demo-mat-tape', qty: 1 }],
      serviceItems: [{ serviceItemId: 'demo-svc-unclog', qty: 1 }, { name: '夜间加急', price: 2000, qty: 1 }],
      photos: [photo],
      signature,
      invoiceNo: 'FP-001',
      partBarcodes: ['6901234567892'],
    });
    return { id, photo, signature };
  }

  it('opens filled with the record, re-prices a changed quantity and sends the whole record with order.correct', async () => {
    const { id, photo, signature } = await completed();
    const page = await open(id, { mode: 'correct' });
    expect(textsOf(page, '#mode-title')).toEqual(['修改完工记录']);
    expect(textsOf(page, '#submit')).toEqual(['提交修改']);
    expect(textOf(page)).not.toContain('提交完工');
    expect(page.data.form).toMatchObject({ summary: '更换水管接头', workMinutes: 45, measures: '先关闭总阀', invoiceNo: 'FP-001', partBarcodes: ['6901234567892'] });
    expect(textsOf(page, '.material')[0]).toContain('生料带 20m');
    expect(textsOf(page, '.service-picked')).toEqual([expect.stringContaining('管道疏通 50 元/次')]);
    expect((page.data.form as { serviceItems: unknown[] }).serviceItems[1]).toEqual({ name: '夜间加急', price: '20', qty: 1 });
    expect(textOf(page)).toContain('6901234567892');
    await waitFor(page, () => quoteText(page).includes('材料费 2 元'));
    expect(quoteText(page)).toContain('服务项目 70 元');

    fire(page, '.material-qty', 'change', 3);
    await waitFor(page, () => quoteText(page).includes('材料费 6 元'));
    expect(quoteText(page)).toMatch(/合计 .*121 元/);

    bridge.calls.length = 0;
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => backs > 0);
    expect(wxRec.toasts).toContain('完工记录已修改');
    expect(sent('order.complete')).toEqual([]);
    expect(sent('order.correct')).toEqual([
      {
        orderId: id,
        summary: '更换水管接头',
        workMinutes: 45,
        measures: '先关闭总阀',
        materials: [{ materialId: 'demo-mat-tape', qty: 3 }],
        serviceItems: [{ serviceItemId: 'demo-svc-unclog', qty: 1 }, { name: '夜间加急', price: 2000, qty: 1 }],
        photos: [photo],
        signature,
        invoiceNo: 'FP-001',
        partBarcodes: ['6901234567892'],
      },
    ]);
    const order = await api<Completed & { completion: { correctedAt?: string }; timeline: { step: string }[] }>(cloud.url, 'demo-tech-2', 'order.get', { orderId: id });
    expect(order.status).toBe('completed');
    expect(order.completion.materials).toEqual([expect.objectContaining({ materialId: 'demo-mat-tape', qty: 3 })]);
    expect(order.completion.correctedAt).toBeDefined();
    expect(order.fee?.materials).toBe(600);
    expect(order.timeline.at(-1)?.step).toBe('correct');
    expect([...wxRec.storage.keys()].filter((k) => k.startsWith('draft.correct.'))).toEqual([]);
  });

  it('keeps a correction’s draft for the record it started from, not after someone else corrected it', async () => {
    const { id } = await completed();
    let page = await open(id, { mode: 'correct' });
    await write(page, '#summary', '更换水管接头和阀门', () => (page.data.form as { summary: string }).summary === '更换水管接头和阀门');
    const draft = wxRec.storage.get(`draft.correct.${id}`) as { requestId: string; base: string };
    expect(draft.base).toBeTruthy();
    // the completion's own draft is another key: nothing of a correction leaks into it
    expect(wxRec.storage.has(`draft.complete.${id}`)).toBe(false);

    page = await open(id, { mode: 'correct' });
    expect(textOf(page)).toContain('已为您恢复上次未提交的内容');
    expect(page.data).toMatchObject({ requestId: draft.requestId, form: { summary: '更换水管接头和阀门' } });

    await api(cloud.url, 'demo-dispatcher', 'order.correct', { orderId: id, summary: '客服改过的记录', workMinutes: 50 });
    page = await open(id, { mode: 'correct' });
    expect(textOf(page)).not.toContain('已为您恢复上次未提交的内容');
    expect(page.data.form).toMatchObject({ summary: '客服改过的记录', workMinutes: 50 });
  });

  it('a resident who confirms while the form is open: the correction is refused politely and the form closes', async () => {
    const { id } = await completed();
    const page = await open(id, { mode: 'correct' });
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId: id, score: 5 });
    tap(page, '#submit >>> .van-button');
    await waitForText(page, '住户已确认或费用已支付，完工记录不能再修改');
    expect(wxRec.toasts).toContain('住户已确认或费用已支付，完工记录不能再修改');
    expect(backs).toBe(0);
    expect(wxRec.storage.has(`draft.correct.${id}`)).toBe(false);
  });

  it('says the record can no longer be changed once the resident confirmed it', async () => {
    const { id } = await completed();
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId: id, score: 5 });
    const page = await open(id, { mode: 'correct' });
    expect(textOf(page)).toContain('住户已确认或费用已支付，完工记录不能再修改');
    expect(page.querySelector('#submit')).toBeFalsy();
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time for the completion form', async () => {
    const id = await inProgress();
    const { page, sizes } = openPageMeasured(pageId, { id });
    await waitFor(page, () => page.data.status === 'ready');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
