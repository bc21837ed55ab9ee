#!/usr/bin/env node
/**
 * npm run screenshots: pictures of the mini-program's pages at 375×667 @2x in docs/screenshots/.
 *
 * Builds dist/ (local-cloud and the functions), then runs scripts/screenshots.render.ts under jest,
 * which is where TypeScript pages already load (ts-jest) into miniprogram-simulate (jsdom): it
 * starts local-cloud with the demo seed on a fixed clock, drives real orders through the API,
 * renders each page state, and has Debian's Chromium photograph the serialized DOM.
 *
 * Needs `chromium` and `fonts-noto-cjk` (apt-get install -y chromium fonts-noto-cjk); not part of
 * npm test, as CI has no Chromium. CHROMIUM=/path/to/chrome overrides the binary.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const chromium = process.env.CHROMIUM ?? 'chromium';
try {
  execFileSync(chromium, ['--version'], { stdio: 'ignore' });
} catch {
  console.error(`${chromium} not found: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM=/path/to/chrome)`);
  process.exit(1);
}

execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(root, 'scripts', 'pack-miniprogram-npm.mjs')], { cwd: root, stdio: 'inherit' });

// one jest run per page: simulate renders vant reliably only for the first page a jsdom loads
const jest = require.resolve('jest/bin/jest');
const pages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['home', 'register', 'join', 'report', 'orders', 'order', 'tasks', 'pool', 'work', 'complete', 'inbox', 'dashboard', 'desk-orders', 'desk-assign', 'desk-order', 'desk-revisits', 'desk-unfinished', 'manager-settings', 'manager-settings-property', 'manager-settings-service-items', 'manager-settings-materials', 'manager-settings-teams'];
for (const page of pages) {
  const run = spawnSync(process.execPath, [jest, '--config', path.join(root, 'scripts', 'screenshots.jest.config.js'), '--runInBand', '--silent=false'], {
    cwd: root,
    stdio: 'inherit',
    // China time: vant's date pickers read the device's zone, as a phone in China does
    env: { ...process.env, CHROMIUM: chromium, SHOT_PAGE: page, TZ: 'Asia/Shanghai' },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
