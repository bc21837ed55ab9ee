/**
 * 每日未完结 (desk) against a real local-cloud, as the service center: the morning list shows
 * yesterday's overdue order with its age, who has it and the deadlines it missed, for today or the
 * day before (never after today); a resident or a technician sees 无权查看.
 */
import { largestSetData, loaded, openPage, openPageMeasured, payloadsOf, SETDATA_LIMIT_BYTES, tap, textOf, textsOf, waitFor, waitForText, type Bridge } from '../support/simulate';
import { usePageHarness, type WxRecorder } from './resident-helpers';
import { bringTo, report, serverClock } from './technician-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let unfinishedId = '';

usePageHarness(
  'pages/desk/unfinished/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    unfinishedId = h.pageId;
  },
  'demo-dispatcher',
);

const sent = (action: string): unknown[] => payloadsOf(bridge, action);

const ready = loaded;


describe('每日未完结', () => {
  it("shows yesterday's overdue order with its age, owner and missed deadlines; the day before has none", async () => {
    // reported and assigned yesterday at 10:00, still not accepted today
    await serverClock(url, '2026-12-06T10:00:00+08:00');
    const late = await report(url, '昨天报的 水管漏水');
    await bringTo(url, late, 'assigned');
    await serverClock(url, '2026-12-07T10:00:00+08:00');
    await report(url, '今天的新单 水管漏水');

    const page = openPage(unfinishedId);
    await waitForText(page, '水管漏水');
    expect(sent('report.unfinished')).toEqual([{ propertyId: 'demo', date: '2026-12-07' }]);
    expect(textsOf(page, '#date')[0]).toBe('12月7日（今天）');
    expect(textsOf(page, '#summary')[0]).toMatch(/2 未完结 1 有超时/);
    const rows = textsOf(page, '.row');
    expect(rows).toHaveLength(2);
    // oldest first: the overdue one, a day old, with 赵强 and what it missed
    expect(rows[0]).toMatch(/已 (1天|23小时)/);
    expect(rows[0]).toContain('赵强');
    expect(rows[0]).toContain('超时未接单');
    expect(rows[0]).toContain('待接单');
    expect(rows[1]).not.toContain('超时');

    tap(page, '.row');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(wxRec.navigations.at(-1)).toBe(`/pages/desk/order/index?id=${late}`);

    // the day before the report: nothing was open then
    tap(page, '#prev-day');
    await waitForText(page, '12月6日');
    await waitFor(page, () => page.data.status === 'ready');
    tap(page, '#prev-day');
    await waitForText(page, '没有未完结的工单');
    expect(sent('report.unfinished').at(-1)).toEqual({ propertyId: 'demo', date: '2026-12-05' });
    // never a day after today
    tap(page, '#next-day');
    tap(page, '#next-day');
    await waitForText(page, '12月7日（今天）');
    tap(page, '#next-day');
    expect(page.data.date).toBe('2026-12-07');
  });

  it.each(['demo-resident', 'demo-tech-2'])('shows %s a clear 无权查看', async (openid) => {
    bridge.openid = openid;
    const page = openPage(unfinishedId);
    await ready(page);
    expect(page.data.status).toBe('forbidden');
    expect(textOf(page)).toContain('无权查看');
  });

  it('shows an error with 重试 when the network fails', async () => {
    bridge.url = 'http://127.0.0.1:9';
    const page = openPage(unfinishedId);
    await waitForText(page, '重试', 15000);
    bridge.url = url;
    tap(page, '#retry >>> .van-button');
    await waitForText(page, '没有未完结的工单');
  });

  it('sends its view at most 32 KB at a time with 60 open orders', async () => {
    for (let i = 0; i < 60; i++) await report(url, `第${i + 1}单 水管漏水`);
    const { page, sizes } = openPageMeasured(unfinishedId);
    await waitFor(page, () => textsOf(page, '.row').length === 60);
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
