/**
 * Who the mini-program calls as in local mode. In production WeChat injects the caller's
 * openid into the cloud function; against local-cloud we send it ourselves (`x-wx-openid`),
 * remembered in storage so a switch on the home page survives a restart of DevTools.
 */
import { DEFAULT_LOCAL_OPENID } from '../config/env';

const STORAGE_KEY = 'local.openid';
/** the in-memory copy keeps a switch working for this session even if storage fails */
let current: string | undefined;

export function getLocalOpenid(): string {
  if (current) return current;
  try {
    const stored: unknown = wx.getStorageSync(STORAGE_KEY);
    if (typeof stored === 'string' && stored !== '') current = stored;
  } catch {
    // storage unavailable: fall back to the default caller
  }
  return current ?? DEFAULT_LOCAL_OPENID;
}

export function setLocalOpenid(openid: string): void {
  current = openid;
  try {
    wx.setStorageSync(STORAGE_KEY, openid);
  } catch {
    // not fatal: the switch then lasts until the next launch only
  }
}
