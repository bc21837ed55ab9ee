/**
 * docs/api.md is generated from the registry (npm run docs). These tests fail when someone
 * changes an action without regenerating it, or registers an action the reference cannot describe.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTIONS } from '../../cloudfunctions/api/registry';
import { ERROR_CODES } from '../../typings/api';
import { ROOT } from '../support/local-cloud';

const docs = (): string => readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');

describe('docs/api.md', () => {
  it('is exactly what npm run docs generates from the registry (otherwise: run npm run docs)', () => {
    const run = spawnSync(process.execPath, ['scripts/gen-api-docs.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`docs/api.md is stale or cannot be generated — run npm run docs\n${run.stderr}${run.stdout}`);
    expect(run.stdout).toContain('up to date');
  });

  it.each(ACTIONS.map((a) => [a.name, a] as const))('describes %s: heading, who, returns, errors and a curl example', (name, action) => {
    const text = docs();
    const start = text.indexOf(`## \`${name}\``);
    expect(start).toBeGreaterThan(-1);
    const section = text.slice(start, text.indexOf('\n## ', start + 1) === -1 ? undefined : text.indexOf('\n## ', start + 1));
    expect(section).toContain(`**Who:** ${action.who}`);
    expect(section).toContain(`**Returns:** \`${action.returns}\``);
    expect(section).toContain(`curl -s -X POST 127.0.0.1:9000/functions/api -H 'x-wx-openid: ${action.example?.openid}'`);
    for (const code of action.errors ?? []) expect(section).toContain(`\`${code}\``);
  });

  it.each(ACTIONS.map((a) => [a.name, a] as const))('%s declares its result type, contract error codes and an example the schema accepts', (_name, action) => {
    expect(action.returns).toEqual(expect.any(String));
    expect(action.errors?.length).toBeGreaterThan(0);
    for (const code of action.errors ?? []) expect(ERROR_CODES).toContain(code);
    const parsed = action.schema.safeParse(action.example?.payload);
    expect(parsed.error?.issues).toBeUndefined();
  });
});
