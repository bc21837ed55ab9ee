/**
 * 材料与库存 (manager) against a real local-cloud: the catalog by category tabs with price in 元 and
 * stock (无库存 and 库存不足 marked), the search across categories; editing an entry sends
 * settings.materials.save (price in fen) and 入库 sends stock.receive with the note, and
 * settings.get then has both; a value the server refuses shows beside its field; the 领料单 tab
 * lists an open requisition; a technician or a resident sees 无权查看.
 */
import { loaded, openPage, payloadsOf, tap, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, fire, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report } from './technician-helpers';
import { itShowsManagerPageStates } from './manager-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/manager/materials/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-manager',
);

const sent = (action: string): unknown[] => payloadsOf(bridge, action);

const ready = loaded;

interface Material {
  id: string;
  category: string;
  name: string;
  spec: string;
  unit: string;
  price: number;
  stock: number;
}

const materialOnServer = async (id: string): Promise<Material | undefined> =>
  (await api<{ materials: Material[] }>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' })).materials.find((m) => m.id === id);

const tabTo = (page: Rendered, index: number): void => fire(page, '#tabs', 'change', { index });

describe('材料与库存', () => {
  it('shows the catalog by category with price and stock', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    expect(page.data.tabs).toEqual(['电料', '化料', '水料', '卫生', '五金', '领料单']);
    const rows = textsOf(page, '.material');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('LED灯泡');
    expect(rows[0]).toContain('15 元/个');
    expect(rows[0]).toContain('库存 50 个');
    tabTo(page, 3);
    await waitFor(page, () => textsOf(page, '.material').length === 1);
    expect(textsOf(page, '.material')[0]).toContain('库存 2 套 · 不足');
    expect(page.querySelectorAll('.material--low')).toHaveLength(1);
    tabTo(page, 4);
    await waitForText(page, '门锁锁芯');
    expect(textsOf(page, '#material-demo-mat-lock')[0]).toContain('无库存');
    expect(page.querySelectorAll('.material--zero')).toHaveLength(1);
  });

  it('searches name and spec across categories', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    fire(page, '#search', 'change', 'dn20');
    await waitFor(page, () => textsOf(page, '.material').length === 1);
    expect(textsOf(page, '.material')[0]).toContain('PPR水管');
    expect(textsOf(page, '.material')[0]).toContain('水料');
    fire(page, '#search', 'change', '不存在的材料');
    await waitForText(page, '没有找到「不存在的材料」');
  });

  it('edits an entry: the price goes in fen and the server has it', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#material-demo-mat-led .material__main');
    await waitFor(page, () => page.data.formShown === true);
    expect(page.data.form).toMatchObject({ id: 'demo-mat-led', category: '电料', name: 'LED灯泡', spec: '9W E27', unit: '个', price: '15' });
    typeInto(page, '#price', '16.8');
    typeInto(page, '#spec', '12W E27');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.materials.save')).toEqual([{ id: 'demo-mat-led', propertyId: 'demo', category: '电料', name: 'LED灯泡', spec: '12W E27', unit: '个', price: 1680 }]);
    expect(textsOf(page, '#material-demo-mat-led')[0]).toContain('16.80 元/个');
    expect(await materialOnServer('demo-mat-led')).toMatchObject({ spec: '12W E27', price: 1680, stock: 50 });
  });

  it('adds a material in the current category', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tabTo(page, 4);
    await waitForText(page, '门锁锁芯');
    tap(page, '#add >>> .van-button');
    await waitFor(page, () => page.data.formShown === true);
    expect(page.data.form).toMatchObject({ category: '五金' });
    typeInto(page, '#name', '门吸');
    typeInto(page, '#spec', '不锈钢');
    typeInto(page, '#unit', '个');
    typeInto(page, '#price', '12');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已添加'));
    expect(sent('settings.materials.save')).toEqual([{ propertyId: 'demo', category: '五金', name: '门吸', spec: '不锈钢', unit: '个', price: 1200 }]);
    await waitForText(page, '门吸');
    const all = (await api<{ materials: Material[] }>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' })).materials;
    expect(all.find((m) => m.name === '门吸')).toMatchObject({ category: '五金', price: 1200, stock: 0 });
  });

  it('receives stock with a note: the stock grows on the server', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tabTo(page, 4);
    await waitForText(page, '门锁锁芯');
    tap(page, '#material-demo-mat-lock .receive >>> .van-button');
    await waitFor(page, () => page.data.receiveShown === true);
    typeInto(page, '#qty', '10');
    typeInto(page, '#note', '采购入库');
    tap(page, '#confirm-receive >>> .van-button');
    tap(page, '#confirm-receive >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已入库'));
    expect(sent('stock.receive')).toEqual([{ materialId: 'demo-mat-lock', qty: 10, note: '采购入库' }]);
    expect(textsOf(page, '#material-demo-mat-lock')[0]).toContain('库存 10 个');
    expect((await materialOnServer('demo-mat-lock'))?.stock).toBe(10);
  });

  it('asks for a positive quantity before sending', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#material-demo-mat-led .receive >>> .van-button');
    await waitFor(page, () => page.data.receiveShown === true);
    typeInto(page, '#qty', '0');
    tap(page, '#confirm-receive >>> .van-button');
    await waitForText(page, '请填写入库数量');
    expect(sent('stock.receive')).toEqual([]);
  });

  it('shows a quantity the server refuses beside the field', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#material-demo-mat-led .receive >>> .van-button');
    await waitFor(page, () => page.data.receiveShown === true);
    typeInto(page, '#qty', '200000');
    tap(page, '#confirm-receive >>> .van-button');
    await waitFor(page, () => page.data.saving === false && page.data.qtyError !== '');
    expect(textOf(page.querySelector('#qty') as unknown as Rendered)).toContain('请填写入库数量，大于 0');
    expect((await materialOnServer('demo-mat-led'))?.stock).toBe(50);
  });

  it('lists open requisitions on the 领料单 tab', async () => {
    const orderId = await report(url, '门锁坏了');
    await bringTo(url, orderId, 'in_progress');
    await api(url, 'demo-tech-2', 'order.complete', { orderId, summary: '更换锁芯', workMinutes: 30, materials: [{ materialId: 'demo-mat-lock', qty: 1 }] });
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tabTo(page, 5);
    await waitFor(page, () => textsOf(page, '.requisition').length === 1);
    expect(sent('stock.requisitions')).toEqual([{ propertyId: 'demo', status: 'open' }]);
    const row = textsOf(page, '.requisition')[0];
    expect(row).toContain('赵强');
    expect(row).toContain('门锁锁芯 C级 × 1 个');
  });

  it('says so when no requisition is open', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tabTo(page, 5);
    await waitForText(page, '没有待处理的领料单');
  });

  itShowsManagerPageStates({ pageId: () => pageId, bridge: () => bridge, url: () => url, readyText: 'LED灯泡', reads: 'settings.get' });
});
