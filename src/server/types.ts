/**
 * What the dashboard needs from the rest of the process, injected by whoever starts it (the `run`
 * command, tests). The server never builds an engine, store or limiter itself, so it does not care
 * who built them and it runs against a seeded store in tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { FlowId, Store } from '../core/store-port.js';

/** One HubSpot portal's rate budget as the limiter sees it right now. */
export interface RateBudgetSnapshot {
  connection: string;
  /** HubSpot portal (Hub) id. */
  portalId: number;
  /** Rolling burst window: calls sent in the current window vs the limit. */
  burst: { used: number; limit: number; windowMs: number };
  /** The search bucket (5/s by default); omitted when the limiter does not track it. */
  search?: { used: number; limit: number; windowMs: number };
  /** The daily budget: calls used since the portal's local midnight vs the limit; `resetAtMs` is that next midnight. */
  daily: { used: number; limit: number; resetAtMs: number | null };
  /** Set while the portal's flows are paused for the daily limit (epoch ms when they resume). */
  pausedUntilMs?: number | null;
}

/** When the scheduler will run a flow next. */
export interface ScheduleEntry {
  connection: string;
  flow: FlowId;
  nextRunAtMs: number | null;
  /** Set while the flow is paused (HubSpot daily limit): epoch ms when it resumes. */
  pausedUntilMs?: number | null;
  /** The flow's configured interval, for "ran on schedule"; default: inferred from its runs. */
  intervalMs?: number;
}

export type { ReplayRequest, ReplayResult } from '../app/replay.js';
import type { ReplayRequest, ReplayResult } from '../app/replay.js';

/** Minimal structured logger (pino-compatible). */
export interface DashboardLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

/** Everything `startDashboard` takes. */
export interface DashboardOptions {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind; default 127.0.0.1 (config `dashboard.host`). */
  host?: string;
  /** The resolved dashboard secret (config `dashboard.token`). Required: there is no default password. */
  token: string | undefined;
  store: Store;
  events: EventBus;
  clock: Clock;
  rateBudget: () => RateBudgetSnapshot[];
  schedule: () => ScheduleEntry[];
  replay: (req: ReplayRequest) => Promise<ReplayResult>;
  logger: DashboardLogger;
  /** Idle session lifetime; default 12 hours. */
  sessionIdleMs?: number;
  /**
   * The resolved read-only metrics token (config `dashboard.metricsToken`): `Authorization: Bearer`
   * with it reads `/metrics` and nothing else. Optional: without it only the admin token reads /metrics.
   */
  metricsToken?: string | undefined;
  /** Version and commit for `ml_connector_build_info`; default: read from the package. */
  build?: { version: string; commit: string };
  /** Add prom-client's process and Node.js metrics to /metrics; default true. */
  processMetrics?: boolean;
  /** PEM certificate chain and private key: serve HTTPS instead of plain HTTP (config `dashboard.tls`). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** HubSpot's webhook receiver (`hooks.onDashboard`): answers its own path before any login. */
  hooks?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** A running dashboard. */
export interface DashboardHandle {
  /** Base URL, e.g. `http://127.0.0.1:8787` (`https://…` with TLS). */
  url: string;
  close(): Promise<void>;
}
