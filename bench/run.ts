/**
 * npm run bench [-- --large 100000] [--small 1000]: the performance figures of quality.md, each
 * measured through local-cloud with the real functions, printed as a table and written to
 * bench/results.json with the environment they were taken on.
 *
 * 1. Database requests per action on the success path (what each costs in round trips in CloudBase).
 * 2. Dashboard time for a past month at `large` orders ÷ at `small` orders: the month's days are kept
 *    by the scheduler, so reading them must not grow with the orders. (Days still live — today and
 *    yesterday — read the orders changed since; CloudBase serves that from an index, local-cloud
 *    scans, so they are not what this figure is about.)
 * 3. API latency p50/p95 for create, accept, list and dashboard under 20 concurrent callers.
 * 4. Cloud function bundle sizes and cold start (require of the bundle, median of 5 fresh processes).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OrderWithTimeline } from '../typings/domain';
import { callFunction, initSdk, startLocalCloudProcess, type LocalCloudProcess } from '../tests/support/local-cloud';
import { ASSIGNEE, DISPATCHER, MANAGER, REPORTER, call, driveTo, ok, resetDemo, setTime } from '../tests/support/orders';

const ROOT = path.resolve(__dirname, '..', '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SMALL = arg('small', 1000);
const LARGE = arg('large', 100_000);
const CONCURRENCY = 20;

// a month in the past of the clock the dashboards are read at
const MONTH_START = '2026-10-01T00:00:00+08:00';
const DAY_MS = 24 * 3_600_000;

type Row = Record<string, string | number>;
const results: Record<string, Row[]> = {};

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

// ---------------------------------------------------------------- 1. requests per action

async function requestsPerAction(url: string): Promise<Row[]> {
  await resetDemo(url);
  const count = async (openid: string, action: string, payload: unknown): Promise<{ n: number; data: OrderWithTimeline }> => {
    const res = await callFunction<{ ok: boolean; data: OrderWithTimeline; error?: unknown }>(url, 'api', openid, { action, payload });
    if (!res.body.ok) throw new Error(`${action}: ${JSON.stringify(res.body.error)}`);
    return { n: res.dbRequests, data: res.body.data };
  };
  const rows: Row[] = [];
  const created = await count(REPORTER, 'order.create', { propertyId: 'demo', categoryId: 'demo-water-leak', description: '厨房水管漏水', location: { kind: 'unit', text: '厨房' } });
  const orderId = created.data.id;
  rows.push({ action: 'order.create', requests: created.n, budget: 6 });
  const steps: [string, string, Record<string, unknown>, number][] = [
    ['order.assign', DISPATCHER, { technicianId: ASSIGNEE }, 4],
    ['order.accept', ASSIGNEE, {}, 4],
    ['order.checkIn', ASSIGNEE, {}, 4],
    ['order.progress', ASSIGNEE, { note: '已关闭总阀' }, 4],
    ['order.complete', ASSIGNEE, { summary: '更换接头', workMinutes: 40, materials: [{ materialId: 'demo-mat-tape', qty: 1 }, { materialId: 'demo-mat-pipe', qty: 2 }] }, 6 + 2],
    ['order.rate', REPORTER, { score: 5 }, 4],
  ];
  for (const [action, openid, payload, budget] of steps) rows.push({ action, requests: (await count(openid, action, { orderId, ...payload })).n, budget });
  rows.push({ action: 'order.list (a page)', requests: (await count(REPORTER, 'order.list', { scope: 'mine' })).n, budget: 2 });
  rows.push({ action: 'dashboard.summary', requests: (await count(MANAGER, 'dashboard.summary', { propertyId: 'demo', from: '2026-11-01', to: '2026-11-24' })).n, budget: 3 });
  return rows;
}

// ---------------------------------------------------------------- 2. dashboard at scale

/** A day's worth of realistic orders, driven through the API once, as templates to copy. */
async function templates(url: string): Promise<Record<string, unknown>[]> {
  await resetDemo(url, MONTH_START.replace('00:00:00', '10:00:00'));
  const made: OrderWithTimeline[] = [];
  for (const status of ['closed', 'closed', 'completed', 'in_progress', 'pending', 'cancelled'] as const) made.push(await driveTo(url, status));
  made.push(await driveTo(url, 'closed', { categoryId: 'demo-appliance-ac', description: '空调不制冷' }));
  const db = initSdk(url).database();
  const ids = made.map((o) => o.id);
  const { data } = (await db.collection('orders').where({ _id: db.command.in(ids) }).limit(100).get()) as unknown as { data: Record<string, unknown>[] };
  return data;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The template moved `shiftMs` later, every time in it with it, under a new id and number. */
function copyOf(value: unknown, shiftMs: number): unknown {
  if (typeof value === 'string') return ISO.test(value) ? new Date(Date.parse(value) + shiftMs).toISOString() : value;
  if (Array.isArray(value)) return value.map((v) => copyOf(v, shiftMs));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v, shiftMs)]));
  return value;
}

async function seedMonth(url: string, total: number, samples: Record<string, unknown>[]): Promise<void> {
  const db = initSdk(url).database();
  // the other run's orders and kept days go: each size is read from its own
  await db.collection('orders').where({ propertyId: 'demo' }).remove();
  await db.collection('stats_daily').where({ propertyId: 'demo' }).remove();
  const BATCH = 500;
  for (let start = 0; start < total; start += BATCH) {
    const docs = [];
    for (let i = start; i < Math.min(total, start + BATCH); i++) {
      const t = samples[i % samples.length];
      // spread over the 30 days and over the day's hours, all within the month
      const shift = (i % 30) * DAY_MS + ((i * 7) % 600) * 60_000;
      const id = `bench-${i}`;
      docs.push({ ...(copyOf(t, shift) as Record<string, unknown>), _id: id, id, orderNo: `B${String(i).padStart(8, '0')}`, outbox: [] });
    }
    await db.collection('orders').add({ data: docs as unknown as Record<string, unknown> });
  }
}

/** The scheduler keeps each day as it ends (it looks at the top of each hour). */
async function keepDays(url: string): Promise<void> {
  for (let d = 1; d <= 31; d++) {
    await setTime(url, new Date(Date.parse(MONTH_START) + d * DAY_MS + 30_000).toISOString());
    await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
  }
  // the days are kept a second time a day later; read the month a few days after it ended
  await setTime(url, new Date(Date.parse(MONTH_START) + 33 * DAY_MS + 30_000).toISOString());
  await fetch(`${url}/_local/triggers/scheduler`, { method: 'POST' });
  await setTime(url, new Date(Date.parse(MONTH_START) + 33 * DAY_MS + 10 * 3_600_000).toISOString());
}

interface PreparedMonth {
  url: string;
  total: number;
  seedMs: number;
  keptMs: number;
  /** October's days the scheduler kept */
  days: number;
}

async function prepareMonth(url: string, samples: Record<string, unknown>[], total: number): Promise<PreparedMonth> {
  await resetDemo(url, MONTH_START.replace('00:00:00', '10:00:00'));
  const seed = await timed(() => seedMonth(url, total, samples));
  const kept = await timed(() => keepDays(url));
  const db = initSdk(url).database();
  const { total: days } = (await db.collection('stats_daily').where({ propertyId: 'demo', date: db.command.gte('2026-10-01').and(db.command.lte('2026-10-31')) }).count()) as unknown as { total: number };
  return { url, total, seedMs: seed.ms, keptMs: kept.ms, days };
}

const MONTH = { propertyId: 'demo', from: '2026-10-01', to: '2026-10-31' };

/**
 * Asynchronously, so this process keeps serving its event loop: a synchronous wait of minutes left
 * its pooled keep-alive sockets stale (the server had closed them) and the next call failed (EPIPE).
 */
async function prepareInChild(url: string, samples: Record<string, unknown>[], total: number): Promise<PreparedMonth> {
  const file = path.join(os.tmpdir(), `bench-samples-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(samples));
  const child = spawn(process.execPath, [__filename, '--prepare', url, String(total), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`preparing ${total} orders failed: ${stderr}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as PreparedMonth;
}

/**
 * Both sizes timed in turns, one call each per round, so whatever else the machine does weighs on
 * both alike: the ratio compares the two, not two moments.
 */
async function dashboardMonths(small: PreparedMonth, large: PreparedMonth): Promise<Row[]> {
  const times = new Map<PreparedMonth, number[]>([[small, []], [large, []]]);
  const first = new Map<PreparedMonth, { created: number; requests: number }>();
  for (const m of [small, large]) {
    const res = await callFunction<{ ok: boolean; data: { created: number } }>(m.url, 'api', MANAGER, { action: 'dashboard.summary', payload: MONTH });
    first.set(m, { created: res.body.data.created, requests: res.dbRequests });
  }
  for (let round = 0; round < 30; round++) {
    for (const m of round % 2 ? [large, small] : [small, large]) {
      times.get(m)?.push((await timed(() => callFunction(m.url, 'api', MANAGER, { action: 'dashboard.summary', payload: MONTH }))).ms);
    }
  }
  return [small, large].map((m) => {
    const t = times.get(m) ?? [];
    return {
      orders: m.total,
      'created (as read)': first.get(m)?.created ?? NaN,
      'db requests': first.get(m)?.requests ?? NaN,
      'p50 ms': round(quantile(t, 0.5)),
      'p95 ms': round(quantile(t, 0.95)),
      'seed s': round(m.seedMs / 1000),
      'days kept': m.days,
      'days kept s': round(m.keptMs / 1000),
    };
  });
}

// ---------------------------------------------------------------- 3. latency under 20 callers

async function latency(url: string): Promise<Row[]> {
  await resetDemo(url);
  const rows: Row[] = [];
  const run = async (label: string, each: (i: number) => Promise<unknown>): Promise<void> => {
    const times: number[] = [];
    const wall = await timed(() =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, c) => {
          for (let k = 0; k < 5; k++) times.push((await timed(() => each(c * 5 + k))).ms);
        }),
      ),
    );
    rows.push({ action: label, calls: times.length, 'p50 ms': round(quantile(times, 0.5)), 'p95 ms': round(quantile(times, 0.95)), 'calls/s': round((times.length / wall.ms) * 1000) });
  };
  const created: string[] = [];
  await run('order.create', async (i) => {
    const res = await call(url, i % 2 ? REPORTER : 'demo-resident-2', 'order.create', {
      propertyId: 'demo', categoryId: 'demo-water-leak', description: `漏水 ${i}`, location: { kind: 'unit', text: '厨房' },
    });
    if (res.ok) created.push(res.data.id);
  });
  // hand them out (not timed), then the technicians accept at once
  for (const [i, orderId] of created.entries()) await ok(url, DISPATCHER, 'order.assign', { orderId, technicianId: i % 2 ? ASSIGNEE : 'demo-tech-1' });
  const queue = created.map((orderId, i) => ({ orderId, by: i % 2 ? ASSIGNEE : 'demo-tech-1' }));
  await run('order.accept', async () => {
    const next = queue.shift();
    if (next) await call(url, next.by, 'order.accept', { orderId: next.orderId });
  });
  await run('order.list', (i) => call(url, i % 2 ? ASSIGNEE : DISPATCHER, 'order.list', i % 2 ? { scope: 'assigned' } : { propertyId: 'demo', scope: 'all' }));
  await run('dashboard.summary', () => call(url, MANAGER, 'dashboard.summary', { propertyId: 'demo', from: '2026-11-01', to: '2026-11-24' }));
  return rows;
}

// ---------------------------------------------------------------- 4. bundles

function bundles(): Row[] {
  return ['api', 'scheduler', 'payNotify'].map((name) => {
    const file = path.join(ROOT, 'dist', 'cloudfunctions', name, 'index.js');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const out = spawnSync(process.execPath, ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`], { cwd: ROOT, encoding: 'utf8' });
      times.push(Number(out.stdout));
    }
    return { function: name, 'bundle KB': round(statSync(file).size / 1024), 'cold start ms (require)': round(quantile(times, 0.5)) };
  });
}

const round = (n: number): number => Math.round(n * 10) / 10;

function print(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  console.table(rows);
  results[title] = rows;
}

async function main(): Promise<void> {
  // local-cloud answers a query by reading the collection (it has no real indexes): 100,000 orders want room
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=6144`.trim();
  const clouds: LocalCloudProcess[] = [];
  try {
    const a = await startLocalCloudProcess();
    clouds.push(a);
    print('Database requests per action (success path)', await requestsPerAction(a.url));
    print(`API latency, ${CONCURRENCY} concurrent callers`, await latency(a.url));
    const samples = await templates(a.url);
    const b = await startLocalCloudProcess();
    clouds.push(b);
    const small = await prepareMonth(a.url, samples, SMALL);
    // the SDK keeps the first database it was given: the other local-cloud is seeded from another process
    const large = await prepareInChild(b.url, samples, LARGE);
    const rows = await dashboardMonths(small, large);
    const ratio = round((rows[1]['p50 ms'] as number) / (rows[0]['p50 ms'] as number));
    print(`Dashboard for a past month (dashboard.summary, 2026-10): ${LARGE} ÷ ${SMALL} orders = ${ratio} (bar ≤ 1.5)`, rows);
    results.dashboardRatio = [{ ratio, bar: 1.5 }];
    print('Cloud function bundles', bundles());
  } catch (err) {
    for (const c of clouds) if (c.stderr()) console.error(`local-cloud ${c.url}:\n${c.stderr().slice(-3000)}`);
    throw err;
  } finally {
    await Promise.all(clouds.map((c) => c.stop()));
  }
  const environment = { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`, memoryGB: round(os.totalmem() / 2 ** 30) };
  console.log('\nEnvironment:', environment);
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ environment, small: SMALL, large: LARGE, results }, null, 2)}\n`);
  console.log('Written to bench/results.json');
}

async function prepareOnly(): Promise<void> {
  const i = process.argv.indexOf('--prepare');
  const [url, total, file] = process.argv.slice(i + 1, i + 4);
  const samples = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
  process.stdout.write(`${JSON.stringify(await prepareMonth(url, samples, Number(total)))}\n`);
}

(process.argv.includes('--prepare') ? prepareOnly() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
