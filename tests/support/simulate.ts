/**
 * Page tests with miniprogram-simulate (jsdom), against the REAL `api` function in a running
 * local-cloud: the bridges below stand in for the transport only — wx.cloud.callFunction (cloud
 * mode) and wx.request (local mode) — exactly as WeChat would carry a call, so the page, the API
 * client, the function and the database are all the shipped code.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import * as simulate from 'miniprogram-simulate';
import type { RootComponent } from 'miniprogram-simulate';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..', '..', 'miniprogram');

/** The j-component handle of a rendered page: its data is read as plain values in tests. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type Rendered = RootComponent<Record<string, unknown>, {}, {}>;

/**
 * Loads a page or component by its path under miniprogram/ (e.g. 'pages/common/home/index').
 * simulate does not resolve npm-style paths, so every bare usingComponents value
 * ('@vant/weapp/cell/index') is pointed at miniprogram_npm, from the miniprogram root.
 * Load once per test file (a second load of one path fails on render); render as often as needed.
 */
export function loadPage(pagePath: string): string {
  polyfillRuntime();
  return simulate.load(path.join(MINIPROGRAM_ROOT, pagePath), { rootPath: MINIPROGRAM_ROOT, usingComponents: npmComponents(pagePath) });
}

interface Relation {
  type?: string;
  linked?: (this: unknown, target: unknown) => void;
}

interface ComponentOptions {
  methods?: Record<string, unknown>;
  relations?: Record<string, Relation>;
  ready?: (this: unknown) => void;
}

/**
 * What WeChat's runtime has and simulate lacks, which vant relies on: `getCurrentPages` (van-tabs'
 * sticky/page-scroll mixin), `this.groupSetData` (van-tabs, van-cascader), and relations linked
 * before `ready`: WeChat links a child to its ancestor first, simulate after, so a child that reads
 * its parent in `ready` (van-grid-item takes its width from van-grid's column-num) found none; it
 * runs `ready` again once linked. Installed once.
 */
function polyfillRuntime(): void {
  const g = globalThis as unknown as {
    getCurrentPages?: () => unknown[];
    Component: ((options: ComponentOptions) => unknown) & { polyfilled?: boolean };
  };
  // one stand-in page: vant's page-scroll mixin keeps its scroll listeners on it
  const page = {};
  g.getCurrentPages ??= () => [page];
  if (g.Component.polyfilled) return;
  const original = g.Component;
  const wrapped = ((options: ComponentOptions) =>
    original({
      ...options,
      ...(options.relations && options.ready ? { relations: relinked(options.relations, options.ready) } : {}),
      methods: {
        // batches setData calls in WeChat; applying them as they come is the same for a test
        groupSetData(this: unknown, cb: () => void) {
          cb();
        },
        ...options.methods,
      },
    })) as typeof g.Component;
  wrapped.polyfilled = true;
  g.Component = wrapped;
}

/** Each ancestor relation's `linked` followed by the component's `ready`, as WeChat orders them. */
function relinked(relations: Record<string, Relation>, ready: (this: unknown) => void): Record<string, Relation> {
  const out: Record<string, Relation> = {};
  for (const [path, relation] of Object.entries(relations)) {
    out[path] =
      relation.type === 'ancestor' || relation.type === 'parent'
        ? {
            ...relation,
            linked(this: unknown, target: unknown) {
              relation.linked?.call(this, target);
              ready.call(this);
            },
          }
        : relation;
  }
  return out;
}

/**
 * The bare (npm) usingComponents of a page and of the app's own components it uses, transitively,
 * each pointed at miniprogram_npm: simulate applies this one map to every component it loads.
 */
function npmComponents(pagePath: string, seen: Set<string> = new Set()): Record<string, string> {
  if (seen.has(pagePath)) return {};
  seen.add(pagePath);
  const json = JSON.parse(readFileSync(path.join(MINIPROGRAM_ROOT, `${pagePath}.json`), 'utf8')) as {
    usingComponents?: Record<string, string>;
  };
  const usingComponents: Record<string, string> = {};
  for (const [tag, value] of Object.entries(json.usingComponents ?? {})) {
    if (value.startsWith('/')) Object.assign(usingComponents, npmComponents(value.slice(1), seen));
    else if (value.startsWith('.')) Object.assign(usingComponents, npmComponents(path.posix.join(path.posix.dirname(pagePath), value), seen));
    else usingComponents[tag] = `/miniprogram_npm/${value}`;
  }
  return usingComponents;
}

/** Renders a loaded page, attaches it to the document and runs `onLoad(query)` as WeChat would. */
export function openPage(id: string, query: Record<string, string> = {}): Rendered {
  const page = simulate.render(id) as unknown as Rendered;
  // the root tsconfig has no DOM lib (it serves Node code too); jsdom provides `document` here
  const { document } = globalThis as unknown as { document: { createElement(tag: string): unknown } };
  page.attach(document.createElement('parent-wrapper') as Parameters<Rendered['attach']>[0]);
  const onLoad = (page.instance as unknown as { onLoad?: (q: Record<string, string>) => void }).onLoad;
  onLoad?.call(page.instance, query);
  return page;
}

/** The page's text as a person reads it: each piece of text once, separated by single spaces. */
export function textOf(page: Rendered): string {
  return readableText(page.dom);
}

interface TextNodeLike {
  nodeType: number;
  nodeValue: string | null;
  childNodes?: ArrayLike<TextNodeLike>;
}

/** Text nodes joined with spaces (textContent would glue '示范小区' and '经理' together). */
function readableText(node: unknown): string {
  const parts: string[] = [];
  const visit = (n: TextNodeLike): void => {
    if (n.nodeType === 3) {
      const t = (n.nodeValue ?? '').replace(/\s+/g, ' ').trim();
      if (t) parts.push(t);
      return;
    }
    for (const child of Array.from(n.childNodes ?? [])) visit(child);
  };
  if (node) visit(node as TextNodeLike);
  return parts.join(' ');
}

/** The text of each element matching `selector` (e.g. one entry per list row). */
export function textsOf(page: Rendered, selector: string): string[] {
  return page.querySelectorAll(selector).map((c) => readableText(c.dom));
}

/** Taps an element; `>>>` crosses into a component ('#retry >>> .van-button'). */
export function tap(page: Rendered, selector: string): void {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}; page shows: ${textOf(page)}`);
  target.dispatchEvent('tap');
}

/** Taps the first element matching `selector` whose text contains `text` (list items, sheet actions). */
export function tapText(page: Rendered, selector: string, text: string): void {
  const target = page.querySelectorAll(selector).find((c) => readableText(c.dom).includes(text));
  if (!target) throw new Error(`no ${selector} shows "${text}"; page shows: ${textOf(page)}`);
  target.dispatchEvent('tap');
}

/** Waits until `check` holds (async API calls, re-renders); fails with what the page shows. */
export async function waitFor(page: Rendered, check: () => boolean, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; page shows: ${textOf(page)}`);
    await simulate.sleep(20);
  }
}

/** Waits until an element matching `selector` shows `text` (a specific place, not anywhere). */
export function waitForTextIn(page: Rendered, selector: string, text: string, timeoutMs?: number): Promise<void> {
  return waitFor(page, () => textsOf(page, selector).some((t) => t.includes(text)), timeoutMs);
}

/** Waits until the page's text contains `text`. */
export function waitForText(page: Rendered, text: string, timeoutMs?: number): Promise<void> {
  return waitFor(page, () => textOf(page).includes(text), timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// The transport bridge

/** Until the page has finished loading: it shows its data, an error, or 无权查看. */
export const loaded = (page: Rendered): Promise<void> => waitFor(page, () => page.data.status !== 'loading');

/** The payloads the page sent with `action`, oldest first. */
export const payloadsOf = (bridge: Bridge, action: string): unknown[] => bridge.calls.filter((c) => c.body.action === action).map((c) => c.body.payload);

export interface BridgeCall {
  transport: 'cloud' | 'request';
  openid: string;
  body: { action?: string; payload?: unknown; requestId?: string };
}

export interface Bridge {
  /** local-cloud's base URL; point it at a closed port to simulate a network failure */
  url: string;
  /** the WeChat identity of calls through wx.cloud (WeChat injects it; local mode sends its own) */
  openid: string;
  /** every call that went through, oldest first */
  readonly calls: BridgeCall[];
  /** 'release' → the app uses wx.cloud (cloud mode); 'develop' → local mode (config/env.ts) */
  setEnvVersion(version: 'develop' | 'trial' | 'release'): void;
}

interface CallFunctionOptions {
  name: string;
  data?: unknown;
  success?: (res: unknown) => void;
  fail?: (err: unknown) => void;
}

interface RequestOptions {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
  success?: (res: { statusCode: number; data: unknown; header: Record<string, unknown> }) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: () => void;
}

interface WxGlobal {
  cloud?: { init(): void; callFunction(options: CallFunctionOptions): Promise<unknown> };
  request(options: RequestOptions): { abort(): void };
  getAccountInfoSync(): { miniProgram: { appId: string; envVersion: string; version: string } };
}

/**
 * Installs wx.cloud.callFunction and wx.request on simulate's `wx`, both going to a local-cloud.
 * Call after miniprogram-simulate is imported (it creates the global `wx`).
 */
export function installBridge(options: { url: string; openid: string; envVersion?: 'develop' | 'trial' | 'release' }): Bridge {
  const wx = (globalThis as unknown as { wx: WxGlobal }).wx;
  let envVersion = options.envVersion ?? 'release';
  const bridge: Bridge = {
    url: options.url,
    openid: options.openid,
    calls: [],
    setEnvVersion(version) {
      envVersion = version;
    },
  };

  wx.getAccountInfoSync = () => ({ miniProgram: { appId: 'touristappid', envVersion, version: '' } });

  wx.cloud = {
    init() {},
    // resolves { result } like wx.cloud.callFunction; rejects { errCode, errMsg } when the
    // function did not answer (network, crash, timeout), as the real one does
    async callFunction({ name, data, success, fail }) {
      const body = (data ?? {}) as BridgeCall['body'];
      bridge.calls.push({ transport: 'cloud', openid: bridge.openid, body });
      try {
        const res = await post(`${bridge.url}/functions/${name}`, body, { 'x-wx-openid': bridge.openid });
        if (res.status >= 500) {
          const e = res.body as { errCode?: number; errMsg?: string } | undefined;
          throw { errCode: e?.errCode ?? -504002, errMsg: `cloud.callFunction:fail ${e?.errMsg ?? `HTTP ${res.status}`}` };
        }
        const ok = { result: res.body, errMsg: 'cloud.callFunction:ok', requestID: String(Date.now()) };
        success?.(ok);
        return ok;
      } catch (err) {
        const failure = isErrMsg(err) ? err : { errCode: -1, errMsg: `cloud.callFunction:fail ${(err as Error).message}` };
        fail?.(failure);
        throw failure;
      }
    },
  };

  wx.request = ({ url, method = 'GET', data, header = {}, timeout, success, fail, complete }) => {
    const openid = header['x-wx-openid'] ?? header['X-WX-OPENID'] ?? '';
    bridge.calls.push({ transport: 'request', openid, body: (data ?? {}) as BridgeCall['body'] });
    // the page asks for 127.0.0.1:9000; send it to the test's local-cloud instead
    const target = url.replace(/^https?:\/\/[^/]+/, bridge.url);
    post(target, data, header, method, timeout)
      .then((res) => success?.({ statusCode: res.status, data: res.body, header: {} }))
      .catch((err: Error) => fail?.({ errMsg: `request:fail ${err.message}` }))
      .finally(() => complete?.());
    return { abort() {} };
  };

  return bridge;
}

function isErrMsg(err: unknown): err is { errCode: number; errMsg: string } {
  return typeof err === 'object' && err !== null && 'errMsg' in err;
}

/**
 * A JSON POST to local-cloud from a page test (jsdom has no fetch): `/_local/*` controls and
 * direct API calls for set-up. Resolves the HTTP status and the parsed body.
 */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return post(url, body, headers);
}

/**
 * A POST with node:http: jsdom's global has no Node fetch, and this keeps the bridge
 * independent of the test environment. Bytes (an ArrayBuffer, as wx.request sends a file) go
 * as they are; anything else as JSON.
 */
function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  method = 'POST',
  timeoutMs = 15000,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const binary = body instanceof ArrayBuffer || ArrayBuffer.isView(body);
    const payload = body instanceof ArrayBuffer ? Buffer.from(body) : ArrayBuffer.isView(body) ? Buffer.from(body.buffer) : JSON.stringify(body ?? {});
    const req = http.request(
      url,
      {
        method,
        headers: {
          ...headers,
          'content-type': binary ? (headers['content-type'] ?? 'application/octet-stream') : 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: hand over the text, as wx.request does
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

// ---------------------------------------------------------------------------------------------
// Subscription prompts

export interface SubscribeRecorder {
  /** the tmplIds of each wx.requestSubscribeMessage, oldest first */
  readonly requests: string[][];
  /** the tmplIds of each request where WeChat showed its prompt (some template not remembered) */
  readonly prompts: string[][];
  /** each wx.showModal shown, oldest first */
  readonly modals: { title: string; content: string }[];
  /** what the person taps in WeChat's prompt: 'accept' allows every template asked for */
  answer: 'accept' | 'reject';
  /** whether the person ticks 总是保持以上选择 in WeChat's prompt: the answers are remembered */
  keepChoice: boolean;
  /** whether the person taps the modal's confirm button */
  confirmModals: boolean;
  /** what wx.getSetting({ withSubscriptions: true }) answers: the main switch and remembered answers */
  settings: { mainSwitch: boolean; itemSettings: Record<string, 'accept' | 'reject' | 'ban'> };
  /** back to a person who never answered a prompt */
  clear(): void;
}

interface SubscribeWx {
  requestSubscribeMessage(options: {
    tmplIds: string[];
    success?: (res: Record<string, string>) => void;
    fail?: (err: { errMsg: string; errCode: number }) => void;
  }): void;
  showModal(options: { title?: string; content?: string; success?: (res: { confirm: boolean; cancel: boolean }) => void }): void;
  getSetting(options: {
    withSubscriptions?: boolean;
    success?: (res: { authSetting: Record<string, boolean>; subscriptionsSetting?: { mainSwitch: boolean; itemSettings?: Record<string, string> }; errMsg: string }) => void;
    fail?: (err: { errMsg: string }) => void;
  }): void;
}

/**
 * WeChat's subscription prompts as a person answers them (simulate has none):
 * wx.requestSubscribeMessage answers `answer` for every id, or the remembered answer for an id the
 * person ticked 总是保持以上选择 for (then, as in WeChat, no prompt shows when every id is
 * remembered); with `keepChoice` a prompt's answers are remembered. A switched-off main switch
 * fails the request (errCode 20004). wx.getSetting reports the switch and the remembered answers,
 * and wx.showModal is tapped (confirm unless `confirmModals` is false). An accepted template is
 * also recorded in local-cloud's WeChat (`POST /_local/subscribe` for the bridge's openid), as
 * WeChat records the "allow", so a subscription message can then really be sent to that person.
 */
export function installSubscribe(bridge: Bridge): SubscribeRecorder {
  const wx = (globalThis as unknown as { wx: SubscribeWx }).wx;
  const rec: SubscribeRecorder = {
    requests: [],
    prompts: [],
    modals: [],
    answer: 'accept',
    keepChoice: false,
    confirmModals: true,
    settings: { mainSwitch: true, itemSettings: {} },
    clear() {
      rec.requests.length = 0;
      rec.prompts.length = 0;
      rec.modals.length = 0;
      rec.answer = 'accept';
      rec.keepChoice = false;
      rec.confirmModals = true;
      rec.settings = { mainSwitch: true, itemSettings: {} };
    },
  };
  wx.showModal = ({ title = '', content = '', success }) => {
    rec.modals.push({ title, content });
    setTimeout(() => success?.({ confirm: rec.confirmModals, cancel: !rec.confirmModals }), 0);
  };
  wx.getSetting = ({ withSubscriptions, success }) => {
    const { mainSwitch, itemSettings } = rec.settings;
    const subscriptionsSetting = withSubscriptions ? { mainSwitch, itemSettings: { ...itemSettings } } : { mainSwitch };
    setTimeout(() => success?.({ authSetting: {}, subscriptionsSetting, errMsg: 'getSetting:ok' }), 0);
  };
  wx.requestSubscribeMessage = ({ tmplIds, success, fail }) => {
    rec.requests.push([...tmplIds]);
    if (!rec.settings.mainSwitch) {
      setTimeout(() => fail?.({ errMsg: 'requestSubscribeMessage:fail main switch is off', errCode: 20004 }), 0);
      return;
    }
    const remembered = rec.settings.itemSettings;
    const prompted = tmplIds.some((id) => remembered[id] === undefined);
    if (prompted) rec.prompts.push([...tmplIds]);
    const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of tmplIds) {
      res[id] = remembered[id] ?? rec.answer;
      if (prompted && rec.keepChoice && remembered[id] === undefined) remembered[id] = rec.answer;
    }
    const accepted = tmplIds.filter((id) => res[id] === 'accept');
    const recorded = accepted.length > 0 ? post(`${bridge.url}/_local/subscribe`, { openid: bridge.openid, templateIds: accepted }, {}) : Promise.resolve();
    void recorded.then(() => success?.(res)).catch(() => success?.(res));
  };
  return rec;
}

// ---------------------------------------------------------------------------------------------
// WeChat Pay

export interface PaymentRecorder {
  /** the parameters of each wx.requestPayment, oldest first */
  readonly requests: Record<string, unknown>[];
  /** the outTradeNo of each payment made through the sheet */
  readonly paid: string[];
  /** what the person does in WeChat's payment sheet */
  answer: 'pay' | 'cancel' | 'fail';
}

interface PaymentWx {
  cloud?: { callFunction(options: CallFunctionOptions): Promise<unknown> };
  requestPayment(options: Record<string, unknown> & { success?: (res: { errMsg: string }) => void; fail?: (err: { errMsg: string }) => void }): void;
}

/**
 * wx.requestPayment (simulate has none). 'pay' plays WeChat Pay as local-cloud does: the trade the
 * last `order.pay` answered is paid (`POST /_local/pay/<outTradeNo>` `{ result: 'SUCCESS' }`, which
 * runs the payNotify callback), then the sheet reports success; 'cancel' answers
 * `requestPayment:fail cancel` as WeChat does when the sheet is closed. Install after installBridge
 * (it watches the order.pay answers going through wx.cloud.callFunction).
 */
export function installPayment(bridge: Bridge): PaymentRecorder {
  const wx = (globalThis as unknown as { wx: PaymentWx }).wx;
  const rec: PaymentRecorder = { requests: [], paid: [], answer: 'pay' };
  let lastTrade = '';
  const callFunction = wx.cloud?.callFunction;
  if (wx.cloud && callFunction) {
    wx.cloud.callFunction = async (options) => {
      const res = (await callFunction(options)) as { result?: { ok?: boolean; data?: { outTradeNo?: unknown } } };
      const body = (options.data ?? {}) as BridgeCall['body'];
      const trade = res.result?.data?.outTradeNo;
      if (body.action === 'order.pay' && typeof trade === 'string') lastTrade = trade;
      return res;
    };
  }
  wx.requestPayment = (options) => {
    const { success, fail, complete: _complete, ...params } = options;
    rec.requests.push(params);
    const answer = rec.answer;
    if (answer === 'cancel') {
      setTimeout(() => fail?.({ errMsg: 'requestPayment:fail cancel' }), 0);
      return;
    }
    if (answer === 'fail' || !lastTrade) {
      setTimeout(() => fail?.({ errMsg: 'requestPayment:fail system error' }), 0);
      return;
    }
    const trade = lastTrade;
    void post(`${bridge.url}/_local/pay/${trade}`, { result: 'SUCCESS' }, {})
      .then((res) => {
        if (res.status !== 200) throw new Error(`pay ${trade}: HTTP ${res.status}`);
        rec.paid.push(trade);
        success?.({ errMsg: 'requestPayment:ok' });
      })
      .catch((err: Error) => fail?.({ errMsg: `requestPayment:fail ${err.message}` }));
  };
  return rec;
}

// ---------------------------------------------------------------------------------------------
// setData sizes

/** quality.md: a page's first setData (what crosses from logic to view on the first render) ≤ 32 KB */
export const SETDATA_LIMIT_BYTES = 32 * 1024;

export interface SetDataLog {
  /** the page's initial `data`, sent with the first render */
  readonly initial: number;
  /** every setData payload since, as JSON bytes, oldest first */
  readonly payloads: number[];
}

/**
 * openPage, measuring what the page sends to its view: its initial data and each setData payload,
 * as the UTF-8 length of their JSON (what WeChat serializes between the logic and view threads).
 */
export function openPageMeasured(id: string, query: Record<string, string> = {}): { page: Rendered; sizes: SetDataLog } {
  const page = simulate.render(id) as unknown as Rendered;
  const instance = page.instance as unknown as { setData(data: Record<string, unknown>, cb?: () => void): void; onLoad?: (q: Record<string, string>) => void };
  const jsonBytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
  const sizes: SetDataLog = { initial: jsonBytes(page.data), payloads: [] };
  const setData = instance.setData.bind(instance);
  instance.setData = (data, cb) => {
    sizes.payloads.push(jsonBytes(data));
    setData(data, cb);
  };
  const { document } = globalThis as unknown as { document: { createElement(tag: string): unknown } };
  page.attach(document.createElement('parent-wrapper') as Parameters<Rendered['attach']>[0]);
  instance.onLoad?.call(instance, query);
  return { page, sizes };
}

/** The largest thing the page sent its view so far (initial data or one setData), in bytes. */
export function largestSetData(sizes: SetDataLog): number {
  // a page that loads data calls setData: none recorded means the measuring missed them
  if (sizes.payloads.length === 0) throw new Error('no setData was recorded');
  return Math.max(sizes.initial, ...sizes.payloads);
}
