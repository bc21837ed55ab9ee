/**
 * Renders each page state with miniprogram-simulate and photographs it with Chromium
 * (toolchain.md, "Pictures of pages"). Run by scripts/screenshots.mjs under jest; writes
 * docs/screenshots/<page>-<state>.png. Data comes from a real local-cloud on a fixed clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// simulate turns 1rpx into 1px; WeChat's phone is 750rpx wide = 375px
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx(style: string): string };
simulateUtils.transformRpx = (style: string) => rpxToPx(style);

import { startLocalCloudProcess, type LocalCloudProcess } from '../tests/support/local-cloud';
import { installBridge, loadPage, openPage, waitFor, waitForText, type Bridge, type Rendered } from '../tests/support/simulate';
import { api, recordWx, resetDemo, NOW } from '../tests/pages/resident-helpers';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_, n: string) => `${+(Number(n) / 2).toFixed(2)}px`);
}

/** vant's icon font from @vant/icons, inlined (vant-weapp points at a CDN). */
function iconFontFace(): string {
  const less = readFileSync(path.join(ROOT, 'node_modules', '@vant', 'icons', 'src', 'encode-woff2.less'), 'utf8');
  const url = /url\('(data:font\/woff2[^']+)'\)/.exec(less)?.[1];
  if (!url) throw new Error('no woff2 in @vant/icons');
  return `@font-face{font-family:'vant-icon';font-weight:normal;font-style:normal;src:url('${url}') format('woff2');}`;
}

/** What WeChat's renderer gives its built-in elements and the browser does not. */
const BASE_CSS = `
html,body{margin:0;padding:0;}
body{-webkit-font-smoothing:antialiased;font-family:'Noto Sans CJK SC','PingFang SC',sans-serif;}
wx-view,wx-scroll-view,wx-swiper,wx-swiper-item,wx-form,wx-label,main,parent-wrapper{display:block;}
wx-text{display:inline;}
/* component hosts that lay out as blocks in WeChat */
van-tabs,van-sticky,van-tab,van-cell-group,van-cell,van-field,van-empty,van-steps,van-skeleton,van-cascader,van-radio-group,order-item,order-chat,van-uploader{display:block;}
wx-image{display:inline-block;width:320px;height:240px;overflow:hidden;background:#e8eaee;}
wx-button{display:block;}
wx-input,wx-textarea{display:block;}
wx-input input,wx-textarea textarea{border:0;outline:0;padding:0;margin:0;width:100%;height:100%;font:inherit;color:inherit;text-align:inherit;background:transparent;resize:none;}
wx-textarea textarea{min-height:72px;}
wx-input input::placeholder,wx-textarea textarea::placeholder{color:#c8c9cc;}
/* van-sticky measures the page to fix itself on scroll; a still picture keeps it in place */
.van-sticky-wrap--fixed{position:static !important;width:auto !important;}
van-sticky .van-sticky{height:auto !important;}
/* the tab bar spans the page (simulate cannot measure it, so vant leaves its width to the browser) */
.van-tabs__scroll{display:block;width:100%;overflow:hidden;}
.van-tabs__nav{width:100%;}
`;

/** The few DOM shapes used here (the root tsconfig has no DOM lib; jsdom provides them). */
interface El {
  tagName: string;
  outerHTML: string;
  innerHTML: string;
  textContent: string | null;
  ownerDocument: Doc;
  cloneNode(deep: boolean): El;
  querySelectorAll(selector: string): ArrayLike<El>;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
  appendChild(child: El): void;
}
interface Doc {
  createElement(tag: string): El;
  querySelectorAll(selector: string): ArrayLike<El>;
}

let fontFace = '';
let appCss = '';

/** `height`: a taller picture (CSS px) for content below the first screen, e.g. a conversation. */
function shoot(name: string, page: Rendered, options: { height?: number } = {}): void {
  const { document } = globalThis as unknown as { document: Doc };
  const styles = Array.from(document.querySelectorAll('style')).map((s) => s.innerHTML).join('\n');
  const dom = page.dom as unknown as El;
  const clone = dom.cloneNode(true);
  fillFormControls(dom, clone);
  addUnprefixedClasses(clone);
  const html = `<!doctype html><html><head><meta charset="utf-8"><style>${fontFace}${BASE_CSS}${appCss}${styles}</style></head><body>${clone.outerHTML}</body></html>`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'shot-'));
  const file = path.join(tmp, 'page.html');
  writeFileSync(file, html);
  // SHOT_HTML=1 keeps each page's HTML in the temp dir, to inspect a layout in a browser
  if (process.env.SHOT_HTML) writeFileSync(path.join(os.tmpdir(), `shot-${name}.html`), html);
  const png = path.join(OUT, `${name}.png`);
  execFileSync(CHROMIUM, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--no-first-run',
    '--hide-scrollbars',
    '--force-device-scale-factor=2',
    `--window-size=375,${options.height ?? 667}`,
    `--screenshot=${png}`,
    `file://${file}`,
  ], { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
  console.log(`docs/screenshots/${name}.png`);
}

/**
 * simulate prefixes each component's classes with its tag (`main--section-title`); app.wxss is
 * global in WeChat, so give every element its plain class names too for app.wxss to match.
 */
function addUnprefixedClasses(root: El): void {
  for (const el of Array.from(root.querySelectorAll('[class]'))) {
    const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
    const plain = classes.map((c) => (c.includes('--') ? c.slice(c.indexOf('--') + 2) : c));
    el.setAttribute('class', [...new Set([...classes, ...plain])].join(' '));
  }
}

/**
 * simulate registers WeChat's built-in <input>/<textarea> with no properties, so a van-field's
 * value and placeholder never reach them and the pictures showed empty fields: declare the two
 * that fillFormControls reads (re-registering a built-in replaces it).
 */
function showFormValues(): void {
  // j-component ships no types
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jComponent = require('j-component') as { register(definition: Record<string, unknown>): void };
  for (const name of ['input', 'textarea']) {
    jComponent.register({
      id: name,
      tagName: `wx-${name}`,
      template: '<slot/>',
      properties: { value: { type: null, value: '' }, placeholder: { type: String, value: '' } },
    });
  }
}

interface ExparserNode {
  __wxElement?: { value?: unknown; placeholder?: unknown; __attributes?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * simulate's <wx-input>/<wx-textarea> are empty elements: put a real input inside each clone,
 * with the value (or placeholder) the component holds, so typed text shows in the picture.
 */
function fillFormControls(source: El, clone: El): void {
  const originals = Array.from(source.querySelectorAll('wx-input, wx-textarea'));
  const copies = Array.from(clone.querySelectorAll('wx-input, wx-textarea'));
  originals.forEach((original, i) => {
    const node = (original as unknown as ExparserNode).__wxElement;
    const copy = copies[i];
    if (!node || !copy) return;
    // built-in <input>/<textarea> are exparser components: their properties live in `data`
    const data = (node.data ?? {}) as Record<string, unknown>;
    const value = String(data.value ?? node.value ?? '');
    const placeholder = String(data.placeholder ?? node.placeholder ?? '');
    const isArea = original.tagName.toLowerCase() === 'wx-textarea';
    const control = copy.ownerDocument.createElement(isArea ? 'textarea' : 'input');
    if (isArea) control.textContent = value;
    else control.setAttribute('value', value);
    control.setAttribute('placeholder', placeholder);
    control.setAttribute('style', 'color:inherit');
    copy.appendChild(control);
  });
}

export const PAGES: Record<string, string> = {
  home: 'pages/common/home/index',
  register: 'pages/common/register/index',
  report: 'pages/resident/report/index',
  orders: 'pages/resident/orders/index',
  order: 'pages/resident/order/index',
  tasks: 'pages/technician/tasks/index',
  pool: 'pages/technician/pool/index',
  work: 'pages/technician/work/index',
  complete: 'pages/technician/complete/index',
  inbox: 'pages/common/inbox/index',
  join: 'pages/common/join/index',
  dashboard: 'pages/manager/dashboard/index',
  'desk-orders': 'pages/desk/orders/index',
  'desk-assign': 'pages/desk/assign/index',
  'desk-order': 'pages/desk/order/index',
  'desk-revisits': 'pages/desk/revisits/index',
  'desk-unfinished': 'pages/desk/unfinished/index',
  'manager-settings': 'pages/manager/settings/index',
  'manager-settings-property': 'pages/manager/property/index',
  'manager-settings-service-items': 'pages/manager/service-items/index',
  'manager-settings-materials': 'pages/manager/materials/index',
  'manager-settings-teams': 'pages/manager/teams/index',
};

const settle = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));

let cloud: LocalCloudProcess;
let bridge: Bridge;

async function report(openid: string, description: string, categoryId = 'demo-water-leak', extra: Record<string, unknown> = {}): Promise<string> {
  const order = await api<{ id: string }>(cloud.url, openid, 'order.create', {
    propertyId: 'demo',
    categoryId,
    description,
    location: { kind: 'unit', text: '厨房' },
    ...extra,
  });
  return order.id;
}

async function advance(minutes: number): Promise<void> {
  const { postJson } = await import('../tests/support/simulate');
  await postJson(`${cloud.url}/_local/time`, { advanceMinutes: minutes });
}

test('screenshots', async () => {
  mkdirSync(OUT, { recursive: true });
  fontFace = iconFontFace();
  appCss = rpxToPx(readFileSync(path.join(ROOT, 'miniprogram', 'app.wxss'), 'utf8')).replace(/(^|\n)page\s*\{/g, '$1body {');
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  try {
    bridge = installBridge({ url: cloud.url, openid: 'demo-resident', envVersion: 'release' });
    recordWx();
    await resetDemo(cloud.url, NOW);

    // one page per run (SHOT_PAGE): simulate mis-renders vant when two pages load it in one jsdom
    const only = process.env.SHOT_PAGE ?? 'home';
    const pagePath = PAGES[only];
    if (!pagePath) throw new Error(`SHOT_PAGE must be one of ${Object.keys(PAGES).join(', ')}`);
    showFormValues();
    const id = loadPage(pagePath);
    let page: Rendered;
    const ids = { home: id, register: id, report: id, orders: id, order: id, tasks: id, pool: id, work: id, complete: id, inbox: id, join: id, dashboard: id };

    // --- data: a resident's history over the morning -----------------------------------------
    await advance(-180); // 07:00: the older reports first
    const closed = await report('demo-resident', '卫生间水龙头一直滴水，关不紧', 'demo-water-leak', { location: { kind: 'unit', text: '主卫洗手台' } });
    const paid = await report('demo-resident', '空调开机后不制冷，外机有异响', 'demo-appliance-ac', { location: { kind: 'unit', text: '主卧' } });
    const cancelled = await report('demo-resident', '门口感应灯不亮', 'demo-public-light', { location: { kind: 'public', text: '1栋2单元3楼楼道' } });
    await api(cloud.url, 'demo-resident', 'order.cancel', { orderId: cancelled, reason: '灯又好了' });
    for (const id of [closed, paid]) {
      await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
      await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: id });
      await advance(20);
      await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: id });
      await advance(40);
    }
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: closed, summary: '更换水龙头阀芯，试水正常', workMinutes: 30, materials: [{ materialId: 'demo-mat-tape', qty: 1 }] });
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId: closed, score: 5, comment: '师傅很准时，修得很仔细' });
    await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: paid, summary: '清洗室外机并补充冷媒', workMinutes: 60, materials: [{ materialId: 'demo-mat-tape', qty: 2 }] });
    await advance(40); // 09:40
    const accepted = await report('demo-resident', '厨房水槽下水管接头漏水，地上已经积水', 'demo-water-leak', { urgency: 'urgent' });
    await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: accepted, technicianId: 'demo-tech-1' });
    await api(cloud.url, 'demo-tech-1', 'order.accept', { orderId: accepted });
    await advance(5);
    await api(cloud.url, 'demo-tech-1', 'order.message', { orderId: accepted, text: '您好，我是维修师傅王建国，20 分钟内到，请先关闭厨房进水阀。' });
    await advance(3);
    await api(cloud.url, 'demo-resident', 'order.message', { orderId: accepted, text: '好的，阀门已经关了，家里有人。' });
    await advance(2); // 09:50
    const pending = await report('demo-resident', '客厅插座跳闸，一插电器就断电', 'demo-water-power', { location: { kind: 'unit', text: '客厅电视墙' } });
    await resetClock();

    if (only === 'home') {
    // --- 首页 ------------------------------------------------------------------------------
    shoot('home-loading', openPage(ids.home));
    page = openPage(ids.home);
    await waitForText(page, '我的身份');
    await waitFor(page, () => String(page.data.openCount) !== '');
    await settle(300);
    shoot('home-resident', page);
    // demo-tech-1 has the accepted leak to visit; the pending 插座跳闸 waits in the pool
    bridge.openid = 'demo-tech-1';
    page = openPage(ids.home);
    await waitFor(page, () => page.data.countsReady === true);
    await settle();
    shoot('home-technician', page);
    bridge.openid = 'demo-dispatcher';
    page = openPage(ids.home);
    await waitFor(page, () => String(page.data.deskPending) !== '');
    await settle();
    shoot('home-desk', page);
    // a technician of both 示范小区 and 示范二区 picks the property
    const invite = await api<{ code: string }>(cloud.url, 'demo2-manager', 'admin.createInvite', { propertyId: 'demo-2', role: 'technician', teamId: 'demo2-team-eng' });
    await api(cloud.url, 'demo-tech-1', 'staff.join', { inviteCode: invite.code, name: '王建国', phone: '13900000001' });
    bridge.openid = 'demo-tech-1';
    page = openPage(ids.home);
    await waitFor(page, () => page.data.countsReady === true);
    await call(page, 'openPropertySheet');
    await settle(300);
    shoot('home-property-sheet', page);
    bridge.openid = 'o-newcomer';
    page = openPage(ids.home);
    await waitForText(page, '未加入任何小区');
    await settle();
    shoot('home-newcomer', page);
    bridge.openid = 'demo-resident';

    }
    if (only === 'register') {
    // --- 住户登记 --------------------------------------------------------------------------
    bridge.openid = 'o-newcomer';
    page = openPage(ids.register, { propertyId: 'demo' });
    await settle();
    shoot('register-empty', page);
    await call(page, 'submit');
    await settle();
    shoot('register-errors', page);
    // the phone-number button: WeChat's code for 13812345678, then one WeChat refuses
    page = openPage(ids.register, { propertyId: 'demo' });
    await call(page, 'onPhoneNumber', { detail: { code: 'phone:13812345678', errMsg: 'getPhoneNumber:ok' } });
    await settle();
    shoot('register-wechat-phone', page);
    page = openPage(ids.register, { propertyId: 'demo' });
    await call(page, 'onPhoneNumber', { detail: { code: 'expired', errMsg: 'getPhoneNumber:ok' } });
    await settle();
    shoot('register-phone-refused', page);

    }
    if (only === 'join') {
    // --- 员工加入 --------------------------------------------------------------------------
    bridge.openid = 'o-new-staff';
    page = openPage(ids.join);
    await settle();
    shoot('join-empty', page);
    await call(page, 'onInput', { detail: 'k7xq2m0', currentTarget: { dataset: { field: 'inviteCode' } } });
    await call(page, 'onInput', { detail: '钱进', currentTarget: { dataset: { field: 'name' } } });
    await call(page, 'submit');
    await settle();
    shoot('join-errors', page);
    await call(page, 'onInput', { detail: 'ZZZZZZZZ', currentTarget: { dataset: { field: 'inviteCode' } } });
    await call(page, 'onInput', { detail: '13912345678', currentTarget: { dataset: { field: 'phone' } } });
    await call(page, 'submit');
    await waitForText(page, '没有这个邀请码');
    await settle();
    shoot('join-unknown-code', page);
    bridge.openid = 'demo-resident';

    }
    if (only === 'report') {
    bridge.openid = 'o-newcomer';
    // --- 我要报修 --------------------------------------------------------------------------
    page = openPage(ids.report);
    await waitForText(page, '您还没有登记房屋');
    shoot('report-unregistered', page);
    bridge.openid = 'demo-resident';
    shoot('report-loading', openPage(ids.report));
    page = openPage(ids.report);
    await waitForText(page, '提交报修');
    shoot('report-empty', page);
    await call(page, 'submit');
    await settle();
    shoot('report-errors', page);
    await call(page, 'openCategoryPicker');
    await settle(300);
    shoot('report-category-picker', page);
    await call(page, 'onCategoryFinish', { detail: { value: 'demo-water-leak', selectedOptions: [{ text: '水电维修', value: 'demo-water' }, { text: '水管漏水', value: 'demo-water-leak' }] } });
    await call(page, 'onDescription', { detail: '卫生间地漏返水，有异味' });
    await call(page, 'onLocationText', { detail: '次卫' });
    await call(page, 'openSlotPicker');
    await waitForText(page, '14:00–16:00');
    await settle(300);
    shoot('report-slot-picker', page);
    await call(page, 'closeSlotPicker');
    await settle(300);
    shoot('report-filled', page);

    }
    if (only === 'orders') {
    // --- 我的报修 --------------------------------------------------------------------------
    shoot('orders-loading', openPage(ids.orders));
    page = openPage(ids.orders);
    await waitFor(page, () => (page.data.items as unknown[]).length > 0 && String(page.data.tabs).length > 0);
    await settle(300);
    shoot('orders-open', page);
    await call(page, 'onTabChange', { detail: { index: 3 } });
    await waitFor(page, () => page.data.status === 'ready');
    await settle();
    shoot('orders-all', page);
    bridge.openid = 'demo-resident-2';
    page = openPage(ids.orders);
    await waitForText(page, '没有进行中的报修');
    shoot('orders-empty', page);
    bridge.url = 'http://127.0.0.1:9';
    page = openPage(ids.orders);
    await waitForText(page, '重试', 15000);
    shoot('orders-error', page);
    bridge.url = cloud.url;
    bridge.openid = 'demo-resident';

    }
    if (only === 'order') {
    // --- 报修详情 --------------------------------------------------------------------------
    shoot('order-loading', openPage(ids.order, { id: pending }));
    for (const [state, id] of [
      ['pending', pending],
      ['accepted', accepted],
      ['completed', paid],
      ['closed', closed],
      ['cancelled', cancelled],
    ] as const) {
      page = openPage(ids.order, { id });
      await waitForText(page, '处理进度');
      await settle();
      shoot(`order-${state}`, page);
      if (state === 'accepted') {
        await waitForText(page, '阀门已经关了');
        await settle(300);
        shoot('order-conversation', page, { height: 1400 });
      }
      if (state === 'pending') {
        await call(page, 'openSheet', { currentTarget: { dataset: { sheet: 'cancel' } } });
        await settle(300);
        shoot('order-cancel-sheet', page);
      }
      if (state === 'completed') {
        // the bill and 去支付 at the foot of the page
        shoot('order-pay', page, { height: 1300 });
        await call(page, 'openSheet', { currentTarget: { dataset: { sheet: 'rate' } } });
        await call(page, 'onScore', { detail: 4 });
        await settle(300);
        shoot('order-rate-sheet', page);
      }
    }
    // a 200 元 deposit on a 60 元 bill: the rest waits to go back, then has gone back
    const refund = await depositThenCompleted();
    page = openPage(ids.order, { id: refund });
    await waitForText(page, '应退');
    await settle(300);
    shoot('order-refund', page, { height: 1500 });
    await api(cloud.url, 'demo-resident', 'order.rate', { orderId: refund, score: 5, comment: '师傅很专业' });
    page = openPage(ids.order, { id: refund });
    await waitForText(page, '已退款');
    await settle(300);
    shoot('order-refunded', page, { height: 1500 });
    bridge.url = 'http://127.0.0.1:9';
    page = openPage(ids.order, { id: pending });
    await waitForText(page, '重试', 15000);
    shoot('order-error', page);
    bridge.url = cloud.url;
    }

    if (only === 'inbox') {
    // --- 消息中心 --------------------------------------------------------------------------
    shoot('inbox-loading', openPage(ids.inbox));
    page = openPage(ids.inbox);
    await waitFor(page, () => page.data.status === 'ready');
    await settle(300);
    shoot('inbox-list', page);
    bridge.openid = 'demo-resident-2';
    page = openPage(ids.inbox);
    await waitForText(page, '暂时没有消息');
    shoot('inbox-empty', page);
    bridge.url = 'http://127.0.0.1:9';
    page = openPage(ids.inbox);
    await waitForText(page, '重试', 15000);
    shoot('inbox-error', page);
    bridge.url = cloud.url;
    bridge.openid = 'demo-resident';
    }

    if (only === 'dashboard') {
      // --- 数据看板 (manager) ---------------------------------------------------------------
      await managerWeek();
      bridge.openid = 'demo-manager';
      shoot('manager-dashboard-loading', openPage(ids.dashboard));
      page = openPage(ids.dashboard);
      await waitFor(page, () => page.data.status === 'ready');
      await settle(300);
      shoot('manager-dashboard-month', page);
      shoot('manager-dashboard-full', page, { height: 1900 });
      await call(page, 'onPeriodChange', { detail: { index: 0 } });
      await waitFor(page, () => page.data.status === 'ready');
      await settle(300);
      shoot('manager-dashboard-week', page, { height: 1400 });
      await call(page, 'onPeriodChange', { detail: { index: 2 } });
      await waitFor(page, () => page.data.status === 'empty');
      await settle(300);
      shoot('manager-dashboard-empty', page);
      bridge.openid = 'demo-resident';
      page = openPage(ids.dashboard);
      await waitFor(page, () => page.data.status === 'forbidden');
      await settle();
      shoot('manager-dashboard-forbidden', page);
      bridge.openid = 'demo-manager';
      bridge.url = 'http://127.0.0.1:9';
      page = openPage(ids.dashboard);
      await waitForText(page, '重试', 15000);
      shoot('manager-dashboard-error', page);
      bridge.url = cloud.url;
    }

    if (only.startsWith('manager-settings')) {
      // --- 设置 (manager): the settings home and its pages ------------------------------------
      bridge.openid = 'demo-manager';
      const q = { propertyId: 'demo' };
      shoot(`${only}-loading`, openPage(id, q));
      page = openPage(id, q);
      await waitFor(page, () => page.data.status === 'ready');
      await settle(300);
      if (only === 'manager-settings') {
        shoot('manager-settings', page);
      }
      if (only === 'manager-settings-property') {
        shoot('manager-settings-property', page, { height: 1250 });
        await call(page, 'onEnd', { detail: '25:00' });
        await call(page, 'save');
        await waitFor(page, () => page.data.saving === false && String((page.data.errors as { end: string }).end) !== '');
        await settle(300);
        shoot('manager-settings-property-field-error', page);
        await call(page, 'openTeams');
        await settle(300);
        shoot('manager-settings-property-night-team', page);
      }
      if (only === 'manager-settings-service-items') {
        shoot('manager-settings-service-items', page);
        await call(page, 'openEdit', { currentTarget: { dataset: { id: 'demo-svc-unclog' } } });
        await settle(300);
        shoot('manager-settings-service-items-form', page);
        await call(page, 'closeForm');
        bridge.openid = 'demo2-manager';
        page = openPage(id, { propertyId: 'demo-2' });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('manager-settings-service-items-empty', page);
        bridge.openid = 'demo-manager';
      }
      if (only === 'manager-settings-materials') {
        shoot('manager-settings-materials', page);
        await call(page, 'onTabChange', { detail: { index: 4 } });
        await settle(300);
        shoot('manager-settings-materials-hardware', page);
        await call(page, 'openReceive', { currentTarget: { dataset: { id: 'demo-mat-lock' } } });
        await call(page, 'onQty', { detail: '20' });
        await call(page, 'onNote', { detail: '采购入库' });
        await settle(300);
        shoot('manager-settings-materials-receive', page);
        await call(page, 'closeReceive');
        await call(page, 'openEdit', { currentTarget: { dataset: { id: 'demo-mat-hinge' } } });
        await settle(300);
        shoot('manager-settings-materials-edit', page);
        await call(page, 'closeForm');
        await call(page, 'onTabChange', { detail: { index: 0 } });
        await call(page, 'onSearch', { detail: '水' });
        await settle(300);
        shoot('manager-settings-materials-search', page);
        // a completion that used a lock cylinder stock did not have: an open 领料单
        const lock = await report('demo-resident-2', '入户门锁芯卡住，钥匙拧不动', 'demo-water-leak');
        await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: lock, technicianId: 'demo-tech-2' });
        await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: lock });
        await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: lock });
        await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: lock, summary: '更换锁芯', workMinutes: 30, materials: [{ materialId: 'demo-mat-lock', qty: 1 }, { materialId: 'demo-mat-fill-valve', qty: 3 }] });
        page = openPage(id, q);
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'onTabChange', { detail: { index: 5 } });
        await waitFor(page, () => page.data.requisitionsStatus === 'ready');
        await settle(300);
        shoot('manager-settings-materials-requisitions', page);
      }
      if (only === 'manager-settings-teams') {
        shoot('manager-settings-teams', page);
        await call(page, 'openEdit', { currentTarget: { dataset: { id: 'demo-team-eng' } } });
        await settle(300);
        shoot('manager-settings-teams-form', page);
        await call(page, 'openLeaders');
        await settle(300);
        shoot('manager-settings-teams-leader', page);
      }
      bridge.openid = 'demo-tech-2';
      page = openPage(id, q);
      await waitFor(page, () => page.data.status === 'forbidden');
      await settle();
      shoot(`${only}-forbidden`, page);
      bridge.openid = 'demo-manager';
      bridge.url = 'http://127.0.0.1:9';
      page = openPage(id, q);
      await waitForText(page, '重试', 15000);
      shoot(`${only}-error`, page);
      bridge.url = cloud.url;
      bridge.openid = 'demo-resident';
    }

    if (only.startsWith('desk-')) {
      // --- 客服中心 (demo-dispatcher): the morning's pool, picker, order steps, calls and list ----
      const desk = await deskMorning();
      bridge.openid = 'demo-dispatcher';
      if (only === 'desk-orders') {
        shoot('desk-orders-loading', openPage(id));
        page = openPage(id);
        await waitFor(page, () => page.data.status === 'ready' && String(JSON.stringify(page.data.tabs)).includes('待派单 '));
        await settle(300);
        shoot('desk-orders-pending', page);
        await call(page, 'startSelect');
        await call(page, 'toggle', desk.complaint);
        await call(page, 'toggle', desk.light);
        await settle(300);
        shoot('desk-orders-batch', page);
        await call(page, 'onTabChange', { detail: { index: 1 } });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-orders-processing', page);
        await call(page, 'onTabChange', { detail: { index: 2 } });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-orders-completed', page);
        await call(page, 'onTabChange', { detail: { index: 0 } });
        await call(page, 'onCategory', { detail: 'demo-public' });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-orders-filtered', page);
        await call(page, 'onOverdue', { detail: 'overdue' });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-orders-empty', page);
        page = openPage(id);
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'onSearchInput', { detail: desk.overdueNo });
        await call(page, 'onSearch');
        await waitFor(page, () => page.data.status === 'ready' && page.data.searchNo !== '');
        await settle(300);
        shoot('desk-orders-search', page);
        bridge.openid = 'demo-resident';
        page = openPage(id);
        await waitFor(page, () => page.data.status === 'forbidden');
        await settle();
        shoot('desk-orders-forbidden', page);
        bridge.openid = 'demo-dispatcher';
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(id);
        await waitForText(page, '重试', 15000);
        shoot('desk-orders-error', page);
        bridge.url = cloud.url;
      }
      if (only === 'desk-assign') {
        shoot('desk-assign-loading', openPage(id, { ids: desk.light }));
        page = openPage(id, { ids: desk.light });
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'pick', 'demo-tech-2');
        await settle(300);
        shoot('desk-assign', page);
        await call(page, 'toggleAssistants');
        await call(page, 'onAssistants', { detail: ['demo-tech-1'] });
        await call(page, 'onNote', { detail: '住户晚上在家，带上声控开关' });
        await settle(300);
        shoot('desk-assign-assistants', page, { height: 1100 });
        page = openPage(id, { ids: `${desk.complaint},${desk.pending}` });
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'pick', 'demo-tech-1');
        await settle(300);
        shoot('desk-assign-batch', page);
        page = openPage(id, { ids: desk.complaint });
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'openHandle');
        await call(page, 'onHandling', { detail: 'coordination' });
        await call(page, 'onHandleNote', { detail: '已联系楼上住户，约定装修只在 9:00 后施工，周六上门回访' });
        await settle(300);
        shoot('desk-assign-handle', page);
        await call(page, 'closeHandle');
        await call(page, 'openTeams');
        await settle(300);
        shoot('desk-assign-teams', page);
        page = openPage(id, { ids: desk.reassign, mode: 'reassign' });
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'pick', 'demo-tech-1');
        await settle(300);
        shoot('desk-assign-reassign', page);
      }
      if (only === 'desk-order') {
        shoot('desk-order-loading', openPage(id, { id: desk.complaint }));
        const shots: [string, string][] = [
          ['pending', desk.complaint],
          ['assigned', desk.overdue],
          ['reassign', desk.reassign],
          ['on-behalf', desk.onBehalf],
          ['closed', desk.closed],
          ['cancelled', desk.cancelled],
        ];
        for (const [state, orderId] of shots) {
          page = openPage(id, { id: orderId });
          await waitFor(page, () => page.data.status === 'ready');
          await settle(300);
          shoot(`desk-order-${state}`, page);
        }
        page = openPage(id, { id: desk.onBehalf });
        await waitFor(page, () => page.data.status === 'ready');
        shoot('desk-order-on-behalf-full', page, { height: 1500 });
        await call(page, 'onPrimary');
        await settle(300);
        shoot('desk-order-close-sheet', page);
        await call(page, 'confirmSheet');
        await waitFor(page, () => page.data.sheet === '');
        await settle(800);
        await call(page, 'onPrimary');
        await call(page, 'onResult', { detail: 'satisfied' });
        await call(page, 'onText', { detail: '住户确认跳闸已解决，对师傅很满意' });
        await settle(300);
        shoot('desk-order-revisit-sheet', page);
        page = openPage(id, { id: desk.reassign });
        await waitFor(page, () => page.data.status === 'ready');
        await call(page, 'openMore');
        await settle(300);
        shoot('desk-order-more', page);
        bridge.openid = 'demo-tech-2';
        page = openPage(id, { id: desk.reassign });
        await waitFor(page, () => page.data.status === 'forbidden');
        await settle();
        shoot('desk-order-forbidden', page);
        bridge.openid = 'demo-dispatcher';
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(id, { id: desk.reassign });
        await waitForText(page, '重试', 15000);
        shoot('desk-order-error', page);
        bridge.url = cloud.url;
      }
      if (only === 'desk-revisits') {
        shoot('desk-revisits-loading', openPage(id));
        page = openPage(id);
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-revisits', page);
        await call(page, 'openRecord', { currentTarget: { dataset: { id: desk.paid } } });
        await call(page, 'onResult', { detail: 'unsatisfied' });
        await call(page, 'onNote', { detail: '住户说空调还有点异响，已约师傅明天再看' });
        await settle(300);
        shoot('desk-revisits-sheet', page);
        await call(page, 'confirm');
        await waitFor(page, () => page.data.sheetShown === false);
        await settle(300);
        shoot('desk-revisits-empty', page);
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(id);
        await waitForText(page, '重试', 15000);
        shoot('desk-revisits-error', page);
        bridge.url = cloud.url;
      }
      if (only === 'desk-unfinished') {
        shoot('desk-unfinished-loading', openPage(id));
        page = openPage(id);
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-unfinished', page);
        shoot('desk-unfinished-full', page, { height: 1300 });
        page = openPage(id, { date: '2026-12-05' });
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('desk-unfinished-empty', page);
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(id);
        await waitForText(page, '重试', 15000);
        shoot('desk-unfinished-error', page);
        bridge.url = cloud.url;
      }
      bridge.openid = 'demo-resident';
    }

    if (['tasks', 'pool', 'work', 'complete'].includes(only)) {
      const tech = await technicianMorning();
      bridge.openid = 'demo-tech-2';

      if (only === 'tasks') {
        // --- 我的任务 ------------------------------------------------------------------------
        shoot('tasks-loading', openPage(ids.tasks));
        page = openPage(ids.tasks);
        await waitFor(page, () => page.data.status === 'ready' && String(page.data.poolText) !== '');
        await settle(300);
        shoot('tasks-assigned', page);
        await call(page, 'onTabChange', { detail: { index: 1 } });
        await waitFor(page, () => page.data.status === 'ready');
        await settle();
        shoot('tasks-accepted', page);
        await call(page, 'onTabChange', { detail: { index: 4 } });
        await waitFor(page, () => page.data.status === 'ready');
        await settle();
        shoot('tasks-done', page);
        bridge.openid = 'demo-night';
        page = openPage(ids.tasks);
        await waitForText(page, '没有待接单的工单');
        shoot('tasks-empty', page);
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(ids.tasks);
        await waitForText(page, '重试', 15000);
        shoot('tasks-error', page);
        bridge.url = cloud.url;
      }

      if (only === 'pool') {
        // --- 抢单池 --------------------------------------------------------------------------
        shoot('pool-loading', openPage(ids.pool));
        page = openPage(ids.pool);
        await waitFor(page, () => page.data.status === 'ready');
        await settle(300);
        shoot('pool-list', page);
        page.setData({ grabbingId: tech.pool[0] });
        await settle();
        shoot('pool-grabbing', page);
        bridge.openid = 'demo-night';
        page = openPage(ids.pool);
        await waitForText(page, '暂时没有可抢的单');
        shoot('pool-empty', page);
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(ids.pool);
        await waitForText(page, '重试', 15000);
        shoot('pool-error', page);
        bridge.url = cloud.url;
      }

      if (only === 'work') {
        // --- 工单详情（师傅） -----------------------------------------------------------------
        await api(cloud.url, 'demo-resident-2', 'order.message', { orderId: tech.accepted, text: '师傅，阳台一直在滴水，麻烦快一点' });
        await api(cloud.url, 'demo-tech-2', 'order.message', { orderId: tech.accepted, text: '收到，手上这单完了马上过去，大约 11 点到' });
        shoot('work-loading', openPage(ids.work, { id: tech.assigned }));
        for (const [state, orderId] of [
          ['pending', tech.pool[0]],
          ['assigned', tech.assigned],
          ['accepted', tech.accepted],
          ['in_progress', tech.inProgress],
          ['on_hold', tech.onHold],
          ['completed', tech.completed],
        ] as const) {
          page = openPage(ids.work, { id: orderId });
          await waitForText(page, '处理记录');
          await settle(300);
          shoot(`work-${state}`, page);
          if (state === 'assigned') {
            await call(page, 'openSheet', 'reject');
            await settle(300);
            shoot('work-reject-sheet', page);
            await call(page, 'closeSheet');
          }
          if (state === 'accepted') {
            await waitForText(page, '麻烦快一点');
            await settle(300);
            shoot('work-conversation', page, { height: 1500 });
            await call(page, 'openMore');
            await settle(300);
            shoot('work-more-sheet', page);
            await call(page, 'closeMore');
            await call(page, 'openSheet', 'transfer');
            await waitFor(page, () => page.data.colleaguesStatus === 'ready');
            await settle(300);
            shoot('work-transfer-sheet', page);
            await call(page, 'closeSheet');
          }
          if (state === 'in_progress') {
            await call(page, 'openSheet', 'hold');
            await settle(300);
            shoot('work-hold-sheet', page);
            await call(page, 'closeSheet');
          }
        }
        bridge.url = 'http://127.0.0.1:9';
        page = openPage(ids.work, { id: tech.assigned });
        await waitForText(page, '重试', 15000);
        shoot('work-error', page);
        bridge.url = cloud.url;
      }

      if (only === 'complete') {
        // --- 完工录入 ------------------------------------------------------------------------
        shoot('complete-loading', openPage(ids.complete, { id: tech.inProgress }));
        page = openPage(ids.complete, { id: tech.inProgress });
        await waitForText(page, '提交完工');
        await waitFor(page, () => page.data.quoteStatus === 'ready');
        await settle(300);
        shoot('complete-empty', page);
        await call(page, 'submit');
        await settle();
        shoot('complete-errors', page);
        await call(page, 'onWorkMinutes', { detail: 50 });
        await call(page, 'onSummary', { detail: '更换水槽下水管接头和密封圈，试水 10 分钟无渗漏' });
        await call(page, 'onMeasures', { detail: '先关闭厨房进水阀，擦干积水' });
        await call(page, 'openPicker');
        await waitFor(page, () => page.data.catalogStatus === 'ready');
        await call(page, 'onPickerTab', { detail: { index: 3 } });
        await settle(300);
        shoot('complete-picker', page);
        await call(page, 'pickMaterial', { currentTarget: { dataset: { id: 'demo-mat-tape' } } });
        await call(page, 'pickMaterial', { currentTarget: { dataset: { id: 'demo-mat-pipe' } } });
        await call(page, 'closePicker');
        await call(page, 'onMaterialQty', { detail: 2, currentTarget: { dataset: { index: 0 } } });
        await call(page, 'openServiceSheet');
        await settle(300);
        shoot('complete-service-sheet', page);
        await call(page, 'onServicePick', { detail: { id: 'demo-svc-unclog' } });
        await call(page, 'addServiceItem');
        await call(page, 'onItemName', { detail: '夜间加急', currentTarget: { dataset: { index: 1 } } });
        await call(page, 'onItemPrice', { detail: '20', currentTarget: { dataset: { index: 1 } } });
        page.setData({ 'form.partBarcodes': ['6901234567892'] });
        await waitFor(page, () => page.data.quoteStatus === 'ready' && String(JSON.stringify(page.data.quote)).includes('70 元'), 5000).catch(() => undefined);
        await settle(800);
        shoot('complete-filled', page);

        // --- 修改完工记录 -------------------------------------------------------------------------
        page = openPage(ids.complete, { id: tech.completed, mode: 'correct' });
        await waitForText(page, '提交修改');
        await waitFor(page, () => page.data.quoteStatus === 'ready');
        await call(page, 'onMaterialQty', { detail: 2, currentTarget: { dataset: { index: 0 } } });
        await waitFor(page, () => page.data.quoteStatus === 'ready' && String(JSON.stringify(page.data.quote)).includes('材料费'), 5000).catch(() => undefined);
        await settle(800);
        shoot('complete-correct', page);
        shoot('complete-correct-full', page, { height: 1700 });
      }
    }
  } finally {
    await cloud.stop();
  }
});

/**
 * A technician's morning for the technician pages: demo-tech-2 holds one order in each open state
 * (one assigned at 07:30, so it is overdue by 10:00), and 工程部's pool has grabbable orders.
 */
async function technicianMorning(): Promise<{ pool: string[]; assigned: string; accepted: string; inProgress: string; onHold: string; completed: string }> {
  const { postJson } = await import('../tests/support/simulate');
  const at = (now: string): Promise<unknown> => postJson(`${cloud.url}/_local/time`, { now });
  const leak = (d: string, text: string, extra: Record<string, unknown> = {}): Promise<string> =>
    report('demo-resident-2', d, 'demo-water-leak', { location: { kind: 'unit', text }, ...extra });
  const late = await leak('卫生间马桶水箱一直进水，停不下来', '主卫');
  const assigned = await leak('厨房水槽下水管接头漏水，地上已经积水', '厨房', { urgency: 'urgent' });
  const accepted = await leak('阳台洗衣机龙头关不紧，一直滴水', '阳台');
  const inProgress = await leak('热水器进水管接口渗水', '次卫');
  const onHold = await leak('主卧暖气片阀门漏水，需要换阀门', '主卧');
  await at('2026-12-07T07:30:00+08:00');
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: late, technicianId: 'demo-tech-2', note: '住户家有老人，请先电话联系' });
  await at('2026-12-07T09:20:00+08:00');
  for (const id of [assigned, accepted, inProgress, onHold]) await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
  for (const id of [accepted, inProgress, onHold]) await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: id });
  await at('2026-12-07T09:40:00+08:00');
  for (const id of [inProgress, onHold]) await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: id });
  await api(cloud.url, 'demo-tech-2', 'order.progress', { orderId: inProgress, note: '已关闭进水阀，正在拆接口' });
  await api(cloud.url, 'demo-tech-2', 'order.hold', { orderId: onHold, reason: '阀门型号特殊，等配件到货', nextVisitAt: '2026-12-08T14:00:00+08:00' });
  const completed = await leak('淋浴花洒出水很小', '主卫');
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: completed, technicianId: 'demo-tech-2' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: completed });
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: completed });
  await api(cloud.url, 'demo-tech-2', 'order.complete', {
    orderId: completed,
    summary: '清洗花洒滤网，出水恢复正常',
    workMinutes: 20,
    measures: '先关闭卫生间进水阀',
    materials: [{ materialId: 'demo-mat-tape', qty: 1 }],
    serviceItems: [{ serviceItemId: 'demo-svc-unclog', qty: 1 }],
    invoiceNo: 'FP20261207001',
  });
  await at('2026-12-07T09:55:00+08:00');
  const pool = [
    await report('demo-resident', '楼道声控灯不亮，晚上看不清台阶', 'demo-public-light', { location: { kind: 'public', text: '3栋1单元5楼楼道' }, urgency: 'urgent' }),
    await report('demo-resident-2', '客厅插座冒火花，已经拉闸', 'demo-water-power', { location: { kind: 'unit', text: '客厅' } }),
  ];
  await at(NOW);
  return { pool: pool.reverse(), assigned, accepted, inProgress, onHold, completed };
}

/**
 * 空调维修 as a deposit category (200 元 on order, saved as a manager would), paid through
 * local-cloud's WeChat Pay, then 30 minutes of work: a 60 元 bill, 140 元 to give back.
 */
async function depositThenCompleted(): Promise<string> {
  const { postJson } = await import('../tests/support/simulate');
  type Saved = Record<string, unknown> & { id: string };
  const settings = await api<{ categories: Saved[] }>(cloud.url, 'demo-manager', 'settings.get', { propertyId: 'demo' });
  const c = settings.categories.find((x) => x.id === 'demo-appliance-ac');
  if (!c) throw new Error('demo-appliance-ac missing');
  const keep = ['id', 'propertyId', 'name', 'parentId', 'kind', 'teamId', 'sla', 'visitFeeFen', 'grabbable', 'publicArea', 'skill', 'sort'];
  await api(cloud.url, 'demo-manager', 'settings.categories.save', { ...Object.fromEntries(keep.filter((k) => c[k] !== undefined).map((k) => [k, c[k]])), feeMode: 'deposit', prepayFen: 20000 });
  const id = await report('demo-resident', '空调清洗保养，滤网很脏', 'demo-appliance-ac', { location: { kind: 'unit', text: '客厅' } });
  const { outTradeNo } = await api<{ outTradeNo: string }>(cloud.url, 'demo-resident', 'order.pay', { orderId: id });
  await postJson(`${cloud.url}/_local/pay/${outTradeNo}`, { result: 'SUCCESS' });
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: 'demo-tech-2' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: id });
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: id });
  await api(cloud.url, 'demo-tech-2', 'order.complete', { orderId: id, summary: '清洗滤网和室内机', workMinutes: 30 });
  return id;
}

/**
 * The service center's morning on top of the resident's history (closed, paid, cancelled,
 * accepted and pending orders): yesterday's order still not accepted (overdue), a completion 王建国
 * recorded for 赵强 (代报完工), a reassignment request, a complaint and an urgent public light
 * waiting for dispatch.
 */
async function deskMorning(): Promise<{ overdue: string; overdueNo: string; onBehalf: string; reassign: string; complaint: string; light: string; pending: string; paid: string; closed: string; cancelled: string }> {
  const { postJson } = await import('../tests/support/simulate');
  const at = (now: string): Promise<unknown> => postJson(`${cloud.url}/_local/time`, { now });
  const mine = await api<{ items: { id: string; status: string; description: string }[] }>(cloud.url, 'demo-resident', 'order.list', { propertyId: 'demo', scope: 'mine' });
  const find = (status: string): string => mine.items.find((o) => o.status === status)?.id ?? '';
  await at('2026-12-06T15:00:00+08:00');
  const overdue = await report('demo-resident-2', '卫生间地漏返臭水，楼下邻居也闻到了', 'demo-water-leak', { location: { kind: 'unit', text: '主卫地漏' } });
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: overdue, technicianId: 'demo-tech-2' });
  await at('2026-12-07T08:30:00+08:00');
  const onBehalf = await report('demo-resident-2', '厨房灯一开就跳闸，整个厨房没电', 'demo-water-power', { location: { kind: 'unit', text: '厨房' } });
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: onBehalf, technicianId: 'demo-tech-2', note: '住户上午在家' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: onBehalf });
  await api(cloud.url, 'demo-tech-2', 'order.checkIn', { orderId: onBehalf });
  await api(cloud.url, 'demo-tech-1', 'order.complete', { orderId: onBehalf, summary: '灯具进水短路，更换灯座并做防水处理', workMinutes: 40 });
  const reassign = await report('demo-resident', '阳台水管接口渗水，墙面发霉', 'demo-water-leak', { location: { kind: 'unit', text: '阳台' } });
  await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: reassign, technicianId: 'demo-tech-2' });
  await api(cloud.url, 'demo-tech-2', 'order.accept', { orderId: reassign });
  await api(cloud.url, 'demo-tech-2', 'order.requestReassign', { orderId: reassign, reason: '墙内管需要开槽，申请改派给王师傅' });
  await at('2026-12-07T09:20:00+08:00');
  const complaint = await report('demo-resident-2', '楼上装修每天早上七点就开始电钻，影响休息', 'demo-complaint', { location: { kind: 'unit', text: '2栋302' } });
  await at('2026-12-07T09:55:00+08:00');
  const light = await report('demo-resident-2', '楼道声控灯不亮，晚上看不清台阶', 'demo-public-light', { location: { kind: 'public', text: '2栋1单元4楼楼道' }, urgency: 'urgent' });
  await resetClock();
  const { orderNo: overdueNo } = await api<{ orderNo: string }>(cloud.url, 'demo-dispatcher', 'order.get', { orderId: overdue });
  return { overdue, overdueNo, onBehalf, reassign, complaint, light, pending: find('pending'), paid: find('completed'), closed: find('closed'), cancelled: find('cancelled') };
}

/** Local-cloud's clock back to NOW after building history, and the app's with it. */
async function resetClock(): Promise<void> {
  const { postJson } = await import('../tests/support/simulate');
  await postJson(`${cloud.url}/_local/time`, { now: NOW });
}

/** Calls a page method as its event handler would be called. */
async function call(page: Rendered, method: string, event?: unknown): Promise<void> {
  const fn = (page.instance as unknown as Record<string, (e?: unknown) => unknown>)[method];
  await fn.call(page.instance, event);
}

/**
 * A week of 示范小区 for 数据看板 (Tue 1 – Mon 7 December, looked at on Monday at 16:00): about
 * twenty orders through the API — most done and rated, some late, an air conditioner paid and
 * called back, one cancelled, a few still open — with the scheduler keeping each day at midnight.
 */
async function managerWeek(): Promise<void> {
  const { postJson } = await import('../tests/support/simulate');
  const { setNow } = await import('../miniprogram/utils/clock');
  const timeOf = (day: string, hhmm: string, plus = 0): string => new Date(Date.parse(`${day}T${hhmm}:00+08:00`) + plus * 60000).toISOString();
  const at = (iso: string): Promise<unknown> => postJson(`${cloud.url}/_local/time`, { now: iso });
  await resetDemo(cloud.url, '2026-12-01T08:00:00+08:00');
  interface Visit {
    hhmm: string;
    text: string;
    category?: string;
    who?: string;
    tech?: string;
    /** minutes from the report to the check-in; the visit stops there when `finish` is not set */
    arrive?: number;
    /** minutes from the check-in to completion */
    finish?: number;
    score?: number;
    cancel?: boolean;
    /** how far it got when left open */
    stop?: 'pending' | 'accepted';
  }
  const leak = 'demo-water-leak';
  const power = 'demo-water-power';
  const light = 'demo-public-light';
  const ac = 'demo-appliance-ac';
  const week: [string, Visit[]][] = [
    ['2026-12-01', [
      { hhmm: '09:10', text: '厨房水槽下水管漏水', arrive: 35, finish: 40, score: 5 },
      { hhmm: '11:10', text: '卧室插座没电', category: power, tech: 'demo-tech-1', arrive: 50, finish: 30, score: 5 },
      { hhmm: '14:00', text: '空调制热不明显', category: ac, who: 'demo-resident-2', tech: 'demo-tech-1', arrive: 90, finish: 60, score: 4 },
    ]],
    ['2026-12-02', [
      { hhmm: '08:50', text: '卫生间水龙头滴水', arrive: 25, finish: 30, score: 5 },
      { hhmm: '11:20', text: '楼道灯不亮', category: light, tech: 'demo-tech-2', arrive: 60, finish: 20, score: 4 },
    ]],
    ['2026-12-03', [
      { hhmm: '09:30', text: '阳台地漏返水', who: 'demo-resident-2', arrive: 160, finish: 50, score: 3 },
      { hhmm: '13:50', text: '客厅总闸跳闸', category: power, tech: 'demo-tech-1', arrive: 30, finish: 40, score: 5 },
      { hhmm: '15:45', text: '门口水管滴水', cancel: true },
      { hhmm: '16:10', text: '空调外机异响', category: ac, tech: 'demo-tech-1', arrive: 70, finish: 45, score: 5 },
    ]],
    ['2026-12-04', [
      { hhmm: '09:00', text: '热水器接口渗水', arrive: 40, finish: 35, score: 4 },
      { hhmm: '13:40', text: '厨房灯频闪', category: power, tech: 'demo-tech-2', arrive: 45, finish: 25 },
    ]],
    ['2026-12-05', [
      { hhmm: '10:00', text: '马桶水箱一直进水', who: 'demo-resident-2', arrive: 30, finish: 30, score: 5 },
    ]],
    ['2026-12-06', [
      { hhmm: '11:00', text: '地下车库灯坏了', category: light, tech: 'demo-tech-2', arrive: 80, finish: 30, score: 5 },
    ]],
    ['2026-12-07', [
      { hhmm: '09:00', text: '暖气片阀门漏水', arrive: 30, finish: 60, score: 4 },
      { hhmm: '11:20', text: '空调不制冷', category: ac, who: 'demo-resident-2', tech: 'demo-tech-1', arrive: 140, finish: 50 },
      { hhmm: '15:45', text: '卫生间水管接头漏水', stop: 'accepted' },
      { hhmm: '15:57', text: '楼道声控灯不亮', category: light, stop: 'pending' },
    ]],
  ];
  for (const [day, visits] of week) {
    for (const v of visits) {
      const who = v.who ?? 'demo-resident';
      const tech = v.tech ?? 'demo-tech-2';
      await at(timeOf(day, v.hhmm));
      const id = await report(who, v.text, v.category ?? leak);
      if (v.cancel) {
        await at(timeOf(day, v.hhmm, 20));
        await api(cloud.url, who, 'order.cancel', { orderId: id, reason: '已自行修好' });
        continue;
      }
      if (v.stop === 'pending') continue;
      await at(timeOf(day, v.hhmm, 5));
      await api(cloud.url, 'demo-dispatcher', 'order.assign', { orderId: id, technicianId: tech });
      await at(timeOf(day, v.hhmm, 10));
      await api(cloud.url, tech, 'order.accept', { orderId: id });
      if (v.stop === 'accepted' || v.arrive === undefined || v.finish === undefined) continue;
      await at(timeOf(day, v.hhmm, v.arrive));
      await api(cloud.url, tech, 'order.checkIn', { orderId: id });
      await at(timeOf(day, v.hhmm, v.arrive + v.finish));
      await api(cloud.url, tech, 'order.complete', { orderId: id, summary: '已处理，试用正常', workMinutes: v.finish });
      if ((v.category ?? leak) === ac) {
        await at(timeOf(day, v.hhmm, v.arrive + v.finish + 5));
        const { outTradeNo } = await api<{ outTradeNo: string }>(cloud.url, who, 'order.pay', { orderId: id });
        await postJson(`${cloud.url}/_local/pay/${outTradeNo}`, { result: 'SUCCESS' });
        await at(timeOf(day, v.hhmm, v.arrive + v.finish + 30));
        await api(cloud.url, 'demo-dispatcher', 'order.revisit', { orderId: id, result: 'satisfied' });
      }
      if (v.score) {
        await at(timeOf(day, v.hhmm, v.arrive + v.finish + 40));
        await api(cloud.url, who, 'order.rate', { orderId: id, score: v.score, comment: v.score >= 4 ? '师傅很专业' : '来得有点晚' });
      }
    }
    if (day !== '2026-12-07') {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
      await at(`${next}T00:00:30+08:00`);
      await postJson(`${cloud.url}/_local/triggers/scheduler`, {});
    }
  }
  const looked = '2026-12-07T16:00:00+08:00';
  await at(looked);
  setNow(looked);
}
