/**
 * App entry. Cloud mode initialises wx.cloud once here; local mode (config/env.ts) talks to
 * local-cloud over wx.request and must not touch wx.cloud (a tourist appid has no cloud).
 */
import { CLOUD_ENV_ID, isLocalMode } from './config/env';

App({
  onLaunch() {
    if (isLocalMode()) return;
    if (!wx.cloud) {
      console.error('wx.cloud 不可用：请使用基础库 2.2.3 或以上');
      return;
    }
    // traceUser: CloudBase records each caller once in its user list (console 运营分析)
    wx.cloud.init({ ...(CLOUD_ENV_ID ? { env: CLOUD_ENV_ID } : {}), traceUser: true });
  },
});
