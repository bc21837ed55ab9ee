/**
 * Compile checks with WeChat's own compilers (wcc for WXML, wcsc for WXSS, shipped in
 * miniprogram-compiler), one test per file so a failure names the file and the line; plus the
 * links the compilers don't check: every page in app.json and every usingComponents entry.
 */
import path from 'node:path';
import {
  MINIPROGRAM_ROOT as ROOT,
  componentExists,
  listFiles,
  readJson,
  resolveComponent,
  withDependencies,
} from '../support/miniprogram-files';

interface CompilerOptions {
  wxmlList: string[];
  wxsList: string[];
}
// miniprogram-compiler ships no types
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wxmlToJs } = require('miniprogram-compiler') as { wxmlToJs(root: string, options: CompilerOptions): string };
// wxssToJs swallows wcsc's errors (toolchain.md): call wcsc itself, which returns an Error
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wcsc = require('miniprogram-compiler/src/wcsc') as (root: string, files: string[]) => Record<string, string> | Error;

const files = listFiles();
const wxml = files.filter((f) => f.endsWith('.wxml'));
const wxss = files.filter((f) => f.endsWith('.wxss'));
const wxs = files.filter((f) => f.endsWith('.wxs'));
const jsonWithComponents = files.filter((f) => f.endsWith('.json') && isObject(readJson(f).usingComponents));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

test('the mini-program and its vant-weapp build are there to check', () => {
  expect(files).toContain('app.json');
  // miniprogram_npm comes from scripts/pack-miniprogram-npm.mjs (npm install / npm run build)
  expect(wxml.some((f) => f.startsWith('miniprogram_npm/@vant/weapp/'))).toBe(true);
  expect(wxml.some((f) => f.startsWith('pages/'))).toBe(true);
});

describe('WXML compiles with wcc', () => {
  test.each(wxml)('%s', (file) => {
    // wcc compiles what it is given plus the custom components in its json; imports/includes and
    // every .wxs must be on the list or it reports them missing
    expect(() => wxmlToJs(ROOT, { wxmlList: withDependencies(file), wxsList: wxs })).not.toThrow();
  });
});

describe('WXSS compiles with wcsc', () => {
  test.each(wxss)('%s', (file) => {
    const result = wcsc(ROOT, withDependencies(file).map((f) => f.replace(/\.wxss$/, '')));
    if (result instanceof Error) throw new Error(result.message.split('\n').filter(Boolean)[0]);
    // component styles come back under their own key, shared ones (no .json) inside `comm`
    expect(typeof result.comm).toBe('string');
  });
});

describe('app.json pages exist', () => {
  const app = readJson('app.json');
  const subpackages = [app.subpackages, app.subPackages].flatMap((s) => (Array.isArray(s) ? s : [])) as {
    root: string;
    pages: string[];
  }[];
  const pages = [
    ...(app.pages as string[]),
    ...subpackages.flatMap((p) => p.pages.map((page) => path.posix.join(p.root, page))),
  ];

  test('the home page comes first', () => {
    expect(pages[0]).toBe('pages/common/home/index');
  });

  test.each(pages)('%s', (page) => {
    expect(componentExists(path.join(ROOT, page))).toBe(true);
  });
});

describe('usingComponents resolve to components', () => {
  test.each(jsonWithComponents)('%s', (file) => {
    const using = readJson(file).usingComponents as Record<string, string>;
    const problems: string[] = [];
    for (const [tag, value] of Object.entries(using)) {
      if (value.startsWith('plugin://')) continue;
      const target = resolveComponent(file, value);
      if (!target) problems.push(`<${tag}> → ${value}: not found`);
      else if (readJson(`${path.relative(ROOT, target)}.json`).component !== true) {
        problems.push(`<${tag}> → ${value}: its json lacks "component": true`);
      }
    }
    expect(problems).toEqual([]);
  });
});
