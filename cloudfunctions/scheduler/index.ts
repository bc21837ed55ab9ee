/**
 * The `scheduler` cloud function: a timer trigger every minute (config.json) runs what time has
 * made due — leftover notifications, deadline warnings and escalations, auto-close.
 */
import { createStore } from '../runtime/db';
import { systemClock } from '../runtime/clock';
import { createNotifier } from '../runtime/notifier';
import { loadTemplates } from '../runtime/templates';
import { runScheduler, type RunSummary } from '../services/scheduler/run';

export async function main(): Promise<RunSummary> {
  return runScheduler({
    openid: 'system',
    clock: systemClock,
    db: createStore(),
    notifier: createNotifier(),
    templates: loadTemplates(),
    log: (message, err) => console.error(message, err),
  });
}
