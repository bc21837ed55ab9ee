/**
 * A function worker thread: loads one function's bundle and runs one invocation at a time.
 * Built to dist/local-cloud/worker.js beside main.js; the runner starts it by that path.
 *
 * The WeChat context is process.env (wx-server-sdk's getWXContext reads WX_CONTEXT_KEYS and the
 * keys it names; node-sdk re-reads TCB_CONTEXT_CNFG per request). A worker thread has its own copy
 * of process.env, so setting it here before each call scopes it to this worker and this call.
 */
import { parentPort } from 'node:worker_threads';
import { isRunMessage, type DoneMessage, type RunMessage } from './protocol';

type Main = (event: unknown, context: unknown) => unknown;

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');

port.on('message', (msg: unknown) => {
  if (!isRunMessage(msg)) return;
  void run(msg).then((done) => port.postMessage(done));
});

async function run(msg: RunMessage): Promise<DoneMessage> {
  if (msg.crash) {
    // A process-level failure outside main, like a runtime crash in production: the thrown error
    // is uncaught, the worker thread dies, and the runner answers the call with an error.
    setImmediate(() => {
      throw new Error('local-cloud fault injection: crashNextWorker');
    });
    return new Promise<DoneMessage>(() => undefined);
  }
  for (const key of msg.unsetEnv) delete process.env[key];
  Object.assign(process.env, msg.env);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(msg.file) as { main?: unknown };
    if (typeof mod.main !== 'function') throw new TypeError(`${msg.context.function_name}: exports.main is not a function`);
    port?.postMessage({ type: 'started', invocationId: msg.invocationId });
    const result = await (mod.main as Main)(msg.event, msg.context);
    // Production returns the result as JSON: Dates become strings, undefined becomes null.
    const json = JSON.stringify(result === undefined ? null : result) ?? 'null';
    return { type: 'done', invocationId: msg.invocationId, ok: true, json };
  } catch (err: unknown) {
    const e = err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err));
    return { type: 'done', invocationId: msg.invocationId, ok: false, error: { name: e.name, message: e.message, stack: e.stack ?? String(e) } };
  }
}
