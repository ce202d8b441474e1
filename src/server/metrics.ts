/**
 * Prometheus metrics in the text exposition format 0.0.4. Counters are fed from EventBus events
 * (so they count what this process did since it started, as Prometheus expects); gauges such as
 * lag and record states are read from the store and the limiter at scrape time.
 *
 * Events consumed (payloads are read defensively, so a producer adding fields never breaks us):
 * - `http.request` { system, status } → ml_connector_api_calls_total, ml_connector_rate_limited_total (429)
 * - `retry.scheduled` { system, reason } → ml_connector_retries_total
 * - `run.finished` { connection, flow, outcome, counts } → ml_connector_runs_total, ml_connector_records_total
 */
import type { EventBus } from '../core/events.js';
import { isRecord } from '../core/guards.js';
import type { FlowHealth } from '../core/store-port.js';
import type { RateBudgetSnapshot } from './types.js';

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  samples: Map<string, { labels: Labels; value: number }>;
}

/** Content-Type of the exposition format. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelKey(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** A tiny metrics registry: named families of labelled samples, rendered in 0.0.4 text format. */
export class MetricsRegistry {
  readonly #families = new Map<string, Family>();

  define(name: string, type: Family['type'], help: string): void {
    if (!this.#families.has(name)) this.#families.set(name, { help, type, samples: new Map() });
  }

  inc(name: string, labels: Labels, by = 1): void {
    const family = this.#family(name);
    const key = labelKey(labels);
    const sample = family.samples.get(key);
    if (sample) sample.value += by;
    else family.samples.set(key, { labels, value: by });
  }

  set(name: string, labels: Labels, value: number): void {
    this.#family(name).samples.set(labelKey(labels), { labels, value });
  }

  /** Drops every sample of a gauge family before it is recomputed. */
  reset(name: string): void {
    this.#family(name).samples.clear();
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, family] of this.#families) {
      lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const sample of family.samples.values()) {
        const key = labelKey(sample.labels);
        lines.push(`${name}${key ? `{${key}}` : ''} ${formatValue(sample.value)}`);
      }
    }
    return lines.join('\n') + '\n';
  }

  #family(name: string): Family {
    const family = this.#families.get(name);
    if (!family) throw new Error(`metric ${name} is not defined`);
    return family;
  }
}

function str(value: unknown, fallback = 'unknown'): string {
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : fallback;
}

function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The connector's metrics: counters subscribed to `events`, gauges refreshed by `collect`. */
export class ConnectorMetrics {
  readonly registry = new MetricsRegistry();
  readonly #off: () => void;

  constructor(events: EventBus) {
    const r = this.registry;
    r.define('ml_connector_runs_total', 'counter', 'Flow runs finished, by connection, flow and outcome.');
    r.define('ml_connector_records_total', 'counter', 'Records processed by finished runs, by outcome.');
    r.define(
      'ml_connector_api_calls_total',
      'counter',
      'Outbound API calls (attempts), by system and HTTP status.',
    );
    r.define('ml_connector_rate_limited_total', 'counter', 'HTTP 429 answers received, by system.');
    r.define('ml_connector_retries_total', 'counter', 'Retries scheduled, by system and reason.');
    r.define('ml_connector_lag_seconds', 'gauge', 'Seconds since the last successful run of a flow.');
    r.define('ml_connector_records', 'gauge', 'Ledger records by state (ok, failed, quarantined).');
    r.define('ml_connector_hubspot_daily_used', 'gauge', 'HubSpot API calls used today, per portal.');
    r.define('ml_connector_hubspot_daily_limit', 'gauge', 'HubSpot daily API call limit, per portal.');
    r.define(
      'ml_connector_hubspot_burst_used',
      'gauge',
      'HubSpot calls in the current burst window, per portal.',
    );
    r.define('ml_connector_hubspot_burst_limit', 'gauge', 'HubSpot burst window limit, per portal.');
    r.define('ml_connector_paused', 'gauge', "1 while a portal's flows are paused for the daily limit.");
    this.#off = events.onAny((name, payload) => this.#onEvent(name, rec(payload)));
  }

  #onEvent(name: string, p: Record<string, unknown>): void {
    const r = this.registry;
    if (name === 'http.request') {
      const system = str(p['system']);
      const status = str(p['status'], 'error');
      r.inc('ml_connector_api_calls_total', { system, status });
      if (p['status'] === 429) r.inc('ml_connector_rate_limited_total', { system });
    } else if (name === 'retry.scheduled') {
      r.inc('ml_connector_retries_total', { system: str(p['system']), reason: str(p['reason']) });
    } else if (name === 'run.finished') {
      const connection = str(p['connection']);
      const flow = str(p['flow']);
      r.inc('ml_connector_runs_total', { connection, flow, outcome: str(p['outcome']) });
      for (const [outcome, n] of Object.entries(rec(p['counts']))) {
        if (typeof n === 'number' && n > 0 && outcome !== 'read') {
          r.inc('ml_connector_records_total', { connection, flow, outcome }, n);
        }
      }
    }
  }

  /** Recomputes the gauges from the store's flow health and the limiter snapshots. */
  collect(health: FlowHealth[], budgets: RateBudgetSnapshot[], nowMs: number): void {
    const r = this.registry;
    for (const name of [
      'ml_connector_lag_seconds',
      'ml_connector_records',
      'ml_connector_hubspot_daily_used',
      'ml_connector_hubspot_daily_limit',
      'ml_connector_hubspot_burst_used',
      'ml_connector_hubspot_burst_limit',
      'ml_connector_paused',
    ]) {
      r.reset(name);
    }
    for (const h of health) {
      const labels = { connection: h.connection, flow: h.flow };
      if (h.lastSuccessAtMs !== null) {
        r.set('ml_connector_lag_seconds', labels, Math.max(0, (nowMs - h.lastSuccessAtMs) / 1000));
      }
      r.set('ml_connector_records', { ...labels, state: 'ok' }, h.inSync);
      r.set('ml_connector_records', { ...labels, state: 'failed' }, h.failing);
      r.set('ml_connector_records', { ...labels, state: 'quarantined' }, h.quarantined);
    }
    for (const b of budgets) {
      const labels = { connection: b.connection, portal: String(b.portalId) };
      r.set('ml_connector_hubspot_daily_used', labels, b.daily.used);
      r.set('ml_connector_hubspot_daily_limit', labels, b.daily.limit);
      r.set('ml_connector_hubspot_burst_used', labels, b.burst.used);
      r.set('ml_connector_hubspot_burst_limit', labels, b.burst.limit);
      r.set('ml_connector_paused', labels, b.pausedUntilMs && b.pausedUntilMs > nowMs ? 1 : 0);
    }
  }

  render(): string {
    return this.registry.render();
  }

  close(): void {
    this.#off();
  }
}
