/**
 * WeChat's content security check (security.msgSecCheck, version 2) for text people write into the
 * mini-program for others to read: a mini-program with user content must check it before storing it.
 * WeChat answers a verdict; `risky` is refused, `review` and `pass` go through. A check that cannot
 * be made (network, quota) lets the text through and says so in the log: a leak report must not
 * wait on the checker.
 */
export type Scene = 'profile' | 'comment';

/** msgSecCheck's scenes: 1 资料, 2 评论 */
const SCENES: Record<Scene, number> = { profile: 1, comment: 2 };

type MsgSecCheck = (args: { openid: string; scene: number; version: number; content: string }) => Promise<{ result?: { suggest?: string } }>;

async function msgSecCheck(): Promise<MsgSecCheck> {
  // loaded on first use: the API reference generator loads every handler without the SDK
  const { getCloud } = await import('./cloud');
  const openapi = getCloud().openapi as unknown as { security: { msgSecCheck: MsgSecCheck } };
  return (args) => openapi.security.msgSecCheck(args);
}

/** The names of `texts` WeChat calls risky (empty and absent texts are not sent). */
export async function riskyTexts(openid: string, scene: Scene, texts: Record<string, string | undefined>, log: (message: string, err: unknown) => void): Promise<string[]> {
  const entries = Object.entries(texts).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '');
  if (entries.length === 0) return [];
  const check = await msgSecCheck();
  const verdicts = await Promise.all(
    entries.map(async ([name, content]) => {
      try {
        const res = await check({ openid, scene: SCENES[scene], version: 2, content });
        return res.result?.suggest === 'risky' ? name : undefined;
      } catch (err) {
        log('[content] msgSecCheck failed; the text goes through', err);
        return undefined;
      }
    }),
  );
  return verdicts.filter((n): n is string => n !== undefined);
}
