/**
 * The `api` cloud function: the one entry the mini-program calls.
 * `{ action, payload, requestId? }` → `{ ok: true, data } | { ok: false, error }`.
 */
import { callerOpenid } from '../runtime/cloud';
import { createStore } from '../runtime/db';
import { systemClock } from '../runtime/clock';
import { createNotifier } from '../runtime/notifier';
import { loadTemplates } from '../runtime/templates';
import { route } from './router';

export async function main(event: unknown): Promise<unknown> {
  return route(event, {
    openid: callerOpenid(),
    clock: systemClock,
    db: createStore(),
    notifier: createNotifier(),
    templates: loadTemplates(),
    log: (message, err) => console.error(message, err),
  });
}
