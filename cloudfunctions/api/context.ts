import type { TemplateMap } from '../../typings/notify';
import type { Clock } from '../core/clock';
import type { Store } from '../runtime/db';
import type { Notifier } from '../runtime/notifier';

/** What every handler gets: who calls, the time, the database, and the way to tell people. */
export interface HandlerContext {
  openid: string;
  clock: Clock;
  db: Store;
  notifier: Notifier;
  templates: TemplateMap;
  log: (message: string, err: unknown) => void;
  requestId?: string;
  /** the action and payload this requestId stands for (set with requestId) */
  requestFingerprint?: string;
}
