#!/usr/bin/env node
/**
 * npm run deploy [-- --dry-run]
 *
 * Builds, then deploys to the CloudBase environment named by TCB_ENV_ID, with the credentials of a
 * Tencent Cloud API key (TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, and TENCENTCLOUD_SESSIONTOKEN
 * for temporary ones): every function (created, or its code and configuration updated, with its
 * timer triggers), every collection and missing index, and the security rules. `--dry-run` prints
 * what it would deploy and touches nothing (no credentials, no network).
 *
 * @cloudbase/manager-node is Tencent's own management SDK (what the tcb CLI is built on).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployPlan, describePlan } from './deploy-plan.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dryRun = process.argv.includes('--dry-run');
const envId = process.env.TCB_ENV_ID;

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const plan = deployPlan(root);
console.log(describePlan(plan, envId).join('\n'));
if (dryRun) {
  console.log('\n--dry-run: nothing deployed.');
  process.exit(0);
}

const secretId = process.env.TENCENTCLOUD_SECRETID;
const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
if (!envId || !secretId || !secretKey) {
  console.error('\nSet TCB_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to deploy (or pass --dry-run).');
  process.exit(2);
}

const { default: CloudBase } = await import('@cloudbase/manager-node');
const app = CloudBase.init({ envId, secretId, secretKey, ...(process.env.TENCENTCLOUD_SESSIONTOKEN ? { token: process.env.TENCENTCLOUD_SESSIONTOKEN } : {}) });

for (const f of plan.functions) {
  const func = { name: f.name, timeout: f.timeout, runtime: plan.runtime, installDependency: true, triggers: f.triggers };
  const functionRootPath = path.dirname(f.dir);
  const exists = await app.functions.getFunctionDetail(f.name).then(() => true, () => false);
  if (exists) {
    await app.functions.updateFunctionCode({ func, functionRootPath });
    await app.functions.updateFunctionConfig({ name: f.name, timeout: f.timeout, runtime: plan.runtime });
    if (f.triggers.length) await app.functions.createFunctionTriggers(f.name, f.triggers);
  } else {
    await app.functions.createFunction({ func, functionRootPath, force: true });
  }
  console.log(`function ${f.name}: ${exists ? 'updated' : 'created'}`);
}

for (const c of plan.collections) {
  await app.database.createCollectionIfNotExists(c.name);
  const missing = [];
  for (const i of c.indexes) if (!(await app.database.checkIndexExists(c.name, i.name)).Exists) missing.push(i);
  if (missing.length) {
    await app.database.updateCollection(c.name, {
      CreateIndexes: missing.map((i) => ({
        IndexName: i.name,
        MgoKeySchema: { MgoIsUnique: i.unique, MgoIndexKeys: i.keys.map(([name, direction]) => ({ Name: name, Direction: String(direction) })) },
      })),
    });
  }
  await app.permission.modifyResourcePermission({ resourceType: 'collection', resource: c.name, permission: plan.rules.database.permission });
  console.log(`collection ${c.name}: ${missing.length} index(es) added`);
}

await app.storage.setStorageAcl(plan.rules.storage.acl, plan.rules.storage.rule);
console.log('storage rules set; deployed.');
