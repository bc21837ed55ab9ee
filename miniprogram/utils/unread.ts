/**
 * The unread count of 消息中心, remembered between pages: the inbox writes it whenever the server
 * tells it, and the home page shows it at once on its entry before its own inbox.list answers.
 */
const KEY = 'inbox.unread';

export function rememberUnread(count: number): void {
  wx.setStorageSync(KEY, Math.max(0, Math.floor(count)));
}

export function rememberedUnread(): number {
  const value: unknown = wx.getStorageSync(KEY);
  return typeof value === 'number' && value > 0 ? value : 0;
}
