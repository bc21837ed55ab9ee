/**
 * The one clock of local-cloud. Time flows at real speed from an adjustable offset, so tests can
 * jump to "tomorrow 08:59" and SLA rules see the jump, while durations inside a call stay real.
 * Cloud functions receive the offset with each invocation (see functions/worker.ts).
 */
export class Clock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  set(to: Date): void {
    this.offsetMs = to.getTime() - this.realNow();
  }

  advanceMinutes(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
