/**
 * What the resident page tests share: a demo local-cloud on a fixed clock (never today's date),
 * calls to the API as any demo user (to set up or check the server side), an in-memory
 * wx storage, and spies on the wx navigation/toast APIs the pages call.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, loadPage, postJson, type Bridge, type Rendered } from '../support/simulate';
import { setNow } from '../../miniprogram/utils/clock';

/** Mon 2026-12-07 10:00 in Shanghai: business hours; 09:00 slots have started, 14:00 ones have not. */
export const NOW = '2026-12-07T10:00:00+08:00';

/** Fresh demo data and both clocks (local-cloud's and the app's) at NOW. */
export async function resetDemo(url: string, now: string = NOW): Promise<void> {
  // reset first: it may put local-cloud's clock back to the machine's time before seeding
  await postJson(`${url}/_local/reset`, { seed: 'demo', now });
  await postJson(`${url}/_local/time`, { now });
  setNow(now);
}

export interface ApiAnswer<T> {
  ok: boolean;
  data: T;
  error?: { code: string; message: string };
}

/** One API call as `openid`, straight to local-cloud (test set-up and server-side checks). */
export async function api<T = Record<string, unknown>>(url: string, openid: string, action: string, payload: unknown): Promise<T> {
  const res = (await postJson(`${url}/functions/api`, { action, payload }, { 'x-wx-openid': openid })).body as ApiAnswer<T>;
  if (!res.ok) throw new Error(`${action} as ${openid}: ${JSON.stringify(res.error)}`);
  return res.data;
}

interface WxMocks {
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): void;
  removeStorageSync(key: string): void;
  showToast(options: { title: string }): void;
  navigateTo(options: { url: string }): void;
  redirectTo(options: { url: string }): void;
  reLaunch(options: { url: string }): void;
  makePhoneCall(options: { phoneNumber: string }): void;
}

export interface WxRecorder {
  storage: Map<string, unknown>;
  toasts: string[];
  /** every navigateTo / redirectTo / reLaunch url, in order */
  navigations: string[];
  calls: string[];
  clear(): void;
}

/** Replaces simulate's no-op storage, toast, navigation and call APIs with recording ones. */
export function recordWx(): WxRecorder {
  const wx = (globalThis as unknown as { wx: WxMocks }).wx;
  const rec: WxRecorder = {
    storage: new Map(),
    toasts: [],
    navigations: [],
    calls: [],
    clear() {
      rec.storage.clear();
      rec.toasts.length = 0;
      rec.navigations.length = 0;
      rec.calls.length = 0;
    },
  };
  // storage keeps a JSON copy, as wx's does, never the page's live object
  wx.getStorageSync = (key) => (rec.storage.has(key) ? JSON.parse(JSON.stringify(rec.storage.get(key))) : '');
  wx.setStorageSync = (key, value) => void rec.storage.set(key, JSON.parse(JSON.stringify(value)));
  wx.removeStorageSync = (key) => void rec.storage.delete(key);
  wx.showToast = ({ title }) => void rec.toasts.push(title);
  wx.navigateTo = ({ url }) => void rec.navigations.push(url);
  wx.redirectTo = ({ url }) => void rec.navigations.push(url);
  wx.reLaunch = ({ url }) => void rec.navigations.push(url);
  wx.makePhoneCall = ({ phoneNumber }) => void rec.calls.push(phoneNumber);
  return rec;
}

/** Types into a van-field as a person would: an input event on its input/textarea. */
export function typeInto(page: Rendered, fieldSelector: string, value: string): void {
  // the input or textarea itself, not the wrapper vant gives a custom control
  const control = page
    .querySelectorAll(`${fieldSelector} >>> .van-field__control`)
    .find((c) => /^WX-(INPUT|TEXTAREA)$/i.test((c.dom as unknown as { tagName: string }).tagName));
  if (!control) throw new Error(`no van-field at ${fieldSelector}`);
  control.dispatchEvent('input', { detail: { value } });
}

/** Fires a component event on an element (e.g. van-rate's change). */
export function fire(page: Rendered, selector: string, event: string, detail: unknown): void {
  const target = page.querySelector(selector);
  if (!target) throw new Error(`nothing matches ${selector}`);
  target.dispatchEvent(event, { detail });
}

export interface PageHarness {
  cloud: LocalCloudProcess;
  bridge: Bridge;
  wxRec: WxRecorder;
  /** the loaded page's id for openPage */
  pageId: string;
}

/**
 * One page under test against its own demo local-cloud, as `openid`: started and the page loaded
 * once for the file (simulate loads a page once), stopped after it, and before each test the demo
 * reset on the fixed clock, the bridge pointed back at that person and the recorders cleared.
 * `onStart` receives what the tests use.
 */
export function usePageHarness(pagePath: string, onStart: (h: PageHarness) => void, openid = 'demo-resident'): void {
  let h: PageHarness | undefined;
  beforeAll(async () => {
    const cloud = await startLocalCloudProcess({ seed: 'demo' });
    const pageId = loadPage(pagePath);
    h = { cloud, pageId, bridge: installBridge({ url: cloud.url, openid, envVersion: 'release' }), wxRec: recordWx() };
    onStart(h);
  });
  afterAll(async () => {
    await h?.cloud.stop();
  });
  beforeEach(async () => {
    if (!h) return;
    await resetDemo(h.cloud.url);
    h.bridge.url = h.cloud.url;
    h.bridge.openid = openid;
    h.bridge.calls.length = 0;
    h.wxRec.clear();
  });
}
