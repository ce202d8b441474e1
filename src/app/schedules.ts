/**
 * What runs when: every enabled flow of every configured connection with its schedule. The
 * embedded scheduler (`run`) and the queue scheduler (`run --role scheduler`) both start from
 * this list, so they can never disagree about what is due.
 */
import type { ScheduledFlow } from '../engine/scheduler.js';
import type { FlowRegistry } from '../engine/runner.js';
import type { App } from './compose.js';

/** Every enabled (connection, flow) the registry knows, with its configured schedule. */
export function scheduledFlows(app: Pick<App, 'config'>, registry: FlowRegistry): ScheduledFlow[] {
  const flows: ScheduledFlow[] = [];
  for (const connection of app.config.connections) {
    for (const id of registry.keys()) {
      const cfg = connection.flows[id];
      if (!cfg.enabled) continue;
      const schedule =
        cfg.schedule.everyMs !== undefined
          ? { everyMs: cfg.schedule.everyMs }
          : { cron: cfg.schedule.cron ?? '0 * * * *' };
      flows.push({ connection: connection.name, flow: id, schedule });
    }
  }
  return flows;
}
