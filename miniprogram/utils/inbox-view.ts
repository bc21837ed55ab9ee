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

/**
 * The server names the staff's order page `pages/technician/order/index`; the technician's
 * detail page is `pages/technician/work/index`. Rewritten here so a tap opens a page that exists
 * whichever name the server sends (see the report: the server should send the work page).
 */
const PAGE_ALIASES: Record<string, string> = {
  'pages/technician/order/index': 'pages/technician/work/index',
};

export function inboxUrl(page: string): string {
  if (!page) return '';
  const [rawPath, query] = page.replace(/^\//, '').split('?');
  const path = PAGE_ALIASES[rawPath] ?? rawPath;
  return `/${path}${query ? `?${query}` : ''}`;
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
