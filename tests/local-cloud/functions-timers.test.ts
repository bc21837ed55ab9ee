/** Timer triggers fire on local-cloud's clock, including when a test moves that clock. */
import { Clock } from '../../local-cloud/src/clock';
import type { TimerTrigger } from '../../local-cloud/src/functions/config';
import { TimerScheduler } from '../../local-cloud/src/functions/timers';

const silent = { info: () => undefined, error: () => undefined };

describe('TimerScheduler', () => {
  let realMs: number;
  let clock: Clock;
  let fired: { name: string; trigger: string; at: string }[];
  let scheduler: TimerScheduler;

  beforeEach(() => {
    jest.useFakeTimers();
    realMs = Date.parse('2026-03-02T00:59:58Z'); // 08:59:58 in Shanghai
    clock = new Clock(() => realMs);
    fired = [];
    scheduler = new TimerScheduler(clock, (name, trigger: TimerTrigger, at) => fired.push({ name, trigger: trigger.name, at: at.toISOString() }), silent);
  });
  afterEach(() => {
    scheduler.stop();
    jest.useRealTimers();
  });

  const tick = (ms: number): void => {
    realMs += ms;
    jest.advanceTimersByTime(ms);
  };

  it('fires a 7-field cron at its time in Beijing time', () => {
    scheduler.start([{ functionName: 'scheduler', trigger: { name: 'nineOClock', type: 'timer', config: '0 0 9 * * * *' } }]);
    tick(1000);
    expect(fired).toEqual([]);
    tick(2000);
    expect(fired).toEqual([{ name: 'scheduler', trigger: 'nineOClock', at: '2026-03-02T01:00:00.000Z' }]);
    tick(60_000);
    expect(fired).toHaveLength(1);
  });

  it('follows a jump of the simulated clock, firing once for the missed runs', () => {
    scheduler.start([{ functionName: 'scheduler', trigger: { name: 'everyMinute', type: 'timer', config: '0 */1 * * * * *' } }]);
    clock.advanceMinutes(30); // 09:29:58: the runs from 09:00 to 09:29 were missed
    tick(1000);
    expect(fired.map((f) => f.at)).toEqual(['2026-03-02T01:00:00.000Z']);
    tick(1000); // 09:30:00
    tick(60_000); // 09:31:00
    expect(fired.map((f) => f.at)).toEqual(['2026-03-02T01:00:00.000Z', '2026-03-02T01:30:00.000Z', '2026-03-02T01:31:00.000Z']);
  });

  it('re-plans when the clock goes back', () => {
    scheduler.start([{ functionName: 'scheduler', trigger: { name: 'everyMinute', type: 'timer', config: '0 */1 * * * * *' } }]);
    clock.advanceMinutes(-120);
    tick(1000);
    tick(1000);
    expect(fired).toHaveLength(1);
    expect(Date.parse(fired[0].at)).toBeLessThan(Date.parse('2026-03-02T00:00:00Z'));
  });

  it('honours the year field and skips a bad cron', () => {
    scheduler.start([
      { functionName: 'a', trigger: { name: 'nextYear', type: 'timer', config: '0 0 9 * * * 2030' } },
      { functionName: 'b', trigger: { name: 'broken', type: 'timer', config: 'not a cron' } },
    ]);
    tick(5000);
    expect(fired).toEqual([]);
  });
});
