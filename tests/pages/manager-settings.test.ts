/**
 * 设置 home (manager) against a real local-cloud: the rows of what can be set, each with a summary
 * of the property's settings now (settings.get); a row opens its page; a technician or a resident
 * sees 无权查看; the error state with 重试; the first setData within 32 KB.
 */
import { loaded, openPage, tap, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { READY_PAGES } from '../../miniprogram/pages/manager/manager';
import { api, usePageHarness, type WxRecorder } from './resident-helpers';
import { itShowsManagerPageStates } from './manager-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/manager/settings/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-manager',
);

const ready = loaded;

describe('设置', () => {
  it('lists what can be set, each with a summary of what is set now', async () => {
    const page = openPage(pageId);
    await ready(page);
    expect(page.data.status).toBe('ready');
    const rows = textsOf(page, '.entry');
    expect(rows[0]).toContain('小区规则');
    expect(rows[0]).toContain('营业时间 09:00–17:30 · 手动派单 · 抢单上限 3 单 · 7 天自动关闭');
    expect(rows).toHaveLength(READY_PAGES.length);
    expect(bridge.calls.map((c) => c.body.action)).toEqual(['user.me', 'settings.get']);
  });

  it('shows what the server has after a change', async () => {
    await api(url, 'demo-manager', 'settings.property.save', {
      propertyId: 'demo',
      businessHours: { start: '08:30', end: '18:00' },
      dispatchMode: 'auto',
      grabLimit: 5,
      autoCloseDays: 10,
      bookingHorizonDays: 14,
    });
    const page = openPage(pageId);
    await waitForText(page, '营业时间 08:30–18:00 · 自动派单 · 抢单上限 5 单 · 10 天自动关闭');
  });

  it('opens a row’s page for the property', async () => {
    const page = openPage(pageId);
    await ready(page);
    tap(page, '#entry-property >>> .van-cell');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations).toEqual(['/pages/manager/property/index?propertyId=demo']);
  });

  itShowsManagerPageStates({ pageId: () => pageId, bridge: () => bridge, url: () => url, readyText: '小区规则', reads: 'settings.get' });
});
