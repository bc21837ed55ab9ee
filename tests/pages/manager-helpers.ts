/**
 * The states every manager 设置 page shares, as tests: 无权查看 for people who are not managers
 * (nothing read for them), an error with 重试 that recovers, and a first view within 32 KB.
 */
import { largestSetData, loaded, openPage, openPageMeasured, SETDATA_LIMIT_BYTES, tap, textOf, waitForText, type Bridge } from '../support/simulate';

export interface ManagerPageUnderTest {
  pageId: () => string;
  bridge: () => Bridge;
  url: () => string;
  /** text the page shows once loaded */
  readyText: string;
  /** what it reads once it knows the caller (never asked for someone who may not see it) */
  reads: string;
}

export function itShowsManagerPageStates(p: ManagerPageUnderTest): void {
  it.each(['demo-resident', 'demo-tech-2', 'demo-dispatcher'])('shows %s a clear 无权查看 and reads nothing for them', async (openid) => {
    p.bridge().openid = openid;
    const page = openPage(p.pageId());
    await loaded(page);
    expect(page.data.status).toBe('forbidden');
    expect(textOf(page)).toContain('无权查看');
    expect(p.bridge().calls.map((c) => c.body.action)).not.toContain(p.reads);
  });

  it('shows an error with 重试 when the network fails, and recovers', async () => {
    p.bridge().url = 'http://127.0.0.1:9';
    const page = openPage(p.pageId());
    await waitForText(page, '重试', 15000);
    p.bridge().url = p.url();
    tap(page, '#retry >>> .van-button');
    await waitForText(page, p.readyText);
  });

  it('sends its view at most 32 KB at a time', async () => {
    const { page, sizes } = openPageMeasured(p.pageId());
    await loaded(page);
    expect(page.data.status).toBe('ready');
    expect(largestSetData(sizes)).toBeLessThanOrEqual(SETDATA_LIMIT_BYTES);
  });
}
