import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/local-cloud';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('plays a whole order life and a reject → re-dispatch branch, step by step', async () => {
    const { stdout } = await run(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs'), '--now', '2026-12-07T10:00:00+08:00'], { cwd: ROOT, timeout: 60_000 });
    const steps = stdout.split('\n').filter((l) => l.trim().startsWith('✓'));
    expect(steps.map((l) => /\((\w+)\)/.exec(l)?.[1])).toEqual([
      'pending', 'assigned', 'accepted', 'in_progress', 'in_progress', 'completed', 'closed',
      'pending', 'assigned', 'pending', 'assigned', 'accepted',
    ]);
    expect(stdout).toContain('create → assign → accept → checkIn → progress → complete → rate');
    expect(stdout).toContain('拒单');
    expect(stdout).toContain('2026-12-07 10:00');
  });
});
