import { z } from 'zod';
import type { PhoneNumberView } from '../../../../typings/people-actions';
import { fail } from '../../../core/errors';
import { defineAction } from '../../actions';

/** WeChat's errcodes for a code it will not exchange (expired, used, or never issued). */
const REFUSED_CODES = new Set([40029, 40163]);
/** the app's per-minute quota for phonenumber.getPhoneNumber */
const QUOTA_CODES = new Set([45009, 45011]);

interface PhoneInfo {
  purePhoneNumber?: unknown;
  phoneNumber?: unknown;
}

type GetPhoneNumber = (args: { code: string }) => Promise<{ phoneInfo?: PhoneInfo }>;

/**
 * wx-server-sdk, loaded on first use: the registry (and so every handler module) is also loaded by
 * the API reference generator, where the SDK is not installed.
 */
async function getPhoneNumber(): Promise<GetPhoneNumber> {
  const { getCloud } = await import('../../../runtime/cloud');
  // the SDK's typings do not list phonenumber; its openapi proxy answers any api name
  const openapi = getCloud().openapi as unknown as { phonenumber: { getPhoneNumber: GetPhoneNumber } };
  return (args) => openapi.phonenumber.getPhoneNumber(args);
}

const errCodeOf = (err: unknown): number | undefined => {
  const e = err as { errCode?: unknown } | null;
  return typeof e?.errCode === 'number' ? e.errCode : undefined;
};

export const userPhoneNumber = defineAction({
  name: 'user.phoneNumber',
  summary:
    'Exchanges the code of the WeChat phone-number button (`<button open-type="getPhoneNumber">`, `detail.code`) ' +
    'for the phone number bound to the caller\'s WeChat (phonenumber.getPhoneNumber). Nothing is stored: the page ' +
    'puts the number in its form and sends it with resident.register or staff.join. A code WeChat refuses (expired, ' +
    'used, or made up) answers INVALID_ARGUMENT on `payload.code`; the person can tap again or type the number.',
  who: 'anyone in WeChat',
  schema: z.object({ code: z.string().trim().min(1, 'required').max(128, 'at most 128 characters') }).strict(),
  returns: 'PhoneNumberView',
  errors: ['UNAUTHENTICATED', 'INVALID_ARGUMENT', 'RATE_LIMITED'],
  example: { openid: 'o-new-resident', payload: { code: 'phone:13812345678' } },
  async handle(_ctx, p): Promise<PhoneNumberView> {
    let info: PhoneInfo | undefined;
    try {
      info = (await (await getPhoneNumber())({ code: p.code })).phoneInfo;
    } catch (err) {
      const code = errCodeOf(err);
      if (code !== undefined && REFUSED_CODES.has(code)) {
        return fail('INVALID_ARGUMENT', '获取手机号失败，请重新点击获取或手动填写', { 'payload.code': 'refused by WeChat: invalid, used or expired code' });
      }
      if (code !== undefined && QUOTA_CODES.has(code)) return fail('RATE_LIMITED', '获取手机号的人太多了，请稍后再试或手动填写');
      throw err;
    }
    // purePhoneNumber has no country code, which is what registration stores
    const phone = typeof info?.purePhoneNumber === 'string' ? info.purePhoneNumber : typeof info?.phoneNumber === 'string' ? info.phoneNumber : '';
    if (!phone) throw new Error('phonenumber.getPhoneNumber answered no phone_info');
    return { phone };
  },
});
