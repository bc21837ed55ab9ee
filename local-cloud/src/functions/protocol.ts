/**
 * Messages between the runner (main thread) and a function worker (worker.ts).
 * One `run` at a time per worker; the worker answers exactly one `done` per `run`, unless it dies.
 */

/** What CloudBase passes as the second argument of `main(event, context)`. */
export interface FunctionContext {
  request_id: string;
  function_name: string;
  function_version: string;
  namespace: string;
  memory_limit_in_mb: number;
  time_limit_in_ms: number;
}

export interface RunMessage {
  type: 'run';
  invocationId: string;
  /** absolute path of the bundled index.js */
  file: string;
  event: unknown;
  context: FunctionContext;
  /** set in the worker's process.env before main is called (the WeChat context lives there) */
  env: Record<string, string>;
  /** env keys to delete before the call (e.g. WX_CLIENTIP for a timer) */
  unsetEnv: string[];
  /** fault injection: die at process level instead of running */
  crash: boolean;
}

export type DoneMessage =
  | { type: 'done'; invocationId: string; ok: true; /** JSON text of the result; undefined → null */ json: string }
  | { type: 'done'; invocationId: string; ok: false; error: { name: string; message: string; stack: string } };

/**
 * The function's code is loaded (its cold start is over) and main is being called: the call's
 * timeout counts from here, as CloudBase counts a cold start's initialisation apart.
 */
export interface StartedMessage {
  type: 'started';
  invocationId: string;
}

export function isStartedMessage(value: unknown): value is StartedMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'started';
}

export function isDoneMessage(value: unknown): value is DoneMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'done';
}

export function isRunMessage(value: unknown): value is RunMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'run';
}
