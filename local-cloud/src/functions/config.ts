/** A bundled function's folder: <functionsDir>/<name>/index.js + config.json. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7 fields, Beijing time: sec min hour day month week year */
  config: string;
}

export interface FunctionConfig {
  /** seconds */
  timeout: number;
  timers: TimerTrigger[];
}

export const DEFAULT_TIMEOUT_SECONDS = 3;

export function functionFile(functionsDir: string, name: string): string {
  return path.join(functionsDir, name, 'index.js');
}

export function functionExists(functionsDir: string, name: string): boolean {
  return /^[\w-]+$/.test(name) && existsSync(functionFile(functionsDir, name));
}

export function listFunctions(functionsDir: string): string[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(functionFile(functionsDir, d.name)))
    .map((d) => d.name)
    .sort();
}

/** Reads config.json; a missing or partial file gets CloudBase's defaults. */
export function loadFunctionConfig(functionsDir: string, name: string): FunctionConfig {
  const file = path.join(functionsDir, name, 'config.json');
  let raw: { timeout?: unknown; triggers?: unknown } = {};
  if (existsSync(file)) raw = JSON.parse(readFileSync(file, 'utf8')) as typeof raw;
  const timeout = typeof raw.timeout === 'number' && raw.timeout > 0 ? raw.timeout : DEFAULT_TIMEOUT_SECONDS;
  const timers: TimerTrigger[] = [];
  if (Array.isArray(raw.triggers)) {
    for (const t of raw.triggers as unknown[]) {
      const trig = t as { name?: unknown; type?: unknown; config?: unknown };
      if (trig && trig.type === 'timer' && typeof trig.name === 'string' && typeof trig.config === 'string') {
        timers.push({ name: trig.name, type: 'timer', config: trig.config });
      }
    }
  }
  return { timeout, timers };
}
