/**
 * Fault injection for tests (`POST /_local/faults`). Each fault is consumed where it applies:
 * the database fails its Nth write, the openapi answers an errcode, the runner crashes a worker.
 */
export interface FaultSpec {
  /** fail the Nth database write from now on (1 = the next one) */
  failWrite?: { nth: number };
  /** added to every admin (SDK) request */
  latencyMs?: number;
  /** openapi name (e.g. "subscribeMessage.send") → errcode to answer, until cleared */
  openapi?: Record<string, number>;
  /** the next invocation's worker crashes (process-level error) instead of running */
  crashNextWorker?: boolean;
}

export class Faults {
  private writesUntilFailure: number | undefined;
  private latency = 0;
  private openapiErrors = new Map<string, number>();
  private crashNext = false;

  configure(spec: FaultSpec): void {
    this.clear();
    if (spec.failWrite) this.writesUntilFailure = spec.failWrite.nth;
    if (spec.latencyMs) this.latency = spec.latencyMs;
    for (const [api, code] of Object.entries(spec.openapi ?? {})) this.openapiErrors.set(api, code);
    this.crashNext = spec.crashNextWorker === true;
  }

  clear(): void {
    this.writesUntilFailure = undefined;
    this.latency = 0;
    this.openapiErrors.clear();
    this.crashNext = false;
  }

  /** Called once per database write; true when this write must fail. */
  shouldFailWrite(): boolean {
    if (this.writesUntilFailure === undefined) return false;
    this.writesUntilFailure -= 1;
    if (this.writesUntilFailure > 0) return false;
    this.writesUntilFailure = undefined;
    return true;
  }

  latencyMs(): number {
    return this.latency;
  }

  openapiErrcode(apiName: string): number | undefined {
    return this.openapiErrors.get(apiName);
  }

  takeCrashNextWorker(): boolean {
    const crash = this.crashNext;
    this.crashNext = false;
    return crash;
  }

  describe(): FaultSpec {
    return {
      ...(this.writesUntilFailure !== undefined ? { failWrite: { nth: this.writesUntilFailure } } : {}),
      ...(this.latency ? { latencyMs: this.latency } : {}),
      ...(this.openapiErrors.size ? { openapi: Object.fromEntries(this.openapiErrors) } : {}),
      ...(this.crashNext ? { crashNextWorker: true } : {}),
    };
  }
}
