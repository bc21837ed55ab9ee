/**
 * Finds the mini-program's source files and resolves what they reference, the way the WeChat
 * runtime does: used by the compile checks (and handy for any test that walks the app).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..', '..', 'miniprogram');

/** Every file under the mini-program root, as posix paths relative to it (node_modules skipped). */
export function listFiles(root: string = MINIPROGRAM_ROOT): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .filter((f) => !f.split('/').includes('node_modules'))
    .sort();
}

export function readJson(file: string, root: string = MINIPROGRAM_ROOT): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
}

/** A component (or page) exists when its .json, .wxml and .js/.ts are all there. */
export function componentExists(absNoExt: string): boolean {
  return (
    existsSync(`${absNoExt}.json`) &&
    existsSync(`${absNoExt}.wxml`) &&
    (existsSync(`${absNoExt}.ts`) || existsSync(`${absNoExt}.js`))
  );
}

/**
 * Where a `usingComponents` value points, or undefined if nowhere: '/x' from the root, './x' and
 * '../x' from the json's folder, and a bare 'pkg/x' first relative, then in a miniprogram_npm
 * folder of the json's folder or any folder above it up to the root (WeChat's npm lookup).
 */
export function resolveComponent(fromJson: string, value: string, root: string = MINIPROGRAM_ROOT): string | undefined {
  const fromDir = path.dirname(path.join(root, fromJson));
  if (value.startsWith('/')) return found(path.join(root, value));
  if (value.startsWith('./') || value.startsWith('../')) return found(path.join(fromDir, value));
  const relative = found(path.join(fromDir, value));
  if (relative) return relative;
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const hit = found(path.join(dir, 'miniprogram_npm', value));
    if (hit) return hit;
    if (path.relative(root, dir) === '' || !dir.startsWith(root)) return undefined;
  }
}

function found(absNoExt: string): string | undefined {
  return componentExists(absNoExt) ? absNoExt : undefined;
}

/**
 * `file` and every file it pulls in (WXSS @import, WXML import/include), transitively, as root-
 * relative paths: wcc and wcsc need the whole set, and a missing one is reported as an error.
 */
export function withDependencies(file: string, root: string = MINIPROGRAM_ROOT): string[] {
  const pattern = file.endsWith('.wxss')
    ? /@import\s+["']([^"']+)["']/g
    : /<(?:import|include)\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/g;
  const seen = new Set<string>();
  const queue = [file];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    const abs = path.join(root, current);
    if (!existsSync(abs)) continue; // the compiler names the missing file itself
    for (const m of readFileSync(abs, 'utf8').matchAll(pattern)) {
      const target = m[1].startsWith('/') ? m[1].slice(1) : path.posix.join(path.posix.dirname(current), m[1]);
      queue.push(path.posix.normalize(target));
    }
  }
  return [...seen];
}
