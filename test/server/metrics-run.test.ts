/**
 * /metrics over a real run: the sandboxes, the real app and runtime, the engine's runPass, and a
 * dashboard on the same store and event bus as `ml-connector run` wires it. What the engine
 * emits reaches the counters, the histogram and the gauges under the names docs/operations.md lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { runPass } from '../../src/engine/runner.js';
import { catalogFlow } from '../../src/flows/index.js';
import { startDashboard } from '../../src/server/dashboard.js';
import type { DashboardHandle } from '../../src/server/types.js';
import { startHarness, type Harness } from '../flows/harness.js';
import { MemoryLogger } from './harness.js';

const TOKEN = 'metrics-run-admin-token-0123456789-abcdef';
const SCRAPE = 'metrics-run-scrape-token-9876543210-zyxwvu';
const registry = new Map<FlowId, FlowDefinition>([['catalog', catalogFlow]]);

/** The value of `name{labels}` in `text` (labels in exposition order). */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics after real runs', () => {
  let h: Harness;
  let dashboard: DashboardHandle;
  const scrape = async (): Promise<string> => {
    const res = await fetch(`${dashboard.url}/metrics`, { headers: { Authorization: `Bearer ${SCRAPE}` } });
    expect(res.status).toBe(200);
    return res.text();
  };
  beforeAll(async () => {
    h = await startHarness({ accounts: 2, items: 8 });
    dashboard = await startDashboard({
      port: 0,
      token: TOKEN,
      metricsToken: SCRAPE,
      store: h.app.store,
      events: h.app.events,
      clock: h.app.clock,
      rateBudget: () => [],
      schedule: () => [],
      replay: () => Promise.resolve({ replayed: 0, ok: 0, failed: 0 }),
      logger: new MemoryLogger(),
    });
  });
  afterAll(async () => {
    await dashboard.close();
    await h.close();
  });

  it('a catalog pass counts its run, duration, records and calls; a re-run with nothing changed adds no records', async () => {
    const before = await scrape();
    const catalog = 'connection="acme",flow="catalog"';
    expect(value(before, `ml_connector_runs_total{${catalog},outcome="ok"}`)).toBe(0);
    expect(value(before, `ml_connector_records_total{${catalog},outcome="created"}`)).toBe(0);

    const first = await runPass(h.rt, { registry });
    expect(first.flows[0]?.outcome).toBe('ok');
    const created = first.flows[0]?.counts.created ?? 0;
    expect(created).toBeGreaterThan(0);
    const after = await scrape();
    expect(value(after, `ml_connector_runs_total{${catalog},outcome="ok"}`)).toBe(1);
    expect(value(after, `ml_connector_run_duration_seconds_count{${catalog}}`)).toBe(1);
    expect(value(after, `ml_connector_run_duration_seconds_bucket{le="+Inf",${catalog}}`)).toBe(1);
    expect(value(after, `ml_connector_records_total{${catalog},outcome="created"}`)).toBe(created);
    expect(value(after, `ml_connector_record_attempts_total{${catalog},outcome="created"}`)).toBe(created);
    expect(value(after, `ml_connector_records_read_total{${catalog}}`)).toBe(first.flows[0]?.counts.read);
    expect(value(after, `ml_connector_ledger_records{${catalog},state="ok"}`)).toBe(created);
    expect(value(after, `ml_connector_last_success_timestamp_seconds{${catalog}}`)).toBeGreaterThan(0);
    expect(
      value(after, 'ml_connector_http_requests_total{system="hubspot",status_class="2xx"}'),
    ).toBeGreaterThan(0);
    expect(value(after, 'ml_connector_http_requests_total{system="qad",status_class="2xx"}')).toBeGreaterThan(
      0,
    );

    const second = await runPass(h.rt, { registry });
    expect(second.flows[0]?.outcome).toBe('ok');
    expect(second.flows[0]?.counts.created).toBe(0);
    const again = await scrape();
    expect(value(again, `ml_connector_runs_total{${catalog},outcome="ok"}`)).toBe(2);
    expect(value(again, `ml_connector_records_total{${catalog},outcome="created"}`)).toBe(created);
    expect(value(again, `ml_connector_records_total{${catalog},outcome="updated"}`)).toBe(0);
    expect(value(again, `ml_connector_records_read_total{${catalog}}`)).toBe(
      (first.flows[0]?.counts.read ?? 0) + (second.flows[0]?.counts.read ?? 0),
    );
  });
});
