/**
 * The `scheduler` cloud function: a timer trigger every minute (config.json) runs what time has
 * made due — leftover notifications, deadline warnings and escalations, auto-close.
 */
import { systemContext } from '../runtime/system-context';
import { runScheduler, type RunSummary } from '../services/scheduler/run';

export async function main(): Promise<RunSummary> {
  return runScheduler(systemContext());
}
