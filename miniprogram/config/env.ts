/**
 * Where the mini-program's API calls go. This is build configuration: edit the constants,
 * nothing reads them from the network.
 *
 * - Cloud mode (production): `wx.cloud.callFunction({ name: 'api' })` on CloudBase; needs a real
 *   appid with cloud development enabled (project.private.config.json) and CLOUD_ENV_ID.
 * - Local mode (`npm start`): the same `api` function served by local-cloud on this machine, called
 *   over `wx.request` with the caller's identity in the `x-wx-openid` header (local-cloud accepts it
 *   from loopback only). DevTools must not check domains (project.config.json `urlCheck: false`).
 */

/**
 * Build flag: true → local mode in DevTools. It only ever applies to a `develop` build
 * (DevTools, preview): a trial or release package always uses CloudBase, so an uploaded build
 * can never point at 127.0.0.1 because this flag was left on.
 */
export const LOCAL_MODE_FLAG = true;

/** local-cloud's address (`npm start`; `PORT` changes it there, then change it here). */
export const API_BASE_URL = 'http://127.0.0.1:9000';

/** The demo caller local mode starts as; the home page can switch to any of DEMO_OPENIDS. */
export const DEFAULT_LOCAL_OPENID = 'demo-resident';

/** CloudBase environment id for wx.cloud.init; the DevTools-selected environment when empty. */
export const CLOUD_ENV_ID = '';

/** The callers of the demo seed (local-cloud/src/seed/demo.ts), for the identity picker in local mode. */
export const DEMO_OPENIDS: ReadonlyArray<{ openid: string; who: string }> = [
  { openid: 'demo-resident', who: '住户 张伟 · 示范小区 1栋 101' },
  { openid: 'demo-resident-2', who: '住户 李娜 · 示范小区 2栋 302' },
  { openid: 'demo-tech-1', who: '维修师傅 王建国 · 工程部 班组长' },
  { openid: 'demo-tech-2', who: '维修师傅 赵强 · 工程部' },
  { openid: 'demo-night', who: '维修师傅 孙涛 · 夜间值班组' },
  { openid: 'demo-dispatcher', who: '客服调度 陈静 · 客服中心' },
  { openid: 'demo-manager', who: '经理 刘洋 · 示范小区' },
  { openid: 'demo2-resident', who: '住户 周敏 · 示范二区' },
  { openid: 'demo2-tech', who: '维修师傅 吴磊 · 示范二区工程部' },
  { openid: 'demo2-manager', who: '经理 郑凯 · 示范二区' },
];

/** True when calls go to local-cloud; evaluated per call so tests and DevTools can differ. */
export function isLocalMode(): boolean {
  if (!LOCAL_MODE_FLAG) return false;
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'develop';
  } catch {
    return false;
  }
}

/** The properties of the demo seed, offered as shortcuts on the registration page in local mode. */
export const DEMO_PROPERTIES: ReadonlyArray<{ id: string; name: string }> = [
  { id: 'demo', name: '示范小区' },
  { id: 'demo-2', name: '示范二区' },
];
