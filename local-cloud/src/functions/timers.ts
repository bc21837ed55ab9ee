/**
 * Timer triggers on local-cloud's clock. The clock can jump (POST /_local/time), so rather than
 * one setTimeout per trigger we poll once a second: a trigger fires when the simulated time has
 * passed its next run. A jump forward over several runs fires once (as a restarted scheduler
 * would), a jump backwards re-plans. Cron is CloudBase's 7-field form in Beijing time (croner
 * reads the optional year field natively).
 */
import { Cron } from 'croner';
import type { Clock } from '../clock';
import type { Logger } from '../http';
import type { TimerTrigger } from './config';

export interface ScheduledTrigger {
  functionName: string;
  trigger: TimerTrigger;
}

interface Plan extends ScheduledTrigger {
  cron: Cron;
  nextMs: number | undefined;
}

const TICK_MS = 1000;
const TIME_ZONE = 'Asia/Shanghai';

export class TimerScheduler {
  private plans: Plan[] = [];
  private interval: NodeJS.Timeout | undefined;
  private lastNowMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly fire: (functionName: string, trigger: TimerTrigger, at: Date) => void,
    private readonly log: Logger,
  ) {}

  start(triggers: ScheduledTrigger[]): void {
    this.stop();
    this.plans = [];
    for (const t of triggers) {
      try {
        const cron = new Cron(t.trigger.config, { paused: true, timezone: TIME_ZONE });
        this.plans.push({ ...t, cron, nextMs: undefined });
      } catch (err) {
        this.log.error(`[local-cloud] ${t.functionName}: timer trigger "${t.trigger.name}" has a bad cron "${t.trigger.config}":`, err);
      }
    }
    this.replan();
    this.interval = setInterval(() => this.tick(), TICK_MS);
    this.interval.unref();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = undefined;
  }

  private replan(): void {
    const now = this.clock.nowMs();
    this.lastNowMs = now;
    for (const plan of this.plans) plan.nextMs = plan.cron.nextRun(new Date(now))?.getTime();
  }

  private tick(): void {
    const now = this.clock.nowMs();
    if (now < this.lastNowMs) return this.replan();
    this.lastNowMs = now;
    for (const plan of this.plans) {
      if (plan.nextMs === undefined || now < plan.nextMs) continue;
      const at = new Date(plan.nextMs);
      plan.nextMs = plan.cron.nextRun(new Date(now))?.getTime();
      this.fire(plan.functionName, plan.trigger, at);
    }
  }
}
