/**
 * 服务项目 (manager) against a real local-cloud: the items by sort with prices in 元 and the
 * disabled one greyed; add and edit in the popup send settings.serviceItems.save with the price in
 * fen, and settings.get then has it; a value the server refuses shows beside its field; the empty
 * state; a technician or a resident sees 无权查看.
 */
import { loaded, openPage, payloadsOf, tap, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { itShowsManagerPageStates } from './manager-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/manager/service-items/index',
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

interface Item {
  id: string;
  name: string;
  price: number;
  unit: string;
  sort: number;
  disabled: boolean;
}

const itemsOnServer = async (): Promise<Item[]> => (await api<{ serviceItems: Item[] }>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' })).serviceItems;

describe('服务项目', () => {
  it('lists the items by sort with 元 prices, the disabled one greyed', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    const rows = textsOf(page, '.item');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('管道疏通');
    expect(rows[0]).toContain('50 元/次');
    expect(rows[3]).toContain('旧件回收');
    expect(rows[3]).toContain('10 元/件');
    expect(rows[3]).toContain('已停用');
    expect(page.querySelectorAll('.item--disabled')).toHaveLength(1);
    expect(textOf(page)).toContain('3 项在用');
  });

  it('adds an item: the price goes in fen and the server has it', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#add >>> .van-button');
    await waitFor(page, () => page.data.formShown === true);
    typeInto(page, '#name', '更换龙头');
    typeInto(page, '#price', '12.5');
    typeInto(page, '#unit', '个');
    typeInto(page, '#sort', '25');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已添加'));
    expect(sent('settings.serviceItems.save')).toEqual([{ propertyId: 'demo', name: '更换龙头', price: 1250, unit: '个', sort: 25, disabled: false }]);
    expect(page.data.formShown).toBe(false);
    expect(textsOf(page, '.item')[2]).toContain('12.50 元/个');
    const onServer = (await itemsOnServer()).find((s) => s.name === '更换龙头');
    expect(onServer).toMatchObject({ price: 1250, unit: '个', sort: 25, disabled: false });
  });

  it('edits an item: a new price, and disabled', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#item-demo-svc-height >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    expect(page.data.form).toMatchObject({ id: 'demo-svc-height', name: '高空作业', price: '20', unit: '次', sort: '20', disabled: false });
    typeInto(page, '#price', '25');
    page.querySelector('#disabled')?.dispatchEvent('change', { detail: true });
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.serviceItems.save')).toEqual([{ id: 'demo-svc-height', propertyId: 'demo', name: '高空作业', price: 2500, unit: '次', sort: 20, disabled: true }]);
    expect(page.querySelectorAll('.item--disabled')).toHaveLength(2);
    expect((await itemsOnServer()).find((s) => s.id === 'demo-svc-height')).toMatchObject({ price: 2500, disabled: true });
  });

  it('shows a value the server refuses beside its field', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#add >>> .van-button');
    await waitFor(page, () => page.data.formShown === true);
    typeInto(page, '#name', '开锁');
    typeInto(page, '#price', '10');
    typeInto(page, '#sort', '200000');
    tap(page, '#save >>> .van-button');
    await waitForText(page, '排序为 0–100000 的整数');
    expect(textOf(page.querySelector('#sort') as unknown as Rendered)).toContain('排序为 0–100000 的整数');
    expect(textOf(page.querySelector('#name') as unknown as Rendered)).not.toContain('排序为');
    expect(page.data.formShown).toBe(true);
    expect(await itemsOnServer()).toHaveLength(4);
  });

  it('asks for a price in 元 before sending', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#add >>> .van-button');
    await waitFor(page, () => page.data.formShown === true);
    typeInto(page, '#name', '开锁');
    typeInto(page, '#price', '12.345');
    tap(page, '#save >>> .van-button');
    await waitForText(page, '请填写单价（元）');
    expect(sent('settings.serviceItems.save')).toEqual([]);
  });

  it('sends one save for a double tap', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#item-demo-svc-unclog >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    tap(page, '#save >>> .van-button');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.serviceItems.save')).toHaveLength(1);
  });

  it('says what to do when there are no items', async () => {
    bridge.openid = 'demo2-manager';
    const page = openPage(pageId, { propertyId: 'demo-2' });
    await ready(page);
    expect(page.data.status).toBe('ready');
    expect(textOf(page)).toContain('还没有服务项目');
    tap(page, '#add-first >>> .van-button');
    await waitFor(page, () => page.data.formShown === true);
  });

  itShowsManagerPageStates({ pageId: () => pageId, bridge: () => bridge, url: () => url, readyText: '管道疏通', reads: 'settings.serviceItems.list' });
});
