import type { Clock } from '../core/clock';
import type { Store } from '../runtime/db';

/** What every handler gets: who calls, the time, the database. */
export interface HandlerContext {
  openid: string;
  clock: Clock;
  db: Store;
  requestId?: string;
  /** the action and payload this requestId stands for (set with requestId) */
  requestFingerprint?: string;
}
