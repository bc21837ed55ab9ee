/**
 * Package sizes (quality.md): the main package ≤ 1.5 MB (WeChat's limit is 2 MB), each subpackage
 * ≤ 2 MB. What is counted:
 * - main: every file under miniprogram/ outside the subpackage roots and miniprogram_npm, less what
 *   project.config.json's packOptions leaves out (tests, .md, .d.ts, tsconfig.json, package.json);
 *   plus the miniprogram_npm files that the main package's pages and components reach through
 *   usingComponents, with everything those pull in (require, wxs, import, @import), transitively;
 * - a subpackage: every file under its root.
 * Sizes are of the sources (TypeScript with its comments, unminified WXML/WXSS): DevTools compiles
 * and minifies them smaller, so these numbers are an upper bound.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT as ROOT, listFiles, readJson, resolveComponent } from '../support/miniprogram-files';

const KB = 1024;
const MAIN_LIMIT = 1.5 * KB * KB;
const SUBPACKAGE_LIMIT = 2 * KB * KB;

interface AppJson {
  pages: string[];
  subpackages?: { root: string; pages: string[] }[];
}

const app = readJson('app.json') as unknown as AppJson;
const subRoots = (app.subpackages ?? []).map((s) => s.root.replace(/\/?$/, '/'));
const files = listFiles();

/** Left out of the upload by packOptions.ignore (project.config.json). */
function ignoredByPackOptions(file: string): boolean {
  return (
    file.startsWith('tests/') ||
    file.endsWith('.md') ||
    file.endsWith('.d.ts') ||
    file === 'tsconfig.json' ||
    file === 'package.json'
  );
}

const bytes = (file: string): number => statSync(path.join(ROOT, file)).size;
const sum = (list: Iterable<string>): number => [...list].reduce((n, f) => n + bytes(f), 0);

function rel(abs: string): string {
  return path.relative(ROOT, abs).split(path.sep).join('/');
}

/** The files a component (path without extension, root-relative) is made of. */
function componentFiles(noExt: string): string[] {
  return ['.json', '.js', '.ts', '.wxml', '.wxss'].map((e) => noExt + e).filter((f) => existsSync(path.join(ROOT, f)));
}

/** A relative module reference from `from`, resolved like the runtime: x.ext, then x/index.ext. */
function resolveModule(from: string, target: string, ext: string): string | undefined {
  const base = target.startsWith('/') ? target.slice(1) : path.posix.join(path.posix.dirname(from), target);
  const normal = path.posix.normalize(base);
  for (const candidate of [normal, `${normal}${ext}`, `${normal}/index${ext}`]) {
    if (candidate.endsWith(ext) && existsSync(path.join(ROOT, candidate)) && statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return undefined;
}

/** What one file pulls in: components, scripts, wxs modules, templates and styles. */
function references(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const out: (string | undefined)[] = [];
  if (file.endsWith('.json')) {
    const using = (JSON.parse(text) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
    for (const value of Object.values(using)) {
      const abs = resolveComponent(file, value);
      if (abs) out.push(...componentFiles(rel(abs)));
    }
  } else if (file.endsWith('.js') || file.endsWith('.wxs')) {
    for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
      if (m[1].startsWith('.') || m[1].startsWith('/')) out.push(resolveModule(file, m[1], file.endsWith('.wxs') ? '.wxs' : '.js'));
    }
  } else if (file.endsWith('.ts')) {
    // value imports only: `import type` vanishes at compile time
    for (const m of text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+["']([^"']+)["']/gm)) {
      if (m[1].startsWith('.')) out.push(resolveModule(file, m[1], '.ts'));
    }
  } else if (file.endsWith('.wxml')) {
    for (const m of text.matchAll(/<(?:wxs|import|include)\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/g)) {
      out.push(resolveModule(file, m[1], path.posix.extname(m[1]) || '.wxml'));
    }
  } else if (file.endsWith('.wxss')) {
    for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) out.push(resolveModule(file, m[1], '.wxss'));
  }
  return out.filter((f): f is string => f !== undefined && !f.startsWith('../'));
}

/** `start` and everything reachable from it. */
function reachable(start: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...references(file));
  }
  return seen;
}

const inSubpackage = (f: string): boolean => subRoots.some((r) => f.startsWith(r));
const isNpm = (f: string): boolean => f.startsWith('miniprogram_npm/');

const ownMain = files.filter((f) => !inSubpackage(f) && !isNpm(f) && !ignoredByPackOptions(f));
const mainEntries = [
  'app.json',
  ...app.pages.flatMap((p) => componentFiles(p)),
  ...ownMain.filter((f) => f.startsWith('components/') && f.endsWith('.json')),
];
const mainNpm = [...reachable(mainEntries)].filter(isNpm);

/** Every vant file any page reaches, the subpackages' too: miniprogram_npm sits in the main package. */
const allPages = [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, '')}/${p}`))];
const allNpm = [...reachable(allPages.flatMap((p) => componentFiles(p)))].filter(isNpm);

const kb = (n: number): string => `${(n / KB).toFixed(1)} KB`;

describe('package sizes', () => {
  it('finds the pieces it measures', () => {
    // a resolver that finds nothing would pass every limit: check it found vant and its shared code
    expect(mainNpm).toContain('miniprogram_npm/@vant/weapp/button/index.js');
    expect(mainNpm).toContain('miniprogram_npm/@vant/weapp/common/component.js');
    expect(mainNpm).toContain('miniprogram_npm/@vant/weapp/wxs/utils.wxs');
    expect(mainNpm).toContain('miniprogram_npm/@vant/weapp/common/index.wxss');
    // used only by subpackage pages
    expect(mainNpm).not.toContain('miniprogram_npm/@vant/weapp/steps/index.js');
    expect(allNpm).toContain('miniprogram_npm/@vant/weapp/steps/index.js');
    expect(ownMain).toContain('app.ts');
    expect(ownMain).toContain('services/api.ts');
    expect(ownMain.some(inSubpackage)).toBe(false);
  });

  it(`keeps the main package within ${kb(MAIN_LIMIT)}`, () => {
    const size = sum(ownMain) + sum(mainNpm);
    // printed so a growing package is seen before it hits the limit
    console.log(`main package: ${kb(size)} (own ${kb(sum(ownMain))}, vant ${kb(sum(mainNpm))}; with every vant file any page uses ${kb(sum(ownMain) + sum(allNpm))})`);
    expect(size).toBeLessThanOrEqual(MAIN_LIMIT);
    // even counting the vant components only subpackages use (they sit in the main package's
    // miniprogram_npm) it stays within the same budget
    expect(sum(ownMain) + sum(allNpm)).toBeLessThanOrEqual(MAIN_LIMIT);
  });

  describe.each(subRoots)('subpackage %s', (root) => {
    it(`is within ${kb(SUBPACKAGE_LIMIT)}`, () => {
      const own = files.filter((f) => f.startsWith(root) && !ignoredByPackOptions(f));
      expect(own.length).toBeGreaterThan(0);
      expect(sum(own)).toBeLessThanOrEqual(SUBPACKAGE_LIMIT);
    });
  });
});
