/**
 * `node dist/local-cloud/main.js [--port 9000] [--data .local-cloud] [--seed demo|empty] [--now <ISO time>] [--no-timers]`
 * Prints one JSON line `{"event":"listening","url":…}` on stdout first, for tools that spawn it,
 * then (unless --quiet) the human guide.
 */
import path from 'node:path';
import { startLocalCloud } from './app';
import { DEMO_CALLERS } from './seed/demo';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const port = Number(arg('port') ?? process.env.PORT ?? 9000);
  const quiet = process.argv.includes('--quiet');
  const now = arg('now') === undefined ? undefined : new Date(String(arg('now')));
  if (now && Number.isNaN(now.getTime())) throw new Error(`--now wants an ISO time, got ${arg('now')}`);
  const cloud = await startLocalCloud({
    port,
    dataDir: path.resolve(arg('data') ?? process.env.LOCAL_CLOUD_DATA ?? path.join(root, '.local-cloud')),
    functionsDir: path.resolve(arg('functions') ?? path.join(root, 'dist', 'cloudfunctions')),
    databaseConfig: path.join(root, 'cloudfunctions', 'database.json'),
    seed: arg('seed') === 'empty' ? 'empty' : 'demo',
    timers: !process.argv.includes('--no-timers'),
    ...(now ? { now } : {}),
    logger: {
      info: (...a) => (quiet ? undefined : console.log(...a)),
      error: (...a) => console.error(...a),
    },
  });
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: cloud.url, port: cloud.port })}\n`);
  if (!quiet) printGuide(cloud.url);
  const stop = (): void => {
    cloud.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function printGuide(url: string): void {
  const lines = [
    '',
    `local-cloud is running at ${url}  (CloudBase API at ${url}/admin)`,
    '',
    'Call the api function as one of the demo users:',
    ...DEMO_CALLERS.map((c) => `  ${c.openid.padEnd(18)} ${c.description}`),
    '',
    `  curl -s -X POST ${url}/functions/api -H 'x-wx-openid: demo-manager' \\`,
    `       -H 'content-type: application/json' -d '{"action":"user.me","payload":{}}'`,
    '',
    'WeChat DevTools: open this folder (project.config.json), keep "local mode" on in',
    `miniprogram/config/env.ts (apiBaseUrl ${url}); the home page lets you pick a demo user.`,
    'Local controls: /_local/health, /_local/time, /_local/reset, /_local/messages, /_local/stats',
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
