/**
 * 小区规则 (manager) against a real local-cloud: the form shows the property's settings; 保存 sends
 * settings.property.save with the whole form and settings.get then reads it back; a time the
 * server refuses shows its error beside the field; a technician or a resident sees 无权查看.
 */
import { loaded, openPage, payloadsOf, tap, tapText, textOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { itShowsManagerPageStates } from './manager-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/manager/property/index',
  (h) => {
    url = h.cloud.url;
    bridge = h.bridge;
    wxRec = h.wxRec;
    pageId = h.pageId;
  },
  'demo-manager',
);

const sent = (action: string): unknown[] => payloadsOf(bridge, action);

const ready = loaded;

interface Settings {
  property: { businessHours: { start: string; end: string }; dispatchMode: string; grabLimit: number; autoCloseDays: number; bookingHorizonDays: number; nightTeamId?: string };
}

describe('小区规则', () => {
  it('shows the property’s rules', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    expect(page.data.status).toBe('ready');
    expect(page.data).toMatchObject({ start: '09:00', end: '17:30', dispatchMode: 'manual', grabLimit: 3, autoCloseDays: 7, nightTeamId: 'demo-team-night' });
    const text = textOf(page);
    expect(text).toContain('手动派单');
    expect(text).toContain('夜间值班组');
  });

  it('saves the whole form and the server has it', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    typeInto(page, '#start', '08:30');
    typeInto(page, '#end', '18:00');
    tap(page, '#mode-auto >>> .van-cell');
    for (let i = 0; i < 2; i++) tap(page, '#grab-limit-stepper >>> .van-stepper__plus');
    tap(page, '#auto-close-stepper >>> .van-stepper__minus');
    tap(page, '#night-team >>> .van-cell');
    await waitFor(page, () => page.data.teamSheetShown === true);
    tapText(page, '#team-sheet >>> .van-action-sheet__item', '工程部');
    await waitFor(page, () => page.data.nightTeamId === 'demo-team-eng');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.property.save')).toEqual([
      {
        propertyId: 'demo',
        businessHours: { start: '08:30', end: '18:00' },
        dispatchMode: 'auto',
        grabLimit: 5,
        autoCloseDays: 6,
        bookingHorizonDays: 14,
        nightTeamId: 'demo-team-eng',
      },
    ]);
    const back = await api<Settings>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' });
    expect(back.property).toMatchObject({ businessHours: { start: '08:30', end: '18:00' }, dispatchMode: 'auto', grabLimit: 5, autoCloseDays: 6, bookingHorizonDays: 14, nightTeamId: 'demo-team-eng' });
  });

  it('clears the night team', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#night-team >>> .van-cell');
    await waitFor(page, () => page.data.teamSheetShown === true);
    tapText(page, '#team-sheet >>> .van-action-sheet__item', '不设置');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.property.save')[0]).not.toHaveProperty('nightTeamId');
    const back = await api<Settings>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' });
    expect(back.property.nightTeamId).toBeUndefined();
  });

  it('shows the server’s refusal of a time beside the field, and saves nothing', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    typeInto(page, '#end', '25:00');
    tap(page, '#save >>> .van-button');
    await waitForText(page, '请按 24 小时制填写，如 17:30');
    expect(page.data.saving).toBe(false);
    expect(textOf(page.querySelector('#end') as unknown as Rendered)).toContain('请按 24 小时制填写');
    expect(textOf(page.querySelector('#start') as unknown as Rendered)).not.toContain('24 小时制');
    const back = await api<Settings>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' });
    expect(back.property.businessHours).toEqual({ start: '09:00', end: '17:30' });
    // the field's error goes as the person corrects it
    typeInto(page, '#end', '17:00');
    await waitFor(page, () => !textOf(page).includes('24 小时制'));
  });

  it('asks for an empty time before sending anything', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    typeInto(page, '#start', '');
    tap(page, '#save >>> .van-button');
    await waitForText(page, '请填写开始时间');
    expect(sent('settings.property.save')).toEqual([]);
  });

  it('sends one save for a double tap', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#save >>> .van-button');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.property.save')).toHaveLength(1);
  });

  itShowsManagerPageStates({ pageId: () => pageId, bridge: () => bridge, url: () => url, readyText: '营业时间', reads: 'settings.get' });
});
