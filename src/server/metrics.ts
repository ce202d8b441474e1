/**
 * The connector's Prometheus metrics, through prom-client, in ONE registry per instance (never
 * prom-client's global one): each dashboard has its own, so two in one process (tests) never mix.
 *
 * Counters and histograms are fed from EventBus events and count what this process did since it
 * started, as Prometheus expects; gauges (ledger states, last success, HubSpot budget) are read
 * from the store and the limiter at scrape time, so they survive a restart. Every label set a
 * query may rate() over is initialised at 0: each connection × flow (the flow list of the store,
 * FLOW_IDS) × outcome, each system × class. The metric list and its meaning is in docs/operations.md.
 *
 * Events consumed:
 * - `http.request` → ml_connector_http_requests_total, ml_connector_http_rate_limited_total,
 *   ml_connector_http_request_duration_seconds
 * - `retry.scheduled` → ml_connector_http_retries_total
 * - `run.started` (dry runs are remembered and not counted), `run.finished` →
 *   ml_connector_runs_total, ml_connector_run_duration_seconds, ml_connector_records_read_total
 * - `records.committed` → ml_connector_record_attempts_total (every attempt) and
 *   ml_connector_records_total (records that reached a result; failing again the same way is
 *   an attempt only)
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BuildInfo } from '../app/build-info.js';
import type { EventBus } from '../core/events.js';
import { FLOW_IDS, type FlowHealth } from '../core/store-port.js';
import type { RateBudgetSnapshot } from './types.js';

/** Content-Type of the text exposition format 0.0.4. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

export type { BuildInfo };

export const RUN_OUTCOMES = ['ok', 'partial', 'failed', 'aborted', 'skipped'] as const;
/** Results an attempt on a record can have (audit actions; `failed`/`quarantined` as the link ends up). */
export const ATTEMPT_OUTCOMES = [
  'created',
  'updated',
  'archived',
  'replayed',
  'skipped',
  'failed',
  'quarantined',
] as const;
/** Results a record can reach (a skip leaves the record as it was, so it is an attempt only). */
export const RECORD_OUTCOMES = [
  'created',
  'updated',
  'archived',
  'replayed',
  'failed',
  'quarantined',
] as const;
export const LEDGER_STATES = ['ok', 'failed', 'quarantined', 'waiting'] as const;
export const HTTP_SYSTEMS = ['hubspot', 'qad'] as const;
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'none'] as const;
export const RETRY_REASONS = ['rate_limited', 'locked', 'migration', 'server_error', 'network'] as const;

/** Run durations: from a quiet incremental run to a long backfill. */
export const RUN_DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** Outbound call durations. */
export const HTTP_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** `200` → `2xx`; no response (status 0) → `none`. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
}

/** The HTTP layer's free-text retry reason (`429 SECONDLY`, `503`, `HTTP_TIMEOUT`…) as one of RETRY_REASONS. */
export function retryReason(reason: string): (typeof RETRY_REASONS)[number] {
  if (reason.startsWith('429')) return 'rate_limited';
  if (reason.startsWith('423')) return 'locked';
  if (reason.startsWith('477')) return 'migration';
  if (/^\d{3}$/.test(reason)) return 'server_error';
  return 'network';
}

/** The connector's metrics: counters subscribed to `events`, gauges refreshed by `collect`. */
export class ConnectorMetrics {
  readonly registry = new Registry();
  readonly #offs: (() => void)[] = [];
  /** connection names whose label sets are initialised */
  readonly #known = new Set<string>();
  /** runs started as dry runs: they write nothing, so they are not counted */
  readonly #dryRuns = new Set<string>();

  readonly #runs: Counter<'connection' | 'flow' | 'outcome'>;
  readonly #runDuration: Histogram<'connection' | 'flow'>;
  readonly #read: Counter<'connection' | 'flow'>;
  readonly #attempts: Counter<'connection' | 'flow' | 'outcome'>;
  readonly #records: Counter<'connection' | 'flow' | 'outcome'>;
  readonly #requests: Counter<'system' | 'status_class'>;
  readonly #rateLimited: Counter<'system'>;
  readonly #retries: Counter<'system' | 'reason'>;
  readonly #httpDuration: Histogram<'system'>;
  readonly #lastSuccess: Gauge<'connection' | 'flow'>;
  readonly #lag: Gauge<'connection' | 'flow'>;
  readonly #ledger: Gauge<'connection' | 'flow' | 'state'>;
  readonly #dailyUsed: Gauge<'connection' | 'portal'>;
  readonly #dailyLimit: Gauge<'connection' | 'portal'>;
  readonly #dailyReset: Gauge<'connection' | 'portal'>;
  readonly #burstUsed: Gauge<'connection' | 'portal'>;
  readonly #burstLimit: Gauge<'connection' | 'portal'>;
  readonly #paused: Gauge<'connection' | 'portal'>;

  /**
   * `processMetrics` adds the usual process metrics (CPU, resident memory, heap, start time),
   * read at scrape time. prom-client's own default set is not used: some of its gauges end in
   * `_total`, which `promtool check metrics` rejects, and its GC observer outlives the registry.
   */
  constructor(events: EventBus, build: BuildInfo, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const flowLabels = ['connection', 'flow'] as const;
    const portalLabels = ['connection', 'portal'] as const;
    this.#runs = new Counter({
      name: 'ml_connector_runs_total',
      help: 'Flow runs finished, by outcome (skipped: another process held the lease).',
      labelNames: [...flowLabels, 'outcome'],
      registers,
    });
    this.#runDuration = new Histogram({
      name: 'ml_connector_run_duration_seconds',
      help: 'Duration of finished flow runs.',
      labelNames: flowLabels,
      buckets: RUN_DURATION_BUCKETS,
      registers,
    });
    this.#read = new Counter({
      name: 'ml_connector_records_read_total',
      help: 'Source records read by finished runs (changed or not).',
      labelNames: flowLabels,
      registers,
    });
    this.#attempts = new Counter({
      name: 'ml_connector_record_attempts_total',
      help: 'Attempts on records (one per audit event): a record retried every run counts every run.',
      labelNames: [...flowLabels, 'outcome'],
      registers,
    });
    this.#records = new Counter({
      name: 'ml_connector_records_total',
      help: 'Records that reached an outcome; a record failing again for the same reason is not counted again.',
      labelNames: [...flowLabels, 'outcome'],
      registers,
    });
    this.#requests = new Counter({
      name: 'ml_connector_http_requests_total',
      help: 'Outbound HTTP attempts, by system and status class (none: no response).',
      labelNames: ['system', 'status_class'],
      registers,
    });
    this.#rateLimited = new Counter({
      name: 'ml_connector_http_rate_limited_total',
      help: 'HTTP 429 answers received, by system.',
      labelNames: ['system'],
      registers,
    });
    this.#retries = new Counter({
      name: 'ml_connector_http_retries_total',
      help: 'Retries scheduled by the HTTP layer, by system and reason.',
      labelNames: ['system', 'reason'],
      registers,
    });
    this.#httpDuration = new Histogram({
      name: 'ml_connector_http_request_duration_seconds',
      help: 'Duration of outbound HTTP attempts, by system.',
      labelNames: ['system'],
      buckets: HTTP_DURATION_BUCKETS,
      registers,
    });
    this.#lastSuccess = new Gauge({
      name: 'ml_connector_last_success_timestamp_seconds',
      help: 'End of the last run of a flow that ended ok (Unix time); absent until one did.',
      labelNames: flowLabels,
      registers,
    });
    this.#lag = new Gauge({
      name: 'ml_connector_lag_seconds',
      help: 'Seconds since the last run of a flow that ended ok; absent until one did.',
      labelNames: flowLabels,
      registers,
    });
    this.#ledger = new Gauge({
      name: 'ml_connector_ledger_records',
      help: 'Records in the ledger by state (ok, failed, quarantined).',
      labelNames: [...flowLabels, 'state'],
      registers,
    });
    const portalGauge = (name: string, help: string): Gauge<'connection' | 'portal'> =>
      new Gauge({ name, help, labelNames: portalLabels, registers });
    this.#dailyUsed = portalGauge(
      'ml_connector_hubspot_daily_calls_used',
      "HubSpot API calls used since the portal's local midnight.",
    );
    this.#dailyLimit = portalGauge('ml_connector_hubspot_daily_calls_limit', 'HubSpot daily API call limit.');
    this.#dailyReset = portalGauge(
      'ml_connector_hubspot_daily_reset_timestamp_seconds',
      'When the HubSpot daily budget resets (Unix time).',
    );
    this.#burstUsed = portalGauge(
      'ml_connector_hubspot_burst_calls_used',
      'HubSpot calls in the current burst window.',
    );
    this.#burstLimit = portalGauge('ml_connector_hubspot_burst_calls_limit', 'HubSpot burst window limit.');
    this.#paused = portalGauge(
      'ml_connector_hubspot_paused',
      "1 while a portal's flows are paused for the daily limit, else 0.",
    );
    new Gauge({
      name: 'ml_connector_build_info',
      help: 'Always 1; the labels say which build runs.',
      labelNames: ['version', 'node_version', 'commit'],
      registers,
    }).set({ version: build.version, node_version: process.version, commit: build.commit }, 1);
    if (options.processMetrics === true) this.#processMetrics();

    for (const system of HTTP_SYSTEMS) {
      this.#rateLimited.inc({ system }, 0);
      this.#httpDuration.zero({ system });
      for (const status_class of STATUS_CLASSES) this.#requests.inc({ system, status_class }, 0);
      for (const reason of RETRY_REASONS) this.#retries.inc({ system, reason }, 0);
    }
    this.#subscribe(events);
  }

  /** process_cpu_seconds_total, process_resident_memory_bytes, process_start_time_seconds, nodejs_heap_*. */
  #processMetrics(): void {
    const registers = [this.registry];
    const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
    new Counter({
      name: 'process_cpu_seconds_total',
      help: 'User and system CPU time spent, in seconds.',
      registers,
      collect(): void {
        const { user, system } = process.cpuUsage();
        this.reset();
        this.inc((user + system) / 1e6);
      },
    });
    new Gauge({
      name: 'process_resident_memory_bytes',
      help: 'Resident memory size in bytes.',
      registers,
      collect(): void {
        this.set(process.memoryUsage.rss());
      },
    });
    new Gauge({
      name: 'process_start_time_seconds',
      help: 'Start time of the process since the Unix epoch, in seconds.',
      registers,
    }).set(startSeconds);
    new Gauge({
      name: 'nodejs_heap_size_used_bytes',
      help: 'V8 heap in use, in bytes.',
      registers,
      collect(): void {
        this.set(process.memoryUsage().heapUsed);
      },
    });
    new Gauge({
      name: 'nodejs_heap_size_total_bytes',
      help: 'V8 heap allocated, in bytes.',
      registers,
      collect(): void {
        this.set(process.memoryUsage().heapTotal);
      },
    });
  }

  #subscribe(events: EventBus): void {
    this.#offs.push(
      events.on('http.request', (e) => {
        const system = e.system;
        this.#requests.inc({ system, status_class: statusClass(e.status) });
        if (e.status === 429) this.#rateLimited.inc({ system });
        this.#httpDuration.observe({ system }, Math.max(0, e.durationMs) / 1000);
      }),
      events.on('retry.scheduled', (e) => {
        this.#retries.inc({ system: e.system, reason: retryReason(e.reason) });
      }),
      events.on('run.started', (e) => {
        if (e.dryRun) this.#dryRuns.add(e.runId);
      }),
      events.on('run.finished', (e) => {
        if (e.runId !== null && this.#dryRuns.delete(e.runId)) return;
        this.initialise([e.connection]);
        const labels = { connection: e.connection, flow: e.flow };
        this.#runs.inc({ ...labels, outcome: e.outcome });
        if (e.outcome === 'skipped') return;
        this.#runDuration.observe(labels, Math.max(0, e.durationMs) / 1000);
        this.#read.inc(labels, e.counts.read);
      }),
      events.on('records.committed', (e) => {
        this.initialise([e.connection]);
        const labels = { connection: e.connection, flow: e.flow };
        for (const [outcome, n] of Object.entries(e.attempts)) {
          if (n > 0) this.#attempts.inc({ ...labels, outcome }, n);
        }
        for (const [outcome, n] of Object.entries(e.records)) {
          if (n > 0) this.#records.inc({ ...labels, outcome }, n);
        }
      }),
    );
  }

  /** Creates every label set of these connections at 0 (each flow × outcome), once per connection. */
  initialise(connections: Iterable<string>): void {
    for (const connection of connections) {
      if (this.#known.has(connection)) continue;
      this.#known.add(connection);
      for (const flow of FLOW_IDS) {
        const labels = { connection, flow };
        for (const outcome of RUN_OUTCOMES) this.#runs.inc({ ...labels, outcome }, 0);
        for (const outcome of ATTEMPT_OUTCOMES) this.#attempts.inc({ ...labels, outcome }, 0);
        for (const outcome of RECORD_OUTCOMES) this.#records.inc({ ...labels, outcome }, 0);
        this.#read.inc(labels, 0);
        this.#runDuration.zero(labels);
      }
    }
  }

  /** Recomputes the gauges from the store's flow health and the limiter snapshots. */
  collect(health: FlowHealth[], budgets: RateBudgetSnapshot[], nowMs: number): void {
    this.initialise(health.map((h) => h.connection));
    for (const gauge of [this.#lastSuccess, this.#lag, this.#ledger]) gauge.reset();
    for (const gauge of [
      this.#dailyUsed,
      this.#dailyLimit,
      this.#dailyReset,
      this.#burstUsed,
      this.#burstLimit,
      this.#paused,
    ]) {
      gauge.reset();
    }
    for (const h of health) {
      const labels = { connection: h.connection, flow: h.flow };
      if (h.lastSuccessAtMs !== null) {
        this.#lastSuccess.set(labels, h.lastSuccessAtMs / 1000);
        this.#lag.set(labels, Math.max(0, (nowMs - h.lastSuccessAtMs) / 1000));
      }
      this.#ledger.set({ ...labels, state: 'ok' }, h.inSync);
      this.#ledger.set({ ...labels, state: 'failed' }, h.failing);
      this.#ledger.set({ ...labels, state: 'quarantined' }, h.quarantined);
      this.#ledger.set({ ...labels, state: 'waiting' }, h.waiting);
    }
    for (const b of budgets) {
      const labels = { connection: b.connection, portal: String(b.portalId) };
      this.#dailyUsed.set(labels, b.daily.used);
      this.#dailyLimit.set(labels, b.daily.limit);
      if (b.daily.resetAtMs !== null) this.#dailyReset.set(labels, b.daily.resetAtMs / 1000);
      this.#burstUsed.set(labels, b.burst.used);
      this.#burstLimit.set(labels, b.burst.limit);
      this.#paused.set(labels, b.pausedUntilMs && b.pausedUntilMs > nowMs ? 1 : 0);
    }
  }

  /** The exposition text (format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  close(): void {
    for (const off of this.#offs.splice(0)) off();
  }
}
