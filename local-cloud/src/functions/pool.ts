/**
 * The worker threads of one function: one invocation per worker at a time, more workers on
 * demand up to a cap, then a queue. Idle workers are reused (a warm container in CloudBase terms);
 * a worker that times out or crashes is discarded and a fresh one starts for the next call.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../http';
import { crashed, executeFailed, timedOut, type InvokeFailure } from './errors';
import { isDoneMessage, isStartedMessage, type RunMessage } from './protocol';

/**
 * Loading a function (a fresh worker requiring its bundle and wx-server-sdk) may take this long
 * before the call's own timeout starts; CloudBase bounds initialisation apart from execution.
 */
const INIT_TIMEOUT_SECONDS = 30;

export type JobOutcome = { ok: true; result: unknown } | { ok: false; failure: InvokeFailure };

interface Job {
  message: RunMessage;
  resolve(outcome: JobOutcome): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** the uncaught error that is killing this worker, reported with its exit */
  fatal?: Error;
  exited: boolean;
}

export interface PoolOptions {
  functionName: string;
  workerFile: string;
  timeoutSeconds: number;
  maxWorkers: number;
  log: Logger;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  run(message: RunMessage): Promise<JobOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, failure: crashed('local-cloud is shutting down') });
    return new Promise<JobOutcome>((resolve) => {
      this.queue.push({ message, resolve });
      this.dispatch();
    });
  }

  size(): number {
    return this.slots.size;
  }

  /** Terminates every worker; calls in flight or queued are answered with an error. */
  async close(reason = 'local-cloud is shutting down'): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, failure: crashed(reason) });
    await Promise.all([...this.slots].map((slot) => this.discard(slot, crashed(reason))));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.idleSlot() ?? (this.slots.size < this.options.maxWorkers ? this.spawn() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private idleSlot(): Slot | undefined {
    for (const slot of this.slots) if (!slot.job && !slot.exited) return slot;
    return undefined;
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerFile);
    const slot: Slot = { worker, exited: false };
    this.slots.add(slot);
    worker.on('message', (msg: unknown) => {
      if (isStartedMessage(msg) && slot.job?.message.invocationId === msg.invocationId) {
        this.arm(slot, slot.job, this.options.timeoutSeconds);
        return;
      }
      if (!isDoneMessage(msg) || !slot.job || slot.job.message.invocationId !== msg.invocationId) return;
      const outcome: JobOutcome = msg.ok
        ? { ok: true, result: JSON.parse(msg.json) as unknown }
        : { ok: false, failure: executeFailed(formatThrown(msg.error)) };
      if (!msg.ok) this.options.log.error(`[local-cloud] ${this.options.functionName} (${msg.invocationId}) threw:\n${msg.error.stack}`);
      this.finish(slot, outcome);
      this.dispatch();
    });
    worker.on('error', (err: Error) => {
      slot.fatal = err;
    });
    worker.on('exit', (code: number) => {
      slot.exited = true;
      this.slots.delete(slot);
      if (slot.job) {
        const detail = slot.fatal ? `${slot.fatal.name}: ${slot.fatal.message}` : `exit code ${code}`;
        this.options.log.error(
          `[local-cloud] ${this.options.functionName} (${slot.job.message.invocationId}) worker crashed: ${slot.fatal?.stack ?? detail}`,
        );
        this.finish(slot, { ok: false, failure: crashed(detail) });
      }
      // calls that were waiting for a free worker get a fresh one
      if (!this.closed) this.dispatch();
    });
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.fatal = undefined;
    // until the code is loaded, only the initialisation bound applies
    this.arm(slot, job, Math.max(INIT_TIMEOUT_SECONDS, this.options.timeoutSeconds));
    slot.worker.postMessage(job.message);
  }

  /** CloudBase kills the instance at the deadline; so do we, so a runaway loop cannot linger. */
  private arm(slot: Slot, job: Job, seconds: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    const { timeoutSeconds } = this.options;
    slot.timer = setTimeout(() => {
      this.options.log.error(`[local-cloud] ${this.options.functionName} (${job.message.invocationId}) timed out after ${timeoutSeconds} s`);
      void this.discard(slot, timedOut(timeoutSeconds));
    }, seconds * 1000);
  }

  private finish(slot: Slot, outcome: JobOutcome): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    job?.resolve(outcome);
  }

  private async discard(slot: Slot, failure: InvokeFailure): Promise<void> {
    this.slots.delete(slot);
    this.finish(slot, { ok: false, failure });
    if (!slot.exited) await slot.worker.terminate();
  }
}

/** The first line of the stack, as production's errMsg shows it: "TypeError: x is not a function". */
function formatThrown(error: { name: string; message: string }): string {
  return `${error.name || 'Error'}: ${error.message}`;
}
