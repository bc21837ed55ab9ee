/**
 * What a function that runs without a WeChat user (the scheduler's timer, WeChat Pay's callback)
 * hands to the shared handlers: the system as the caller, the clock, the database, and the way to
 * tell people.
 */
import type { HandlerContext } from '../api/context';
import { systemClock } from './clock';
import { createStore } from './db';
import { createNotifier } from './notifier';
import { loadTemplates } from './templates';

export function systemContext(): HandlerContext {
  return {
    openid: 'system',
    clock: systemClock,
    db: createStore(),
    notifier: createNotifier(),
    templates: loadTemplates(),
    log: (message, err) => console.error(message, err),
  };
}
