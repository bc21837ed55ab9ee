#!/usr/bin/env node
/**
 * Builds what runs outside the mini-program:
 * - each cloud function in cloudfunctions/<name>/index.ts → dist/cloudfunctions/<name>/index.js,
 *   one CommonJS file that needs only wx-server-sdk (plus its config.json and package.json),
 *   the folder WeChat DevTools (cloudfunctionRoot) and `npm run deploy` upload;
 * - local-cloud → dist/local-cloud/{main,worker}.js.
 * esbuild: a bundle in ~100 ms, so tests build fresh each run.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const sdkVersion = rootPkg.dependencies['wx-server-sdk'];

/** Folders of cloudfunctions/ that are functions (have config.json); core/ and runtime/ are libraries. */
export function functionNames() {
  const dir = path.join(root, 'cloudfunctions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'config.json')))
    .map((d) => d.name);
}

// Everything is built into a staging folder and then moved into dist/ file by file (a rename is
// atomic), so a running local-cloud or a parallel test run never sees a half-written bundle.
const staging = path.join(dist, `.staging-${process.pid}`);

async function buildFunctions() {
  const names = functionNames();
  for (const name of names) {
    const src = path.join(root, 'cloudfunctions', name);
    const out = path.join(staging, 'cloudfunctions', name);
    mkdirSync(out, { recursive: true });
    await build({
      entryPoints: [path.join(src, 'index.ts')],
      outfile: path.join(out, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      // beside the bundle, not in it: an inline map tripled what a cold start parses (bench: 4.3 MB)
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    copyFileSync(path.join(src, 'config.json'), path.join(out, 'config.json'));
    writeFileSync(
      path.join(out, 'package.json'),
      JSON.stringify({ name, version: rootPkg.version, main: 'index.js', private: true, dependencies: { 'wx-server-sdk': sdkVersion } }, null, 2),
    );
  }
  return names;
}

async function buildLocalCloud() {
  await build({
    entryPoints: {
      main: path.join(root, 'local-cloud', 'src', 'main.ts'),
      worker: path.join(root, 'local-cloud', 'src', 'functions', 'worker.ts'),
    },
    outdir: path.join(staging, 'local-cloud'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // node_modules stay where they are (better-sqlite3 is native; wx-server-sdk must be the real one)
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** Moves every staged file into place and drops functions that no longer exist. */
function publish(names) {
  for (const entry of readdirSync(staging, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(dist, path.relative(staging, from));
    mkdirSync(path.dirname(to), { recursive: true });
    renameSync(from, to);
  }
  rmSync(staging, { recursive: true, force: true });
  const fnDir = path.join(dist, 'cloudfunctions');
  for (const d of readdirSync(fnDir, { withFileTypes: true })) {
    if (d.isDirectory() && !names.includes(d.name)) rmSync(path.join(fnDir, d.name), { recursive: true, force: true });
  }
}

const started = Date.now();
let names;
try {
  names = await buildFunctions();
  await buildLocalCloud();
  publish(names);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
if (!process.argv.includes('--quiet')) {
  console.log(`built ${names.length} cloud function(s) [${names.join(', ')}] and local-cloud in ${Date.now() - started} ms → dist/`);
}
