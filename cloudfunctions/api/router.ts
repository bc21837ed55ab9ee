import { z } from 'zod';
import type { ApiResponse } from '../../typings/api';
import { ApiFailure } from '../core/errors';
import { requestFingerprint } from '../core/ids';
import { parseOrFail } from '../core/validation';
import type { HandlerContext } from './context';
import { ACTIONS_BY_NAME } from './registry';

const envelope = z
  .object({
    action: z.string().min(1).max(64),
    payload: z.record(z.string(), z.unknown()).default({}),
    requestId: z.string().min(8).max(64).regex(/^[\w-]+$/).optional(),
  })
  .strict();

export interface RouterDeps extends Omit<HandlerContext, 'openid' | 'requestId' | 'requestFingerprint'> {
  openid: string | undefined;
}

/** Validates the envelope, authenticates, dispatches; never throws. */
export async function route(event: unknown, deps: RouterDeps): Promise<ApiResponse<unknown>> {
  try {
    const { action, payload, requestId } = parseOrFail(envelope, stripWxFields(event));
    const def = ACTIONS_BY_NAME.get(action);
    if (!def) throw new ApiFailure('INVALID_ARGUMENT', '请更新小程序后重试', { action: 'unknown action' });
    if (!deps.openid) throw new ApiFailure('UNAUTHENTICATED', '请在微信中打开');
    const input = parseOrFail(def.schema, payload, 'payload');
    const ctx: HandlerContext = {
      openid: deps.openid,
      clock: deps.clock,
      db: deps.db,
      notifier: deps.notifier,
      templates: deps.templates,
      log: deps.log,
      ...(requestId ? { requestId, requestFingerprint: requestFingerprint(action, input) } : {}),
    };
    // Each definition pairs its own schema and handler; the union is re-joined here.
    const data = await (def.handle as (c: HandlerContext, p: unknown) => Promise<unknown>)(ctx, input);
    return { ok: true, data };
  } catch (err) {
    if (err instanceof ApiFailure) return { ok: false, error: err.toError() };
    deps.log('[api] unexpected failure', err);
    return { ok: false, error: { code: 'INTERNAL', message: '服务开小差了，请稍后再试' } };
  }
}

/** wx.cloud.callFunction adds `userInfo` to the event in CloudBase; it is not part of the envelope. */
function stripWxFields(event: unknown): unknown {
  if (!event || typeof event !== 'object') return event;
  const { userInfo: _userInfo, ...rest } = event as Record<string, unknown>;
  return rest;
}
