/** 住户登记 against a real local-cloud: field errors beside their field, then a registered resident. */
import { largestSetData, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textsOf, waitFor, waitForTextIn, type Bridge, type Rendered } from '../support/simulate';
import type { LocalCloudProcess } from '../support/local-cloud';
import { api, typeInto, usePageHarness, type WxRecorder } from './resident-helpers';

let cloud: LocalCloudProcess;
let bridge: Bridge;
let wxRec: WxRecorder;
let pageId: string;

usePageHarness(
  'pages/common/register/index',
  (h) => ({ cloud, bridge, wxRec, pageId } = h),
  'o-new-resident',
);

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

/** What WeChat does when the person taps the phone-number button and allows (a code) or declines (none). */
function answerPhoneButton(page: Rendered, detail: { code?: string; errMsg: string }): void {
  const button = page.querySelector('#wx-phone >>> .van-button');
  if (!button) throw new Error('no phone-number button');
  button.dispatchEvent('getphonenumber', { detail });
}

const formPhone = (page: Rendered): string => (page.data.form as { phone: string }).phone;
/** what the phone field's input shows (simulate's wx-input keeps no value attribute: van-field's own value) */
const shownPhone = (page: Rendered): unknown => (page.querySelector('#phone') as unknown as { data: { value?: unknown } } | undefined)?.data.value;

describe('the WeChat phone-number button', () => {
  it('is a getPhoneNumber button beside the phone field', () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    const button = page.querySelector('#wx-phone') as unknown as { data: { openType?: string } } | undefined;
    expect(button?.data.openType).toBe('getPhoneNumber');
    expect(textsOf(page, '#phone')[0]).toContain('微信手机号');
  });

  it('fills the phone from WeChat, and registration sends that number', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    await waitFor(page, () => (page.data.form as { propertyId: string }).propertyId === 'demo');
    answerPhoneButton(page, { code: 'phone:13812345678', errMsg: 'getPhoneNumber:ok' });
    await waitFor(page, () => formPhone(page) === '13812345678');
    expect(bridge.calls.map((c) => [c.body.action, c.body.payload])).toEqual([['user.phoneNumber', { code: 'phone:13812345678' }]]);
    expect(shownPhone(page)).toBe('13812345678');

    typeInto(page, '#name', '王芳');
    typeInto(page, '#building', '3栋');
    typeInto(page, '#room', '1202');
    await waitFor(page, () => (page.data.form as { room: string }).room === '1202');
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(bridge.calls[1].body).toMatchObject({
      action: 'resident.register',
      payload: { propertyId: 'demo', name: '王芳', building: '3栋', room: '1202', phone: '13812345678' },
    });
    const me = await api<{ phone: string }>(cloud.url, 'o-new-resident', 'user.me', {});
    expect(me.phone).toBe('13812345678');
  });

  it('says so beside the field when WeChat refuses the code, and the typed number still registers', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    answerPhoneButton(page, { code: 'stale-code', errMsg: 'getPhoneNumber:ok' });
    await waitForTextIn(page, '#phone', '未能获取微信手机号，请重新点击获取或手动填写');
    expect(formPhone(page)).toBe('');
    expect(bridge.calls.map((c) => c.body.action)).toEqual(['user.phoneNumber']);

    typeInto(page, '#phone', '13912345678');
    await waitFor(page, () => formPhone(page) === '13912345678');
    // typing clears the error: the fallback is the normal way on
    expect(textsOf(page, '#phone')[0]).not.toContain('未能获取');
    typeInto(page, '#name', '李雷');
    typeInto(page, '#building', '1栋');
    typeInto(page, '#room', '101');
    await waitFor(page, () => (page.data.form as { room: string }).room === '101');
    tap(page, '#submit >>> .van-button');
    await waitFor(page, () => wxRec.navigations.length > 0);
    expect(bridge.calls[1].body).toMatchObject({ action: 'resident.register', payload: { phone: '13912345678' } });
  });

  it('asks nothing of the server when the person declines, and leaves the field to type', async () => {
    const page = openPage(pageId, { propertyId: 'demo' });
    answerPhoneButton(page, { errMsg: 'getPhoneNumber:fail user deny' });
    await new Promise((r) => setTimeout(r, 50));
    expect(bridge.calls).toHaveLength(0);
    expect(textsOf(page, '#phone')[0]).not.toContain('未能获取');
    expect(wxRec.toasts).toEqual([]);
  });
});

describe('setData size', () => {
  it('sends its view at most 32 KB at a time', async () => {
    const { page, sizes } = openPageMeasured(pageId, { propertyId: 'demo' });
    await waitFor(page, () => (page.data.form as { propertyId: string } | undefined)?.propertyId === 'demo');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
});
