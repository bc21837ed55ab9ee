import type { Clock } from '../core/clock';

/**
 * The clock cloud functions use. In CloudBase it is the real time; local-cloud passes its
 * simulated-time offset with each invocation, so tests can move time without waiting.
 */
export const systemClock: Clock = {
  now: () => new Date(Date.now() + (Number(process.env.LOCAL_CLOUD_CLOCK_OFFSET_MS) || 0)),
};
