/**
 * user.phoneNumber through local-cloud and the real wx-server-sdk: the code of the phone-number
 * button exchanged for the number (local-cloud's WeChat issues "phone:<11 digits>" codes and
 * refuses any other with 40029), refusals as typed errors, nothing read or written in the database.
 */
import { callFunction, localPost, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';
import type { ApiResponse } from '../../typings/api';
import type { PhoneNumberView } from '../../typings/people-actions';

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'demo' });
});
afterAll(async () => {
  await cloud.stop();
});
afterEach(async () => {
  await localPost(cloud.url, 'faults', {});
});

const exchange = (openid: string | undefined, payload: unknown) =>
  callFunction<ApiResponse<PhoneNumberView>>(cloud.url, 'api', openid, { action: 'user.phoneNumber', payload });

describe('user.phoneNumber', () => {
  it('answers the number WeChat gives for the code, without touching the database', async () => {
    const res = await exchange('o-new-resident', { code: 'phone:13812345678' });
    expect(res.body).toEqual({ ok: true, data: { phone: '13812345678' } });
    expect(res.dbRequests).toBe(0);
  });

  it('answers INVALID_ARGUMENT on payload.code when WeChat refuses the code (40029)', async () => {
    const res = await exchange('o-new-resident', { code: 'expired-or-made-up' });
    expect(res.body).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: '获取手机号失败，请重新点击获取或手动填写', fields: { 'payload.code': expect.stringContaining('refused') } },
    });
  });

  it('names payload.code when the code is missing, empty or not text', async () => {
    for (const payload of [{}, { code: '' }, { code: '   ' }, { code: 13812345678 }]) {
      const res = await exchange('o-new-resident', payload);
      expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', fields: { 'payload.code': expect.any(String) } } });
    }
    const extra = await exchange('o-new-resident', { code: 'phone:13812345678', phone: '13800000000' });
    expect(extra.body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it("answers RATE_LIMITED when WeChat's quota for the api is used up (45011)", async () => {
    await localPost(cloud.url, 'faults', { openapi: { 'phonenumber.getPhoneNumber': 45011 } });
    const res = await exchange('o-new-resident', { code: 'phone:13812345678' });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringContaining('手动填写') } });
  });

  it('is for callers WeChat identifies', async () => {
    const res = await exchange(undefined, { code: 'phone:13812345678' });
    expect(res.body).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});
