#!/usr/bin/env node
/**
 * npm run bench [-- --large 100000 --small 1000]: builds the functions and local-cloud, bundles
 * bench/run.ts (it reuses the tests' local-cloud helpers) with esbuild, and runs it. Not part of
 * `npm test`: figures, not pass/fail; they go to bench/results.json.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const outfile = path.join(root, 'dist', 'bench', 'run.js');
await build({ entryPoints: [path.join(root, 'bench', 'run.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['wx-server-sdk'], logLevel: 'warning' });
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
