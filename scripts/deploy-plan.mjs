/**
 * What `npm run deploy` puts into a CloudBase environment, read from the repository: the built
 * functions (dist/cloudfunctions/<name>: code, timeout, timer triggers, openapi permissions), the
 * collections and indexes of cloudfunctions/database.json, and the security rules of
 * cloudfunctions/security/rules.json. Reading only: `--dry-run` prints it, the deploy applies it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** CloudBase's Node runtime closest to the one the functions are built for. */
export const RUNTIME = 'Nodejs18.15';

const json = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function deployPlan(root) {
  const dist = path.join(root, 'dist', 'cloudfunctions');
  if (!existsSync(dist)) throw new Error('dist/cloudfunctions is missing: run `npm run build` first');
  const functions = readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dist, d.name, 'config.json')))
    .map((d) => {
      const dir = path.join(dist, d.name);
      const config = json(path.join(dir, 'config.json'));
      return {
        name: d.name,
        dir,
        bytes: statSync(path.join(dir, 'index.js')).size,
        timeout: config.timeout ?? 3,
        triggers: config.triggers ?? [],
        openapi: config.permissions?.openapi ?? [],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const database = json(path.join(root, 'cloudfunctions', 'database.json'));
  const collections = Object.entries(database.collections).map(([name, c]) => ({
    name,
    indexes: (c.indexes ?? []).map((i) => ({ name: i.name, keys: i.keys, unique: i.unique === true })),
  }));
  const rules = json(path.join(root, 'cloudfunctions', 'security', 'rules.json'));
  return { runtime: RUNTIME, functions, collections, rules: { database: rules.database, storage: rules.storage } };
}

/** The plan as lines a person reads before deploying. */
export function describePlan(plan, envId) {
  const lines = [`CloudBase environment: ${envId ?? '(TCB_ENV_ID not set)'}`, '', `Cloud functions (${plan.runtime}, dependencies installed in the cloud):`];
  for (const f of plan.functions) {
    const triggers = f.triggers.map((t) => `${t.type} ${t.name} "${t.config}"`).join(', ') || 'no triggers';
    lines.push(`  ${f.name}  ${(f.bytes / 1024).toFixed(0)} KB  timeout ${f.timeout}s  ${triggers}  openapi: ${f.openapi.join(', ') || '-'}`);
  }
  lines.push('', `Collections (${plan.collections.length}) and indexes:`);
  for (const c of plan.collections) {
    const indexes = c.indexes.map((i) => `${i.name}(${i.keys.map(([k, d]) => `${k} ${d}`).join(', ')}${i.unique ? ', unique' : ''})`);
    lines.push(`  ${c.name}${indexes.length ? `: ${indexes.join('; ')}` : ''}`);
  }
  const s = plan.rules.storage;
  lines.push(
    '',
    'Security rules:',
    `  database: every collection ${plan.rules.database.permission}`,
    `  storage: ${s.acl}${s.rule ? ` read "${s.rule.read}", write "${s.rule.write}"` : ''}`,
  );
  return lines;
}
