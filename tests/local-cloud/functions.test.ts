/**
 * The function runner through local-cloud's HTTP interface and the real wx-server-sdk:
 * WeChat context per caller on reused workers, concurrency, timeouts, throws, crashes,
 * nested callFunction, timer triggers.
 */
import path from 'node:path';
import { callFunction, initSdk, localGet, localPost, ROOT, startLocalCloudProcess, type LocalCloudProcess } from '../support/local-cloud';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'functions');

interface WhoAmI {
  wx: { OPENID: string; APPID: string; ENV: string; SOURCE?: string; CLIENTIP?: string };
  event: Record<string, unknown>;
  requestId: string;
  threadId: number;
  clockOffset: string;
}
interface Failure {
  errCode: number;
  errMsg: string;
}

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloudProcess({ seed: 'empty', functionsDir: FIXTURES });
});
afterAll(async () => {
  await cloud.stop();
});

describe('WeChat context', () => {
  it('gives each successive caller on the same reused worker its own OPENID', async () => {
    const callers = ['alice', 'bob', 'carol', 'bob'];
    const seen: WhoAmI[] = [];
    for (const openid of callers) {
      const res = await callFunction<WhoAmI>(cloud.url, 'whoami', openid, { n: seen.length });
      expect(res.status).toBe(200);
      seen.push(res.body);
    }
    expect(seen.map((s) => s.wx.OPENID)).toEqual(callers);
    // sequential calls reuse the one idle worker: the context really is reset per call
    expect(new Set(seen.map((s) => s.threadId)).size).toBe(1);
    expect(seen[0].wx).toMatchObject({ APPID: 'wxlocalcloud0000', ENV: 'local', SOURCE: 'wx_client' });
    // CloudBase adds userInfo to the data of a mini-program call
    expect(seen[2].event).toEqual({ n: 2, userInfo: { appId: 'wxlocalcloud0000', openId: 'carol' } });
  });

  it('gives an anonymous call an empty OPENID, not the previous caller', async () => {
    await callFunction(cloud.url, 'whoami', 'dave', {});
    const res = await callFunction<WhoAmI>(cloud.url, 'whoami', undefined, {});
    expect(res.body.wx.OPENID).toBe('');
  });

  it('runs concurrent calls in parallel workers, each with its own caller', async () => {
    const openids = Array.from({ length: 6 }, (_, i) => `user-${i}`);
    const started = Date.now();
    const results = await Promise.all(openids.map((o) => callFunction<WhoAmI>(cloud.url, 'whoami', o, { delayMs: 400 })));
    expect(results.map((r) => r.body.wx.OPENID)).toEqual(openids);
    expect(new Set(results.map((r) => r.body.threadId)).size).toBe(openids.length);
    // six 400 ms calls in parallel, not one after another (worker start-up included)
    expect(Date.now() - started).toBeLessThan(6 * 400);
  });

  it('passes the simulated clock offset to the function', async () => {
    // the function's clock is its machine's time plus the offset: the moment local-cloud was set to
    const { now } = await localPost<{ now: string }>(cloud.url, 'time', { now: '2027-06-01T12:00:00+08:00' });
    const res = await callFunction<WhoAmI>(cloud.url, 'whoami', 'alice', {});
    const functionNow = Date.now() + Number(res.body.clockOffset);
    expect(Math.abs(functionNow - Date.parse(now))).toBeLessThan(3_000);
  });

  it("routes each invocation's database requests to its own count, on reused workers too", async () => {
    const counts: number[] = [];
    for (const n of [2, 0, 3]) counts.push((await callFunction(cloud.url, 'dbprobe', 'alice', { n })).dbRequests);
    expect(counts).toEqual([2, 0, 3]);
    const parallel = await Promise.all([1, 4].map((n) => callFunction(cloud.url, 'dbprobe', 'bob', { n })));
    expect(parallel.map((r) => r.dbRequests)).toEqual([1, 4]);
  });

  it('records the invocation (function, caller, action) in stats', async () => {
    const res = await fetch(`${cloud.url}/functions/whoami`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'erin' },
      body: JSON.stringify({ action: 'probe.me' }),
    });
    const id = res.headers.get('x-local-invocation-id');
    const stats = await localGet<{ invocations: { id: string; functionName: string; openid?: string; action?: string }[] }>(cloud.url, 'stats');
    expect(stats.invocations.find((i) => i.id === id)).toMatchObject({ functionName: 'whoami', openid: 'erin', action: 'probe.me' });
  });
});

describe('failures answer like CloudBase', () => {
  it('times out after the configured timeout, and the function works again afterwards', async () => {
    const started = Date.now();
    const res = await callFunction<Failure>(cloud.url, 'sleepy', 'alice', {});
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errCode: -504003, errMsg: 'Invoking task timed out after 1 seconds' });
    expect(Date.now() - started).toBeLessThan(2_500);
    const ok = await callFunction(cloud.url, 'sleepy', 'alice', { ms: 10 });
    expect(ok).toMatchObject({ status: 200, body: { slept: 10 } });
  });

  it('answers a thrown error with 500 {errCode: -504002, errMsg}', async () => {
    const res = await callFunction<Failure>(cloud.url, 'thrower', 'alice', {});
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ errCode: -504002, errMsg: 'TypeError: thrower says no' });
    expect(cloud.stderr()).toContain('thrower says no');
    expect((await callFunction(cloud.url, 'thrower', 'alice', { ok: true })).status).toBe(200);
  });

  it('answers a missing function with the not-found error', async () => {
    const res = await callFunction<Failure>(cloud.url, 'no-such-function', 'alice', {});
    expect(res.status).toBe(500);
    expect(res.body.errCode).toBe(-501000);
    expect(res.body.errMsg).toContain('no-such-function');
  });

  it('crashes the next worker on request, then recovers', async () => {
    await localPost(cloud.url, 'faults', { crashNextWorker: true });
    const crashed = await callFunction<Failure>(cloud.url, 'whoami', 'alice', {});
    expect(crashed.status).toBe(500);
    expect(crashed.body.errCode).toBe(-504002);
    expect(crashed.body.errMsg).toContain('crashNextWorker');
    const next = await callFunction<WhoAmI>(cloud.url, 'whoami', 'bob', {});
    expect(next).toMatchObject({ status: 200, body: { wx: { OPENID: 'bob' } } });
  });

  it('replaces a worker that dies of an uncaught exception or process.exit; queued calls go on', async () => {
    const [crash, ...others] = await Promise.all([
      callFunction<Failure>(cloud.url, 'crasher', 'alice', { crash: true }),
      ...Array.from({ length: 3 }, () => callFunction(cloud.url, 'crasher', 'bob', {})),
    ]);
    expect(crash.status).toBe(500);
    expect(crash.body.errMsg).toContain('crasher: uncaught outside main');
    for (const o of others) expect(o).toMatchObject({ status: 200, body: { alive: true } });

    const exit = await callFunction<Failure>(cloud.url, 'exiter', 'alice', { exit: true });
    expect(exit.status).toBe(500);
    expect(exit.body.errCode).toBe(-504002);
    expect((await callFunction(cloud.url, 'exiter', 'alice', {})).body).toEqual({ alive: true });
  });
});

describe('worker pool', () => {
  it('queues calls beyond 16 workers per function and runs them all as their own callers', async () => {
    const openids = Array.from({ length: 20 }, (_, i) => `q-${i}`);
    const started = Date.now();
    const results = await Promise.all(openids.map((o) => callFunction<WhoAmI>(cloud.url, 'whoami', o, { delayMs: 300 })));
    expect(results.map((r) => r.body.wx.OPENID)).toEqual(openids);
    expect(new Set(results.map((r) => r.body.threadId)).size).toBeLessThanOrEqual(16);
    // the last four waited for a free worker: two rounds of 300 ms at least
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('keeps serving queued calls when a worker of a full pool crashes', async () => {
    await localPost(cloud.url, 'faults', { crashNextWorker: true });
    const results = await Promise.all(Array.from({ length: 18 }, (_, i) => callFunction(cloud.url, 'whoami', `c-${i}`, { delayMs: 200 })));
    expect(results.filter((r) => r.status === 500)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(17);
  });
});

describe('callFunction through the SDK', () => {
  it('calls one function from another; the callee sees the same user', async () => {
    const res = await callFunction<{ ok: boolean; result: WhoAmI; me: WhoAmI['wx'] }>(cloud.url, 'caller', 'carol', {
      name: 'whoami',
      data: { x: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.result.wx.OPENID).toBe('carol');
    expect(res.body.result.wx.SOURCE).toBe('wx_client,scf');
    expect(res.body.result.event).toEqual({ x: 1 });
  });

  // node-sdk 3.17.2 throws its TcbError for an answer with `code` (its throwOnCode switch is never
  // turned off by wx-server-sdk), so wx-server-sdk reports errCode -1; the code name stays on the error.
  it('surfaces a callee error to the calling function with the CloudBase code and message', async () => {
    const res = await callFunction<{ ok: boolean; errCode: number; code: string; errMsg: string }>(cloud.url, 'caller', 'carol', {
      name: 'thrower',
    });
    expect(res.body).toMatchObject({ ok: false, errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(res.body.errMsg).toBe('callFunction:fail TypeError: thrower says no');
  });

  it('works from the test process with the real wx-server-sdk', async () => {
    const sdk = initSdk(cloud.url);
    const res = (await sdk.callFunction({ name: 'whoami', data: { from: 'test' } })) as unknown as { result: WhoAmI };
    expect(res.result.event).toEqual({ from: 'test' });
    expect(res.result.wx.OPENID).toBe('');
    await expect(sdk.callFunction({ name: 'sleepy', data: {} })).rejects.toMatchObject({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      errMsg: 'callFunction:fail Invoking task timed out after 1 seconds',
    });
    await expect(sdk.callFunction({ name: 'missing-fn', data: {} })).rejects.toMatchObject({ code: 'ResourceNotFound.Function' });
  });
});

describe('timer triggers', () => {
  it('runs a timer-triggered function now with a CloudBase timer event', async () => {
    const res = await fetch(`${cloud.url}/_local/triggers/ticker`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { event: { Type: string; TriggerName: string; Time: string; Message: string }; wx: WhoAmI['wx'] };
    expect(body.event).toMatchObject({ Type: 'Timer', TriggerName: 'everyMinute', Message: '' });
    expect(body.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.wx.OPENID).toBe('');
  });

  it('answers an unknown trigger target with 500', async () => {
    const res = await fetch(`${cloud.url}/_local/triggers/nothing`, { method: 'POST' });
    expect(res.status).toBe(500);
  });
});
