/** Refuses text WeChat's content check calls risky, naming each field (runtime/content-check). */
import { fail } from '../core/errors';
import { riskyTexts, type Scene } from '../runtime/content-check';
import type { HandlerContext } from './context';

/** `texts`: payload field → text, e.g. { description: '…' }; names come back as `payload.<field>`. */
export async function assertCleanText(ctx: Pick<HandlerContext, 'openid' | 'log'>, scene: Scene, texts: Record<string, string | undefined>): Promise<void> {
  const risky = await riskyTexts(ctx.openid, scene, texts, ctx.log);
  if (risky.length) fail('INVALID_ARGUMENT', '内容含有不适宜的信息，请修改后再提交', Object.fromEntries(risky.map((f) => [`payload.${f}`, 'rejected by the content check'])));
}
