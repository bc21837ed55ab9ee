/** 住户登记 against a real local-cloud: field errors beside their field, then a registered resident. */
import { startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import { installBridge, largestSetData, loadPage, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textsOf, waitFor, waitForTextIn, type Bridge } from '../support/simulate';
import { api, recordWx, resetDemo, typeInto, type WxRecorder } from './resident-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
  pageId = loadPage('pages/common/register/index');
  bridge = installBridge({ url: cloud.url, openid: 'o-new-resident', envVersion: 'release' });
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

it('registers a newcomer from the QR code of 示范小区, after fixing a wrong phone', async () => {
  const page = openPage(pageId, { propertyId: 'demo' });
  await waitFor(page, () => page.data.form !== undefined && (page.data.form as { propertyId: string }).propertyId === 'demo');
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#name', '请填写您的姓名');
  expect(textsOf(page, '#phone')[0]).toContain('请填写 11 位手机号');
  expect(bridge.calls).toHaveLength(0);

  typeInto(page, '#name', '王芳');
  typeInto(page, '#building', '3栋');
  typeInto(page, '#room', '1202');
  typeInto(page, '#phone', '1381234567');
  await waitFor(page, () => (page.data.form as { phone: string }).phone === '1381234567');
  tap(page, '#submit >>> .van-button');
  await waitForTextIn(page, '#phone', '请填写 11 位手机号');
  expect(bridge.calls).toHaveLength(0);

  typeInto(page, '#phone', '13812345678');
  await waitFor(page, () => (page.data.form as { phone: string }).phone === '13812345678');
  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => wxRec.navigations.length > 0);
  expect(wxRec.toasts).toContain('登记成功');
  expect(wxRec.navigations).toEqual(['/pages/common/home/index']);
  const me = await api<{ name: string; roles: { propertyId: string; role: string }[] }>(cloud.url, 'o-new-resident', 'user.me', {});
  expect(me).toMatchObject({ name: '王芳', roles: [{ propertyId: 'demo', role: 'resident' }] });
});

it('shows an unknown property code beside the property field', async () => {
  bridge.openid = 'o-new-resident-2';
  const page = openPage(pageId);
  typeInto(page, '#property', 'no-such-place');
  typeInto(page, '#name', '李雷');
  typeInto(page, '#building', '1栋');
  typeInto(page, '#room', '101');
  typeInto(page, '#phone', '13912345678');
  await waitFor(page, () => (page.data.form as { phone: string }).phone === '13912345678');
  tap(page, '#submit >>> .van-button');
  await waitFor(page, () => bridge.calls.length > 0 && page.data.submitting === false && (wxRec.toasts.length > 0 || textsOf(page, '#property')[0].length > 5));
  // either beside the field (NOT_FOUND with fields) or as a Chinese toast: never silent
  const shown = `${textsOf(page, '#property')[0]} ${wxRec.toasts.join(' ')}`;
  expect(shown).toMatch(/小区/);
  expect(wxRec.navigations).toEqual([]);
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time', async () => {
    const { page, sizes } = openPageMeasured(pageId, { propertyId: 'demo' });
    await waitFor(page, () => (page.data.form as { propertyId: string } | undefined)?.propertyId === 'demo');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
