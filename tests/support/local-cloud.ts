/**
 * Starts the built local-cloud as a child process, the way `npm start` runs it, so a test can
 * talk to it over HTTP, kill it with SIGKILL and start it again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'local-cloud', 'main.js');

export interface StartOptions {
  seed?: 'demo' | 'empty';
  /** reuse a data folder (restart after a crash); a fresh temp folder otherwise */
  dataDir?: string;
  /** bundled functions; dist/cloudfunctions by default */
  functionsDir?: string;
  /** fixed port; a free one by default */
  port?: number;
  /**
   * the clock at start (and so the seed's timestamps): a fixed business-hours Tuesday by default,
   * so no test depends on today's date; 'real' keeps the machine's time
   */
  now?: string | 'real';
}

/** Tue 2026-11-24 10:00 in Shanghai: inside demo's business hours. */
export const DEFAULT_TEST_NOW = '2026-11-24T10:00:00+08:00';

export interface LocalCloudProcess {
  url: string;
  port: number;
  dataDir: string;
  /** everything the process wrote to stderr so far (crash stacks, function logs) */
  stderr(): string;
  stop(): Promise<void>;
  kill9(): Promise<void>;
}

export async function startLocalCloudProcess(options: StartOptions = {}): Promise<LocalCloudProcess> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'local-cloud-test-'));
  const args = [MAIN, '--port', String(options.port ?? 0), '--data', dataDir, '--seed', options.seed ?? 'demo', '--quiet', '--no-timers'];
  if (options.functionsDir) args.push('--functions', options.functionsDir);
  const now = options.now ?? DEFAULT_TEST_NOW;
  if (now !== 'real') args.push('--now', now);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const { url, port } = await waitForListening(child, () => stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function end(signal: NodeJS.Signals, removeData: boolean): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    if (removeData && ownsDir) rmSync(dataDir, { recursive: true, force: true });
  }

  return {
    url,
    port,
    dataDir,
    stderr: () => stderr,
    stop: () => end('SIGTERM', true),
    kill9: () => end('SIGKILL', false),
  };
}

function waitForListening(child: ChildProcess, stderr: () => string): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`local-cloud did not start in 20 s\n${stderr()}`)), 20_000);
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { event?: string; url?: string; port?: number };
        if (msg.event === 'listening' && msg.url && msg.port) {
          clearTimeout(timer);
          resolve({ url: msg.url, port: msg.port });
        }
      } catch {
        // not the announcement line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local-cloud exited with ${code}\n${stderr()}`));
    });
  });
}

export type WxServerSdk = typeof import('wx-server-sdk');

/**
 * The real wx-server-sdk, inited in this test process against a local-cloud, as a cloud function
 * would be. Jest gives each test file its own module registry, so each file gets its own SDK.
 */
export function initSdk(url: string): WxServerSdk {
  process.env.TENCENTCLOUD_SECRETID ??= 'local';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local';
  process.env.TENCENTCLOUD_RUNENV ??= 'SCF';
  process.env.SCF_NAMESPACE ??= 'local';
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as WxServerSdk;
  cloud.init({ env: 'local', serviceUrl: `${url}/admin` } as Parameters<WxServerSdk['init']>[0]);
  return cloud;
}

/** POST /functions/<name> as a WeChat user. */
export async function callFunction<T = unknown>(
  url: string,
  name: string,
  openid: string | undefined,
  data: unknown,
): Promise<{ status: number; body: T; dbRequests: number }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (openid) headers['x-wx-openid'] = openid;
  const res = await fetch(`${url}/functions/${name}`, { method: 'POST', headers, body: JSON.stringify(data) });
  return { status: res.status, body: (await res.json()) as T, dbRequests: Number(res.headers.get('x-local-db-requests') ?? 0) };
}

export async function localPost<T = unknown>(url: string, route: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${url}/_local/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

export async function localGet<T = unknown>(url: string, route: string): Promise<T> {
  const res = await fetch(`${url}/_local/${route}`);
  return (await res.json()) as T;
}
