/**
 * 员工加入 against a real local-cloud: the form's own checks beside each field, the server's
 * refusals of a code beside the code, and a newcomer joining as a technician with a code typed in
 * lower case, landing on the home page with that property current.
 */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textsOf, waitFor, waitForTextIn, type Bridge, type Rendered } from '../support/simulate';
import { api, recordWx, resetDemo, typeInto, type WxRecorder } from './resident-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/common/join/index');
  bridge = installBridge({ url: cloud.url, openid: 'o-new-staff', envVersion: 'release' });
  wxRec = recordWx();
});

afterAll(async () => {
  await cloud?.stop();
});

beforeEach(async () => {
  await resetDemo(cloud.url);
  bridge.calls.length = 0;
  wxRec.clear();
});

async function invite(): Promise<string> {
  const created = await api<{ code: string }>(cloud.url, 'demo-manager', 'admin.createInvite', { propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng', skills: ['水电'] });
  return created.code;
}

type Form = { inviteCode: string; name: string; phone: string };
const form = (page: Rendered): Form => page.data.form as Form;

async function fill(page: Rendered, code: string, name: string, phone: string): Promise<void> {
  typeInto(page, '#code', code);
  typeInto(page, '#name', name);
  typeInto(page, '#phone', phone);
  await waitFor(page, () => form(page).inviteCode === code && form(page).name === name && form(page).phone === phone);
}

it('checks each field before sending anything', async () => {
  const page = openPage(pageId);
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#code', '请填写邀请码');
  expect(textsOf(page, '#name')[0]).toContain('请填写您的姓名');
  expect(textsOf(page, '#phone')[0]).toContain('请填写 11 位手机号');

  // O and 0 are not in invite codes, and a code has 8 characters
  await fill(page, 'K7XQ2M0', '钱进', '1391234567');
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#code', '邀请码是 8 位字母和数字');
  expect(textsOf(page, '#phone')[0]).toContain('请填写 11 位手机号');
  expect(textsOf(page, '#name')[0]).not.toContain('请填写');
  expect(bridge.calls).toHaveLength(0);
});

it('says beside the code when it is unknown, and when it was used by someone else', async () => {
  const page = openPage(pageId);
  await fill(page, 'ZZZZZZZZ', '钱进', '13912345678');
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#code', '没有这个邀请码，请核对后再试');
  expect(wxRec.navigations).toEqual([]);

  const code = await invite();
  await api(cloud.url, 'o-someone-else', 'staff.join', { inviteCode: code, name: '孙立', phone: '13912340000' });
  await fill(page, code, '钱进', '13912345678');
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#code', '邀请码已被使用或已过期');
  expect(wxRec.navigations).toEqual([]);
  const me = await api<{ roles: unknown[] }>(cloud.url, 'o-new-staff', 'user.me', {});
  expect(me.roles).toEqual([]);
});

it('joins with a code typed in lower case with spaces, and goes home as a technician of 示范小区', async () => {
  const code = await invite();
  const { page, sizes } = openPageMeasured(pageId);
  const typed = ` ${code.slice(0, 4).toLowerCase()} ${code.slice(4).toLowerCase()} `;
  await fill(page, typed, '钱进', '13912345678');
  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.toasts).toEqual(['已加入示范小区']);
  expect(wxRec.navigations).toEqual(['/pages/common/home/index']);
  expect(wxRec.storage.get('currentPropertyId')).toBe('demo');
  const sent = bridge.calls.find((c) => c.body.action === 'staff.join');
  expect(sent?.body.payload).toEqual({ inviteCode: code, name: '钱进', phone: '13912345678' });
  expect(sent?.body.requestId).toMatch(/.{8,}/);
  const me = await api<{ name: string; roles: { propertyId: string; role: string; teamId?: string }[] }>(cloud.url, 'o-new-staff', 'user.me', {});
  expect(me).toMatchObject({ name: '钱进', roles: [{ propertyId: 'demo', role: 'technician', teamId: 'demo-team-eng' }] });
  expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
});

it('takes the code from the link a manager shares', async () => {
  const page = openPage(pageId, { code: 'k7xq2m9p' });
  await waitFor(page, () => form(page).inviteCode === 'K7XQ2M9P');
});
