/**
 * local-cloud: a local CloudBase that the real wx-server-sdk talks to over HTTP.
 * This file wires the parts together and routes the HTTP interface (architecture.md).
 */
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Clock } from './clock';
import { Faults, type FaultSpec } from './faults';
import { Stats } from './stats';
import { loadDatabaseConfig } from './config';
import { DocumentDatabase } from './db';
import { FunctionRunner } from './functions/runner';
import { Storage } from './storage';
import { OpenApi, tcbError, type MessageQuery } from './openapi';
import { parseMultipart, type FormPart } from './openapi/multipart';
import { CloudPay } from './cloudpay';
import { seedDatabase, type SeedName } from './seed';
import { readBody, sendJson, type Logger } from './http';

export interface LocalCloudOptions {
  /** 0 picks a free port */
  port: number;
  host?: string;
  /** where SQLite and uploaded files live */
  dataDir: string;
  /** folder of bundled functions: <name>/index.js + config.json */
  functionsDir: string;
  /** cloudfunctions/database.json */
  databaseConfig: string;
  /** seed to load when the database is empty (and on reset without a seed name) */
  seed: SeedName;
  env?: string;
  appid?: string;
  /** run timer triggers on the clock (npm start); tests fire them by hand */
  timers?: boolean;
  /** start the clock at this moment instead of the real time (tests, demos on a fixed day) */
  now?: Date;
  logger?: Logger;
}

export interface LocalCloud {
  url: string;
  port: number;
  close(): Promise<void>;
}

const ADMIN_PATH = /^\/admin(?:\/i\/([\w-]+))?\/?$/;

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const env = options.env ?? 'local';
  const appid = options.appid ?? 'wxlocalcloud0000';
  const log: Logger = options.logger ?? { info: () => undefined, error: (...args) => console.error(...args) };
  mkdirSync(options.dataDir, { recursive: true });
  const sqlite = new BetterSqlite3(path.join(options.dataDir, 'local-cloud.sqlite'));
  // WAL + FULL sync: a write is on disk before it is acknowledged, and survives kill -9.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');

  const clock = new Clock();
  if (options.now) clock.set(options.now);
  const faults = new Faults();
  const stats = new Stats();
  const dbConfig = loadDatabaseConfig(options.databaseConfig);
  const database = new DocumentDatabase({ sqlite, clock, faults, stats, config: dbConfig });
  let baseUrl = '';
  const storage = new Storage({ sqlite, dir: path.join(options.dataDir, 'storage'), env, baseUrl: () => baseUrl, clock });
  const openapi = new OpenApi({ sqlite, clock, faults, appid, env });
  const runner = new FunctionRunner({
    functionsDir: options.functionsDir,
    adminUrl: (invocationId) => `${baseUrl}/admin/i/${invocationId}`,
    env,
    appid,
    clock,
    faults,
    stats,
    log,
  });

  const cloudPay = new CloudPay({ sqlite, clock, faults, appid, env, runner });

  if (database.isEmpty()) seedDatabase(database, options.seed, clock.now());

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error('[local-cloud] request failed', err);
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL_SERVER_ERROR', message: String(err) });
      else res.end();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    const admin = ADMIN_PATH.exec(url.pathname);

    if (admin && method === 'POST') {
      const invocationId = admin[1];
      const body = await readBody(req);
      const latency = faults.latencyMs();
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.startsWith('multipart/form-data')) {
        // wx.openApi (openapi.*) and wx.wxPayApi (cloudPay.*) come as multipart forms
        let form: Map<string, FormPart> | undefined;
        try {
          form = parseMultipart(body, contentType);
        } catch {
          form = undefined;
        }
        const action = form?.get('action')?.data.toString('utf8') ?? '';
        stats.request(invocationId, action || 'wx.openApi');
        const caller = invocationId ? stats.invocation(invocationId) : undefined;
        const out = !form
          ? tcbError('INVALID_PARAM', 'bad multipart request')
          : action === 'wx.openApi' || action === ''
            ? openapi.handleForm(form)
            : action === 'wx.wxPayApi'
              ? cloudPay.handleForm(form, caller?.openid)
              : tcbError('INVALID_ACTION', `local-cloud does not implement ${action}`);
        res.writeHead(out.status, out.headers);
        res.end(out.body);
        return;
      }
      const request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const action = String(request.action ?? '');
      const collection = typeof request.collectionName === 'string' ? request.collectionName : undefined;
      stats.request(invocationId, action, collection);
      const ctx = { invocationId };
      if (action.startsWith('database.')) return sendJson(res, 200, await database.handle(action, request, ctx));
      if (action.startsWith('storage.')) {
        const caller = invocationId ? stats.invocation(invocationId) : undefined;
        return sendJson(res, 200, await storage.handle(action, request, { openid: caller?.openid }));
      }
      if (action === 'functions.invokeFunction') return sendJson(res, 200, await runner.handleSdkInvoke(request, invocationId));
      return sendJson(res, 200, { code: 'INVALID_ACTION', message: `local-cloud does not implement ${action}` });
    }

    if (url.pathname.startsWith('/_storage/')) return storage.handleHttp(req, res, url);

    const fn = /^\/functions\/([\w-]+)\/?$/.exec(url.pathname);
    if (fn && method === 'POST') {
      if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { errCode: -1, errMsg: 'loopback only' });
      const body = await readBody(req);
      let event: unknown;
      try {
        event = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendJson(res, 400, { errCode: -1, errMsg: 'body is not JSON' });
      }
      const openid = headerValue(req.headers['x-wx-openid']);
      const out = await runner.invoke(fn[1], event, { openid, source: 'wx_client' });
      const inv = stats.invocation(out.invocationId);
      res.setHeader('x-local-invocation-id', out.invocationId);
      res.setHeader('x-local-db-requests', String(inv?.dbRequests ?? 0));
      if (out.ok) return sendJson(res, 200, out.result ?? null);
      return sendJson(res, 500, { errCode: out.errCode, errMsg: out.errMsg });
    }

    if (url.pathname.startsWith('/_local/')) return handleLocal(req, res, url, method);
    sendJson(res, 404, { code: 'NOT_FOUND', message: `${method} ${url.pathname}` });
  }

  async function handleLocal(req: http.IncomingMessage, res: http.ServerResponse, url: URL, method: string): Promise<void> {
    const route = url.pathname.slice('/_local/'.length);
    const json = async (): Promise<Record<string, unknown>> => {
      const body = await readBody(req);
      return body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
    };
    if (route === 'health') {
      return sendJson(res, 200, { ok: true, env, now: clock.now().toISOString(), functions: runner.functionNames() });
    }
    if (route === 'time') {
      if (method === 'POST') {
        const body = await json();
        if (typeof body.now === 'string') {
          const to = new Date(body.now);
          if (Number.isNaN(to.getTime())) return sendJson(res, 400, { ok: false, message: '"now" is not an ISO time' });
          clock.set(to);
        } else if (typeof body.advanceMinutes === 'number') {
          clock.advanceMinutes(body.advanceMinutes);
        } else {
          return sendJson(res, 400, { ok: false, message: 'give "now" (ISO time) or "advanceMinutes" (number)' });
        }
      }
      return sendJson(res, 200, { now: clock.now().toISOString() });
    }
    const trigger = /^triggers\/([\w-]+)$/.exec(route);
    if (trigger && method === 'POST') {
      const out = await runner.trigger(trigger[1]);
      res.setHeader('x-local-invocation-id', out.invocationId);
      if (out.ok) return sendJson(res, 200, out.result ?? null);
      return sendJson(res, 500, { errCode: out.errCode, errMsg: out.errMsg });
    }
    if (route === 'messages' && method === 'GET') {
      const query = messageQuery(url.searchParams);
      if (typeof query === 'string') return sendJson(res, 400, { ok: false, message: query });
      return sendJson(res, 200, openapi.listMessages(query));
    }
    if (route === 'upload' && method === 'POST') {
      // wx.cloud.uploadFile for the mini-program's local mode: the caller is who WeChat says it is
      if (!isLoopback(req.socket.remoteAddress)) return sendJson(res, 403, { ok: false, message: 'loopback only' });
      const openid = headerValue(req.headers['x-wx-openid']);
      if (!openid) return sendJson(res, 400, { ok: false, message: 'give the uploader in the x-wx-openid header' });
      const cloudPath = url.searchParams.get('cloudPath');
      if (!cloudPath) return sendJson(res, 400, { ok: false, message: 'give ?cloudPath=<path>' });
      const bytes = await readBody(req);
      const type = headerValue(req.headers['content-type']);
      const out = storage.putFile(cloudPath, bytes, openid, type);
      if ('error' in out) return sendJson(res, 400, { ok: false, message: out.error });
      return sendJson(res, 200, out);
    }
    if (route === 'files' && method === 'GET') {
      const fileID = url.searchParams.get('fileID') ?? '';
      const file = storage.fileById(fileID);
      if (!file) return sendJson(res, 404, { ok: false, message: `no such file: ${fileID}` });
      return sendJson(res, 200, file);
    }
    const pay = /^pay\/([^/]+)$/.exec(route);
    if (pay) {
      const outTradeNo = decodeURIComponent(pay[1]);
      if (method === 'GET') {
        const found = cloudPay.describe(outTradeNo);
        return found ? sendJson(res, 200, found) : sendJson(res, 404, { ok: false, message: `no pay order ${outTradeNo}` });
      }
      if (method === 'POST') {
        const out = await cloudPay.notify(outTradeNo, (await json()).result);
        if ('invocationId' in out) {
          res.setHeader('x-local-invocation-id', out.invocationId);
          res.setHeader('x-local-pay-acknowledged', String(out.acknowledged));
          res.setHeader('x-local-pay-attempt', String(out.attempt));
        }
        return sendJson(res, out.status, out.body);
      }
    }
    if (route === 'subscribe' && method === 'POST') {
      const body = await json();
      const templateIds = body.templateIds;
      if (typeof body.openid !== 'string' || !Array.isArray(templateIds) || !templateIds.every((t) => typeof t === 'string')) {
        return sendJson(res, 400, { ok: false, message: 'give "openid" and "templateIds": string[]' });
      }
      openapi.grant(body.openid, templateIds as string[]);
      return sendJson(res, 200, { ok: true, grants: openapi.grants(body.openid) });
    }
    if (route === 'reset' && method === 'POST') {
      const body = await json();
      const seed = body.seed === 'empty' ? 'empty' : 'demo';
      // `now` sets the clock before seeding, so the seed's timestamps are that moment's too
      const now = typeof body.now === 'string' ? new Date(body.now) : undefined;
      if (now && Number.isNaN(now.getTime())) return sendJson(res, 400, { ok: false, message: 'give "now" as an ISO time' });
      await runner.reset();
      if (now) clock.set(now);
      else clock.reset();
      faults.clear();
      stats.reset();
      database.reset();
      storage.reset();
      openapi.reset();
      cloudPay.reset();
      seedDatabase(database, seed, clock.now());
      return sendJson(res, 200, { ok: true, seed, now: clock.now().toISOString() });
    }
    if (route === 'faults') {
      if (method === 'POST') faults.configure((await json()) as FaultSpec);
      return sendJson(res, 200, faults.describe());
    }
    if (route === 'stats' && method === 'GET') {
      return sendJson(res, 200, stats.snapshot());
    }
    sendJson(res, 404, { ok: false, message: `no such local route: ${method} /_local/${route}` });
  }

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  baseUrl = `http://127.0.0.1:${port}`;
  if (options.timers) runner.startTimers();
  log.info(`[local-cloud] listening on ${baseUrl}`);

  return {
    url: baseUrl,
    port,
    async close() {
      runner.stopTimers();
      await runner.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sqlite.close();
    },
  };
}

/**
 * `GET /_local/messages`: subscribe messages by default (`?touser=`), SMS with `?kind=sms` or
 * `?phone=`, both with `?kind=all`. A string is what is wrong with the query.
 */
function messageQuery(params: URLSearchParams): MessageQuery | string {
  const touser = params.get('touser') ?? undefined;
  const phone = params.get('phone') ?? undefined;
  const kind = params.get('kind') ?? (phone !== undefined ? 'sms' : 'subscribe');
  if (kind === 'subscribe') return phone !== undefined ? '"phone" filters SMS: use kind=sms or kind=all' : { kind, ...(touser !== undefined ? { touser } : {}) };
  if (kind === 'sms') return touser !== undefined ? '"touser" filters subscribe messages: use kind=subscribe or kind=all' : { kind, ...(phone !== undefined ? { phone } : {}) };
  if (kind === 'all') return { kind, ...(touser !== undefined ? { touser } : {}), ...(phone !== undefined ? { phone } : {}) };
  return 'kind is one of subscribe, sms, all';
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.trim() ? v.trim() : undefined;
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1');
}
