/**
 * 班组与工时 (manager) against a real local-cloud: the teams with leader and 元/小时 rate, sub-teams
 * under their parent; editing the rate and the leader sends settings.teams.save with the team's
 * other fields unchanged, and settings.get then has it; an amount that is not 元 shows beside the
 * field; a technician or a resident sees 无权查看.
 */
import { loaded, openPage, payloadsOf, tap, tapText, textOf, textsOf, waitFor, waitForText, type Bridge, type Rendered } from '../support/simulate';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';
import { itShowsManagerPageStates } from './manager-helpers';

let url = '';
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId = '';

usePageHarness(
  'pages/manager/teams/index',
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

interface Team {
  id: string;
  name: string;
  parentId?: string;
  leaderOpenid?: string;
  hourlyRateFen: number;
  kind: string;
}

const teamOnServer = async (id: string): Promise<Team | undefined> =>
  (await api<{ teams: Team[] }>(url, 'demo-manager', 'settings.get', { propertyId: 'demo' })).teams.find((t) => t.id === id);

describe('班组与工时', () => {
  it('lists the teams with their leader and hourly rate', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    const rows = textsOf(page, '.team');
    const eng = rows.findIndex((r) => r.includes('工程部'));
    expect(rows[eng]).toContain('组长 王建国');
    expect(rows[eng]).toContain('60 元/小时');
    // the sub-team right under its parent
    expect(rows[eng + 1]).toContain('空调班组');
    expect(rows[eng + 1]).toContain('80 元/小时');
    expect(rows[eng + 1]).toContain('组长 未设');
    expect(rows.find((r) => r.includes('夜间值班组'))).toContain('70 元/小时');
    expect(rows.find((r) => r.includes('客服中心'))).toContain('不计工时费');
  });

  it('changes the rate and the leader; the rest of the team is kept', async () => {
    const before = await teamOnServer('demo-team-eng');
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#team-demo-team-eng >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    expect(page.data).toMatchObject({ rate: '60', leaderName: '王建国' });
    typeInto(page, '#rate', '65.5');
    tap(page, '#leader >>> .van-cell');
    await waitFor(page, () => page.data.leaderSheetShown === true);
    tapText(page, '#leader-sheet >>> .van-action-sheet__item', '赵强');
    await waitFor(page, () => page.data.leaderOpenid === 'demo-tech-2');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.teams.save')).toEqual([
      { id: 'demo-team-eng', propertyId: 'demo', name: '工程部', leaderOpenid: 'demo-tech-2', hourlyRateFen: 6550, kind: 'engineering' },
    ]);
    expect(textsOf(page, '.team').find((r) => r.includes('工程部'))).toContain('65.50 元/小时');
    expect(await teamOnServer('demo-team-eng')).toEqual({ ...before, leaderOpenid: 'demo-tech-2', hourlyRateFen: 6550 });
  });

  it('keeps a sub-team under its parent when saving it', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#team-demo-team-eng-hvac >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    typeInto(page, '#rate', '90');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(await teamOnServer('demo-team-eng-hvac')).toMatchObject({ parentId: 'demo-team-eng', hourlyRateFen: 9000 });
  });

  it('shows an amount that is not 元 beside the field and sends nothing', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#team-demo-team-eng >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    typeInto(page, '#rate', '六十');
    tap(page, '#save >>> .van-button');
    await waitForText(page, '请填写每小时工时费（元）');
    expect(textOf(page.querySelector('#rate') as unknown as Rendered)).toContain('请填写每小时工时费（元）');
    expect(sent('settings.teams.save')).toEqual([]);
  });

  it('sends one save for a double tap', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await ready(page);
    tap(page, '#team-demo-team-night >>> .van-cell');
    await waitFor(page, () => page.data.formShown === true);
    tap(page, '#save >>> .van-button');
    tap(page, '#save >>> .van-button');
    await waitFor(page, () => wxRec.toasts.includes('已保存'));
    expect(sent('settings.teams.save')).toHaveLength(1);
  });

  itShowsManagerPageStates({ pageId: () => pageId, bridge: () => bridge, url: () => url, readyText: '工程部', reads: 'settings.get' });
});
