/**
 * The mini-program's API client (miniprogram/services/api.ts) on a scripted transport: what it
 * sends, when it retries, and what a person is told. (home.test.ts covers it end to end against
 * local-cloud; here we make the transport fail on purpose, call by call.)
 */
import { ApiCallError, call, toastFor, type CallOptions } from '../../miniprogram/services/api';

type Answer = { result: unknown } | { fail: { errCode: number; errMsg: string } };

const sent: { name: string; data: { action: string; payload: unknown; requestId?: string } }[] = [];
let answers: Answer[] = [];

beforeAll(() => {
  // cloud mode: a release build always uses wx.cloud (config/env.ts)
  (globalThis as unknown as { wx: unknown }).wx = {
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-test', envVersion: 'release', version: '1.0.0' } }),
    cloud: {
      callFunction: async (options: (typeof sent)[number]) => {
        sent.push(options);
        const next = answers.shift();
        if (!next) throw new Error('test sent more calls than it scripted');
        if ('fail' in next) throw next.fail;
        return { result: next.result, errMsg: 'cloud.callFunction:ok' };
      },
    },
  };
});

beforeEach(() => {
  sent.length = 0;
  answers = [];
});

/** `call` for actions typings/api.ts does not declare yet (writes). */
const callAny = call as unknown as (action: string, payload: unknown, options?: CallOptions) => Promise<unknown>;
const networkDown: Answer = { fail: { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' } };

it('reads send no requestId and return data', async () => {
  answers = [{ result: { ok: true, data: { openid: 'o1', name: '', phone: '', roles: [] } } }];
  await expect(call('user.me', {})).resolves.toEqual({ openid: 'o1', name: '', phone: '', roles: [] });
  expect(sent).toEqual([{ name: 'api', data: { action: 'user.me', payload: {} } }]);
});

it('retries a write twice after network failures, with the same requestId', async () => {
  answers = [networkDown, networkDown, { result: { ok: true, data: { id: 'order-1' } } }];
  await expect(callAny('order.create', { description: '水管漏水' })).resolves.toEqual({ id: 'order-1' });
  expect(sent).toHaveLength(3);
  const ids = sent.map((s) => s.data.requestId);
  expect(ids[0]).toMatch(/.{8,}/);
  expect(new Set(ids).size).toBe(1);
});

it('gives up after two retries with 网络不给力', async () => {
  answers = [networkDown, networkDown, networkDown];
  const error = await callAny('order.accept', { orderId: 'x' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiCallError);
  expect((error as ApiCallError).code).toBe('NETWORK');
  expect(toastFor(error)).toBe('网络不给力，请重试');
  expect(sent).toHaveLength(3);
});

it('never retries a business error, and maps it to Chinese', async () => {
  answers = [{ result: { ok: false, error: { code: 'CONFLICT', message: 'status changed' } } }];
  const error = await callAny('order.accept', { orderId: 'x' }).catch((e: unknown) => e);
  expect(sent).toHaveLength(1);
  expect((error as ApiCallError).code).toBe('CONFLICT');
  expect(toastFor(error)).toBe('状态已变化，请刷新');
});

it('keeps a requestId the caller chose (a form resubmitted after a failure)', async () => {
  answers = [{ result: { ok: true, data: {} } }];
  await callAny('order.cancel', { orderId: 'x', reason: '不需要了' }, { requestId: 'form-42' });
  expect(sent[0].data.requestId).toBe('form-42');
});

it.each([
  ['FORBIDDEN', '没有权限'],
  ['NOT_FOUND', '内容不存在或已删除'],
  ['CONFLICT', '状态已变化，请刷新'],
  ['RATE_LIMITED', '操作太频繁，请稍后再试'],
  ['INTERNAL', '服务开小差了，请稍后再试'],
])('toastFor %s → %s', (code, message) => {
  expect(toastFor(new ApiCallError('x', code as ApiCallError['code'], 'm'))).toBe(message);
});

it("shows the server's own Chinese message, which says what went wrong", () => {
  expect(toastFor(new ApiCallError('order.assign', 'FORBIDDEN', '只能派给本班组的师傅'))).toBe('只能派给本班组的师傅');
  expect(toastFor(new ApiCallError('order.accept', 'CONFLICT', '订单当前已取消，不能接单'))).toBe('订单当前已取消，不能接单');
});

it('shows a Chinese field message of INVALID_ARGUMENT when the message is not for people', () => {
  const error = new ApiCallError('order.create', 'INVALID_ARGUMENT', 'bad', { description: '请描述一下问题' });
  expect(toastFor(error)).toBe('请描述一下问题');
});

it('treats an answer that is not the API envelope as INTERNAL, not as data', async () => {
  answers = [{ result: 'oops' }];
  const error = await call('user.me', {}).catch((e: unknown) => e);
  expect((error as ApiCallError).code).toBe('INTERNAL');
});
