#!/usr/bin/env node
/**
 * Lays out the mini-program's npm packages (vant-weapp) in miniprogram/miniprogram_npm,
 * the way WeChat DevTools' "构建 npm" would, but without DevTools.
 *
 * Why a temp dir: miniprogram-ci's packNpmManually only looks in a node_modules folder right
 * next to the given package.json and does not follow symlinks. The project installs everything
 * once at the root, so we stage a copy of miniprogram/package.json plus the packages it names
 * (copied from the root node_modules) in a temp dir and pack from there.
 *
 * Runs from `npm install` (postinstall) and `npm test`. Exits non-zero if nothing was packed.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const miniprogramDir = join(root, 'miniprogram');
const pkgPath = join(miniprogramDir, 'package.json');
const require = createRequire(import.meta.url);

function fail(message) {
  console.error(`pack-miniprogram-npm: ${message}`);
  process.exit(1);
}

async function main() {
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const deps = Object.keys(pkg.dependencies ?? {});
  if (deps.length === 0) fail(`${pkgPath} lists no dependencies`);

  const tmp = mkdtempSync(join(tmpdir(), 'mp-npm-'));
  try {
    cpSync(pkgPath, join(tmp, 'package.json'));
    for (const name of deps) {
      const src = join(root, 'node_modules', name);
      if (!existsSync(join(src, 'package.json'))) fail(`${name} is not installed in ${join(root, 'node_modules')}; run npm install`);
      // dereference: the root install may itself be a symlink (workspaces, pnpm-style layouts)
      cpSync(src, join(tmp, 'node_modules', name), { recursive: true, dereference: true });
    }

    const ci = require('miniprogram-ci');
    // packNpmManually replaces only the packages it writes, so clear stale output first
    rmSync(join(miniprogramDir, 'miniprogram_npm'), { recursive: true, force: true });
    const result = await ci.packNpmManually({
      packageJsonPath: join(tmp, 'package.json'),
      miniprogramNpmDistDir: miniprogramDir,
    });
    const packed = (result?.miniProgramPackNum ?? 0) + (result?.otherNpmPackNum ?? 0);
    if (packed <= 0) fail(`nothing was packed (${JSON.stringify(result?.warnList ?? [])})`);
    for (const name of deps) {
      if (!existsSync(join(miniprogramDir, 'miniprogram_npm', name))) fail(`${name} missing from miniprogram_npm after packing`);
    }
    console.log(`pack-miniprogram-npm: ${packed} package(s) → miniprogram/miniprogram_npm (${deps.join(', ')})`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => fail(err?.stack ?? String(err)));
