/**
 * npm run deploy: `--dry-run` lists, offline, everything a deploy would put into CloudBase — each
 * function with its timer and openapi permissions, every collection and index of database.json, the
 * security rules — and a deploy without an environment and credentials refuses to start.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
// never the caller's credentials: this test must not reach a real environment
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
const deploy = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'scripts/deploy.mjs'), ...args], { cwd: root, env, encoding: 'utf8' });

interface DatabaseJson {
  collections: Record<string, { indexes: { name: string }[] }>;
}

describe('npm run deploy', () => {
  it('--dry-run lists every function, collection, index and rule, and deploys nothing', () => {
    const run = deploy('--dry-run');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^ {2}api .*openapi: subscribeMessage\.send, cloudbase\.sendSms/m);
    expect(out).toMatch(/^ {2}scheduler .*timer everyMinute "0 \* \* \* \* \* \*"/m);
    expect(out).toMatch(/^ {2}payNotify /m);
    const database = JSON.parse(readFileSync(path.join(root, 'cloudfunctions/database.json'), 'utf8')) as DatabaseJson;
    for (const [name, c] of Object.entries(database.collections)) {
      const line = out.split('\n').find((l) => l.startsWith(`  ${name}`) && (l.length === name.length + 2 || l[name.length + 2] === ':'));
      expect({ name, line: line !== undefined }).toEqual({ name, line: true });
      for (const i of c.indexes) expect(line).toContain(`${i.name}(`);
    }
    expect(out).toContain('database: every collection ADMINONLY');
    expect(out).toContain('write "resource.openid == auth.openid"');
    expect(out).toContain('--dry-run: nothing deployed.');
  });

  it('without TCB_ENV_ID and a Tencent Cloud API key it says what to set and deploys nothing', () => {
    const run = deploy();
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Set TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
  });
});
