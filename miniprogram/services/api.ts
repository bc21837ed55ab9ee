/**
 * The one way the mini-program talks to its backend: the `api` cloud function.
 *
 *   const me = await call('user.me', {});
 *
 * - Typed from typings/api.ts: the action name fixes the payload and the result type.
 * - Cloud mode: wx.cloud.callFunction. Local mode (config/env.ts): wx.request to local-cloud's
 *   `POST /functions/api`, which runs the very same function.
 * - Writes carry a requestId; a transport failure (no answer, function crashed or timed out) is
 *   retried up to twice with the SAME requestId, so the server applies the write at most once.
 *   A business error (`{ ok: false }`) is an answer, never retried.
 * - Failures become ApiCallError with a code; toastFor(error) gives the Chinese message.
 *
 * Only TYPES come from ../../typings: DevTools compiles TypeScript inside miniprogramRoot only,
 * and `import type` vanishes at compile time.
 */
import type { ActionData, ActionName, ActionPayload, ApiResponse, ErrorCode } from '../../typings/api';
import { API_BASE_URL, isLocalMode } from '../config/env';
import { getLocalOpenid } from './local-identity';

/** An ErrorCode from the server, or NETWORK when no answer came back. */
export type ApiErrorCode = ErrorCode | 'NETWORK';

export class ApiCallError extends Error {
  readonly code: ApiErrorCode;
  /** field path → message, with INVALID_ARGUMENT */
  readonly fields: Record<string, string> | undefined;
  readonly action: string;

  constructor(action: string, code: ApiErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'ApiCallError';
    this.action = action;
    this.code = code;
    this.fields = fields;
  }
}

export interface CallOptions {
  /** reuse an id to make a user's repeated tap the same write (e.g. a form kept open) */
  requestId?: string;
}

/** Actions that only read: no requestId. Everything else is treated as a write. */
const READ_ACTIONS: ReadonlySet<string> = new Set([
  'user.me',
  // a one-time code exchanged for a number: nothing is written
  'user.phoneNumber',
  'staff.list',
  'catalog.categories',
  'catalog.materials',
  'slots.list',
  'order.get',
  'order.list',
  // a fee preview: nothing is written, so nothing to make idempotent
  'order.quote',
  'dashboard.summary',
  'dashboard.trend',
  'inbox.list',
  'notify.templates',
  'order.messages',
  'settings.serviceItems.list',
]);

/** Pauses before the 1st and 2nd retry: short, a user is waiting. */
const RETRY_DELAYS_MS = [300, 800];
const LOCAL_TIMEOUT_MS = 15000;

export async function call<A extends ActionName>(
  action: A,
  payload: ActionPayload<A>,
  options: CallOptions = {},
): Promise<ActionData<A>> {
  const requestId = options.requestId ?? (READ_ACTIONS.has(action) ? undefined : newRequestId());
  const body: WireRequest = { action, payload, ...(requestId ? { requestId } : {}) };

  let response: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await send(body);
      break;
    } catch (err) {
      if (!(err instanceof TransportError) || attempt >= RETRY_DELAYS_MS.length) {
        throw new ApiCallError(action, 'NETWORK', err instanceof Error ? err.message : String(err));
      }
      await delay(RETRY_DELAYS_MS[attempt]);
    }
  }
  return unwrap(action, response) as ActionData<A>;
}

const CHINESE = /[\u4e00-\u9fff]/;

/**
 * The Chinese message to show a person for a failed call: the server's own message (it says what
 * went wrong, e.g. 只能派给本班组的师傅), else a Chinese field message, else one per code.
 * Text that is not Chinese (a transport error, an integrator's field note) is never shown.
 */
export function toastFor(error: unknown): string {
  if (!(error instanceof ApiCallError)) return MESSAGES.INTERNAL;
  if (error.code !== 'NETWORK' && CHINESE.test(error.message)) return error.message;
  const field = Object.values(error.fields ?? {}).find((m) => CHINESE.test(m));
  if (error.code === 'INVALID_ARGUMENT' && field) return field;
  // a code newer than this build still gets a sensible message
  return MESSAGES[error.code] ?? MESSAGES.INTERNAL;
}

/** Shows toastFor(error) as a plain toast; for handlers that have nothing better to show. */
export function showErrorToast(error: unknown): void {
  wx.showToast({ title: toastFor(error), icon: 'none', duration: 2500 });
}

const MESSAGES: Record<ApiErrorCode, string> = {
  UNAUTHENTICATED: '请先登记或加入小区',
  FORBIDDEN: '没有权限',
  NOT_FOUND: '内容不存在或已删除',
  INVALID_ARGUMENT: '填写的内容有误，请检查',
  CONFLICT: '状态已变化，请刷新',
  SLOT_FULL: '该时段已约满，请换个时段',
  GRAB_LIMIT: '手上的工单已达上限，先完成几单吧',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容含有不当信息，请修改后再提交',
  INTERNAL: '服务开小差了，请稍后再试',
  NETWORK: '网络不给力，请重试',
};

interface WireRequest {
  action: string;
  payload: unknown;
  requestId?: string;
}

/** No usable answer arrived: safe to resend with the same requestId. */
class TransportError extends Error {}

function send(body: WireRequest): Promise<unknown> {
  return isLocalMode() ? sendLocal(body) : sendCloud(body);
}

async function sendCloud(body: WireRequest): Promise<unknown> {
  try {
    const res = await wx.cloud.callFunction({ name: 'api', data: body });
    return res.result;
  } catch (err) {
    // callFunction rejects only when the function did not answer: network, crash, timeout
    throw new TransportError(errorText(err));
  }
}

function sendLocal(body: WireRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${API_BASE_URL}/functions/api`,
      method: 'POST',
      data: body,
      header: { 'content-type': 'application/json', 'x-wx-openid': getLocalOpenid() },
      timeout: LOCAL_TIMEOUT_MS,
      success: (res) => {
        // local-cloud answers 500 when the function threw or timed out, like callFunction failing
        if (res.statusCode >= 500) reject(new TransportError(`HTTP ${res.statusCode}: ${errorText(res.data)}`));
        else resolve(res.data);
      },
      fail: (err) => reject(new TransportError(errorText(err))),
    });
  });
}

function unwrap(action: string, response: unknown): unknown {
  const res = response as Partial<ApiResponse<unknown>> | null | undefined;
  if (res && res.ok === true && 'data' in res) return res.data;
  if (res && res.ok === false && res.error && typeof res.error.code === 'string') {
    return throwApiError(action, res.error.code, res.error.message, res.error.fields);
  }
  return throwApiError(action, 'INTERNAL', `unexpected response to ${action}`);
}

function throwApiError(action: string, code: ErrorCode, message: string, fields?: Record<string, string>): never {
  throw new ApiCallError(action, code, message, fields);
}

function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { errMsg?: unknown; message?: unknown };
    if (typeof e.errMsg === 'string') return e.errMsg;
    if (typeof e.message === 'string') return e.message;
  }
  return String(err);
}

let sequence = 0;
/** Unique enough per caller: time + counter + randomness (no crypto API on every base library). */
export function newRequestId(): string {
  sequence = (sequence + 1) % 1679616;
  const random = Math.floor(Math.random() * 2821109907456).toString(36);
  return `${Date.now().toString(36)}-${sequence.toString(36)}-${random}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The form errors in a failed call: field → message to show beside that field (van-field
 * error-message). Keys drop the `payload.` prefix ('location.text'). The server's field notes are
 * technical (for integrators), so a page gives its own Chinese wording per field in `hints`; a
 * field without a hint gets the server's note only if it is Chinese, else a generic one.
 */
export function fieldErrorsOf(error: unknown, hints: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof ApiCallError) || !error.fields) return {};
  const out: Record<string, string> = {};
  for (const [rawKey, message] of Object.entries(error.fields)) {
    const key = rawKey.replace(/^payload\./, '');
    out[key] = hints[key] ?? (CHINESE.test(message) ? message : '请检查这一项');
  }
  return out;
}
