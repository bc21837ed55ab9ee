/**
 * What 消息中心 shows for one notification, computed once per item so WXML only places values,
 * and where tapping it leads.
 */
import type { InboxItem } from '../../typings/notify';
import { formatRelative } from './time';

export interface InboxItemView {
  id: string;
  title: string;
  text: string;
  orderNo: string;
  /** 10分钟前 */
  timeText: string;
  unread: boolean;
  /** the page to open, absolute ('/pages/…'), '' when there is nothing to open */
  url: string;
}

/** The item's page (the server names it relative, as a subscription message's `page`) as a navigateTo url. */
export function inboxUrl(page: string): string {
  return page ? `/${page.replace(/^\//, '')}` : '';
}

export function toInboxItem(item: InboxItem, now: number): InboxItemView {
  return {
    id: item.id,
    title: item.title,
    text: item.text,
    orderNo: item.orderNo,
    timeText: formatRelative(item.createdAt, now),
    unread: !item.read,
    url: inboxUrl(item.page),
  };
}

/** The badge on an entry: '' for none, 99+ past 99 (vant's own cap). */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 99 ? '99+' : String(unread);
}
