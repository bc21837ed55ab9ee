/**
 * Fault injection for tests (`POST /_local/faults`). Each fault is consumed where it applies:
 * the database fails its Nth write, the openapi answers an errcode, the runner crashes a worker.
 */
export interface FaultSpec {
  /** fail the Nth database write from now on (1 = the next one) */
  failWrite?: { nth: number };
  /** added to every admin (SDK) request */
  latencyMs?: number;
  /**
   * api name → what it answers instead, until cleared: an openapi (e.g. "subscribeMessage.send",
   * "cloudbase.sendSms") answers that errcode; a cloudPay api ("cloudPay.unifiedOrder") answers a
   * WeChat Pay err_code given as a string ("SYSTEMERROR": result_code FAIL) or, as a number, a
   * TCB system error the SDK throws (-501001…)
   */
  openapi?: Record<string, number | string>;
  /** the next invocation's worker crashes (process-level error) instead of running */
  crashNextWorker?: boolean;
}

export class Faults {
  private writesUntilFailure: number | undefined;
  private latency = 0;
  private openapiErrors = new Map<string, number | string>();
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

  /** the injected errcode of an openapi; a string given for it is ignored (it is a cloudPay err_code) */
  openapiErrcode(apiName: string): number | undefined {
    const fault = this.openapiErrors.get(apiName);
    return typeof fault === 'number' ? fault : undefined;
  }

  /** the injected answer of any api: a number (errcode) or a string (WeChat Pay err_code) */
  openapiFault(apiName: string): number | string | undefined {
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
