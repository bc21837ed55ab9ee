/**
 * Runs the bundled cloud functions in worker threads, the way CloudBase runs them: the caller's
 * WeChat context in the environment, the function's timeout, CloudBase's error answers.
 * Entry points: POST /functions/<name> (invoke), the SDK's functions.invokeFunction
 * (handleSdkInvoke), POST /_local/triggers/<name> (trigger) and the timer triggers.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../clock';
import type { Faults } from '../faults';
import type { Logger } from '../http';
import type { Stats } from '../stats';
import { functionExists, functionFile, listFunctions, loadFunctionConfig, type TimerTrigger } from './config';
import { notFound, type InvokeFailure } from './errors';
import { WorkerPool } from './pool';
import type { FunctionContext, RunMessage } from './protocol';
import { TimerScheduler } from './timers';

export interface FunctionRunnerOptions {
  functionsDir: string;
  /** the admin URL the SDK in this invocation must use, so its requests are counted per invocation */
  adminUrl: (invocationId: string) => string;
  env: string;
  appid: string;
  clock: Clock;
  faults: Faults;
  stats: Stats;
  log: Logger;
  /** workers per function before calls queue */
  maxWorkersPerFunction?: number;
}

/**
 * Who calls, as CloudBase tells the function through TCB_SOURCE: 'wx_client' for a mini-program,
 * 'wx_trigger' for a timer; a call from another function carries the caller's source with ',scf'.
 */
export interface InvokeOptions {
  openid?: string;
  source: string;
}

export type InvokeResult =
  | { ok: true; result: unknown; invocationId: string }
  | { ok: false; errCode: number; errMsg: string; invocationId: string };

/** The admin API answer node-sdk's callFunction reads. */
export type SdkInvokeAnswer =
  | { data: { response_data: string }; requestId: string }
  | { code: string; message: string; requestId: string };

interface Running {
  openid?: string;
  source: string;
}

const DEFAULT_MAX_WORKERS = 16;

export class FunctionRunner {
  private readonly pools = new Map<string, WorkerPool>();
  /** invocations in flight, so a nested callFunction inherits its caller's identity */
  private readonly running = new Map<string, Running>();
  private readonly timers: TimerScheduler;
  private readonly workerFile = path.join(__dirname, 'worker.js');

  constructor(private readonly options: FunctionRunnerOptions) {
    this.timers = new TimerScheduler(
      options.clock,
      (name, trigger, at) => {
        void this.runTimer(name, trigger, at).then((out) => {
          if (!out.ok) options.log.error(`[local-cloud] timer ${name}/${trigger.name} failed: ${out.errCode} ${out.errMsg}`);
        });
      },
      options.log,
    );
  }

  functionNames(): string[] {
    return listFunctions(this.options.functionsDir);
  }

  async invoke(name: string, event: unknown, caller: InvokeOptions): Promise<InvokeResult> {
    const { functionsDir, env, appid, clock, faults, stats } = this.options;
    const invocationId = randomUUID();
    if (!functionExists(functionsDir, name)) return failed(notFound(name), invocationId);

    const openid = caller.openid ?? '';
    const action = isRecord(event) && typeof event.action === 'string' ? event.action : undefined;
    stats.startInvocation({
      id: invocationId,
      functionName: name,
      ...(caller.openid ? { openid: caller.openid } : {}),
      ...(action ? { action } : {}),
      startedAt: clock.now().toISOString(),
    });

    const pool = this.pool(name);
    const config = loadFunctionConfig(functionsDir, name);
    const context: FunctionContext = {
      request_id: invocationId,
      function_name: name,
      function_version: '$LATEST',
      namespace: env,
      memory_limit_in_mb: 256,
      time_limit_in_ms: config.timeout * 1000,
    };
    const message: RunMessage = {
      type: 'run',
      invocationId,
      file: functionFile(functionsDir, name),
      // A call from the mini-program arrives with `userInfo` added to the data, as in CloudBase;
      // code that validates the whole event strictly fails here as it would in production.
      event: caller.source === 'wx_client' && isRecord(event) ? { ...event, userInfo: { appId: appid, openId: openid } } : event,
      context,
      env: {
        WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
        WX_OPENID: openid,
        WX_APPID: appid,
        WX_UNIONID: '',
        ...(caller.source === 'wx_client' ? { WX_CLIENTIP: '127.0.0.1' } : {}),
        TCB_ENV: env,
        SCF_NAMESPACE: env,
        TCB_SOURCE: caller.source,
        SCF_FUNCTIONNAME: name,
        TENCENTCLOUD_RUNENV: 'SCF',
        TENCENTCLOUD_REGION: 'ap-shanghai',
        TENCENTCLOUD_SECRETID: 'local-cloud',
        TENCENTCLOUD_SECRETKEY: 'local-cloud',
        // node-sdk reads this on every request: this invocation's database calls land on
        // /admin/i/<invocationId> and are counted for it.
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl(invocationId) }),
        // the functions' clock adapter adds this, so they see local-cloud's simulated time
        LOCAL_CLOUD_CLOCK_OFFSET_MS: String(clock.offset()),
      },
      unsetEnv: caller.source === 'wx_client' ? [] : ['WX_CLIENTIP'],
      crash: faults.takeCrashNextWorker(),
    };

    this.running.set(invocationId, { ...(caller.openid ? { openid: caller.openid } : {}), source: caller.source });
    try {
      const outcome = await pool.run(message);
      return outcome.ok ? { ok: true, result: outcome.result, invocationId } : failed(outcome.failure, invocationId);
    } finally {
      this.running.delete(invocationId);
    }
  }

  /**
   * `functions.invokeFunction` from node-sdk (cloud.callFunction in a function or in a test).
   * `callerInvocationId` is the invocation whose SDK made the request (from /admin/i/<id>):
   * the callee runs as the same WeChat user, as in CloudBase.
   */
  async handleSdkInvoke(request: Record<string, unknown>, callerInvocationId?: string): Promise<SdkInvokeAnswer> {
    const requestId = randomUUID();
    const name = request.function_name;
    if (typeof name !== 'string' || !name) return { code: 'INVALID_PARAM', message: 'function_name is required', requestId };
    let event: unknown = {};
    const data = request.request_data;
    if (typeof data === 'string' && data !== '') {
      try {
        event = JSON.parse(data) as unknown;
      } catch {
        return { code: 'INVALID_PARAM', message: 'request_data is not JSON', requestId };
      }
    }
    const caller = callerInvocationId ? this.running.get(callerInvocationId) : undefined;
    const out = await this.invoke(name, event, {
      ...(caller?.openid ? { openid: caller.openid } : {}),
      source: caller ? `${caller.source},scf` : 'scf',
    });
    if (out.ok) return { data: { response_data: JSON.stringify(out.result ?? null) }, requestId: out.invocationId };
    const sdkCode = out.errCode === notFound(name).errCode ? notFound(name).sdkCode : 'FUNCTIONS_EXECUTE_FAIL';
    return { code: sdkCode, message: out.errMsg, requestId: out.invocationId };
  }

  /** Runs a function now with a CloudBase timer event (POST /_local/triggers/<name>). */
  trigger(name: string): Promise<InvokeResult> {
    const { functionsDir, clock } = this.options;
    const timer = functionExists(functionsDir, name) ? loadFunctionConfig(functionsDir, name).timers[0] : undefined;
    return this.runTimer(name, timer ?? { name: 'manual', type: 'timer', config: '' }, clock.now());
  }

  startTimers(): void {
    const triggers = this.functionNames().flatMap((functionName) =>
      loadFunctionConfig(this.options.functionsDir, functionName).timers.map((trigger) => ({ functionName, trigger })),
    );
    this.timers.start(triggers);
  }

  stopTimers(): void {
    this.timers.stop();
  }

  /**
   * Drops every worker (a call still running answers an error); the next call loads the function
   * afresh, so a rebuilt bundle takes effect on reset.
   */
  async reset(reason = 'local-cloud was reset'): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close(reason)));
  }

  async close(): Promise<void> {
    this.stopTimers();
    await this.reset('local-cloud is shutting down');
  }

  private runTimer(name: string, trigger: TimerTrigger, at: Date): Promise<InvokeResult> {
    // SCF's timer event; Time is the scheduled time in UTC without milliseconds.
    const event = { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
    return this.invoke(name, event, { source: 'wx_trigger' });
  }

  private pool(name: string): WorkerPool {
    let pool = this.pools.get(name);
    if (!pool) {
      pool = new WorkerPool({
        functionName: name,
        workerFile: this.workerFile,
        timeoutSeconds: loadFunctionConfig(this.options.functionsDir, name).timeout,
        maxWorkers: this.options.maxWorkersPerFunction ?? DEFAULT_MAX_WORKERS,
        log: this.options.log,
      });
      this.pools.set(name, pool);
    }
    return pool;
  }
}

function failed(failure: InvokeFailure, invocationId: string): InvokeResult {
  return { ok: false, errCode: failure.errCode, errMsg: failure.errMsg, invocationId };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
