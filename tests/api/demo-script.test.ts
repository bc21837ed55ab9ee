import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/local-cloud';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('plays a whole order life, a reject → re-dispatch branch and a paid repair, step by step', async () => {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs'), '--now', '2026-12-07T10:00:00+08:00'], { cwd: ROOT, timeout: 60_000 });
    const steps = stdout.split('\n').filter((l) => l.trim().startsWith('✓'));
    expect(steps.map((l) => /\((\w+)\)/.exec(l)?.[1])).toEqual([
      'pending', 'assigned', 'accepted', 'in_progress', 'in_progress', 'completed', 'closed',
      'pending', 'assigned', 'pending', 'assigned', 'accepted',
      'pending', 'assigned', 'accepted', 'in_progress', 'completed', 'completed',
    ]);
    // the paid repair: quote, completion, WeChat Pay, its callback, paid
    expect(stdout).toContain('住户应付 120.00 元');
    expect(stdout).toContain('wx.requestPayment');
    expect(stdout).toContain('payNotify → {"errcode":0,"errmsg":"OK"}');
    expect(stdout).toContain('已支付 120.00 元（fee.paid: true）');
    expect(stdout).toContain('create → assign → accept → checkIn → progress → complete → rate');
    expect(stdout).toContain('拒单');
    expect(stdout).toContain('2026-12-07 10:00');
  });
});
