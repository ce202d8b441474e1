/**
 * A local QAD tenant (REST under `/clouderp` + QXtend SOAP) on a real HTTP port. See README.md
 * for every endpoint and the control API.
 */
import type { AddressInfo } from 'node:net';
import type { ErrorEnvelope } from './assumed-shapes.js';
import { DEFAULT_USERS, TokenService, type SandboxClock, type SandboxUser } from './auth.js';
import { BrowseEngine } from './browse-engine.js';
import { FaultRegistry } from './faults.js';
import { QxtendService } from './qxtend-service.js';
import { QXTEND_PATH, createSandboxServer } from './server.js';
import { RequestStats } from './stats.js';
import { TenantStore } from './store.js';

export type { SandboxUser, SandboxClock } from './auth.js';
export type { FaultSpec, FaultKind } from './faults.js';
export { BROWSE_IDS, SO_PO_FIELD, ERROR_CODES } from './assumed-shapes.js';
export { ACTION_STATUS, LINE_CLOSED } from './assumed-order-shapes.js';
export { ORDER_LIFE_STEPS, type OrderLifeStatus, type OrderLifeStep } from './order-life.js';

/** Options of `startQadSandbox`; every field is optional. */
export interface QadSandboxOptions {
  /** Port to listen on (default 0 = any free port). */
  port?: number;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /** Context root of the tenant (default '/clouderp'). */
  basePath?: string;
  /** Data seed (default 1). */
  seed?: number;
  /** Generated accounts to load (default 50). */
  accounts?: number;
  /** Generated items to load (default 20). */
  items?: number;
  /** Generated EDI/phone sales orders to load, with their shipments and invoices (default 0). */
  orders?: number;
  /** Access-token lifetime in ms (default 3,600,000). */
  tokenLifetimeMs?: number;
  /** Users (default: integration / readonly / noaccess; the first is the one returned). */
  users?: SandboxUser[];
  /** Time source (default real time); `FakeClock` from src/core fits. */
  clock?: SandboxClock;
  /** OAuth client id (default a fixed 32-hex string). */
  clientId?: string;
  /** QXtend receivers (default ['QADERP']). */
  receivers?: string[];
  /** QXtend pool size (default 2). */
  qxtendPoolSize?: number;
}

/** A running sandbox. */
export interface QadSandbox {
  /** Tenant base URL, e.g. http://127.0.0.1:PORT/clouderp */
  url: string;
  /** http://127.0.0.1:PORT — the control API is at `${origin}/_sandbox/`. */
  origin: string;
  /** http://127.0.0.1:PORT/qxi/services/QdocWebService */
  qxtendUrl: string;
  clientId: string;
  username: string;
  password: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const DEFAULT_CLIENT_ID = '5f2b8c1e9a7d4e3f8b6c0a1d2e3f4a5b';

/** Starts a seeded QAD tenant on 127.0.0.1, port 0 unless told otherwise. */
export async function startQadSandbox(options: QadSandboxOptions = {}): Promise<QadSandbox> {
  const clock: SandboxClock = options.clock ?? { nowMs: () => Date.now() };
  const basePath = (options.basePath ?? '/clouderp').replace(/\/+$/, '');
  const users = options.users ?? DEFAULT_USERS.map((u) => ({ ...u }));
  const first = users[0];
  if (!first) throw new RangeError('at least one user is required');
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const tokenLifetimeMs = options.tokenLifetimeMs ?? 3_600_000;
  const receivers = options.receivers ?? ['QADERP'];
  const poolSize = options.qxtendPoolSize ?? 2;

  const store = new TenantStore();
  store.seed(options.seed ?? 1, options.accounts ?? 50, options.items ?? 20, options.orders ?? 0);
  const tokens = new TokenService(clock, tokenLifetimeMs, users, clientId);
  const browses = new BrowseEngine(store);
  const faults = new FaultRegistry(basePath);
  const stats = new RequestStats();
  const qxtend = new QxtendService(
    store,
    tokens,
    clock,
    { silentNoOp: false, processingDelayMs: 0, receivers: [...receivers] },
    poolSize,
  );
  const restSettings: { errorEnvelope: ErrorEnvelope } = { errorEnvelope: 'submitResult' };
  const resetSettings = (): void => {
    restSettings.errorEnvelope = 'submitResult';
    tokens.basicAuthEnabled = true;
    tokens.lifetimeMs = tokenLifetimeMs;
    Object.assign(qxtend.settings, { silentNoOp: false, processingDelayMs: 0, receivers: [...receivers] });
    qxtend.pool.resize(poolSize);
  };
  const server = createSandboxServer({
    basePath,
    rest: { store, browses, clock, tokens, settings: restSettings },
    control: { store, tokens, faults, stats, qxtend, clock, restSettings, resetSettings },
    qxtend,
    faults,
    stats,
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}${basePath}`,
    origin,
    qxtendUrl: `${origin}${QXTEND_PATH}`,
    clientId,
    username: first.username,
    password: first.password,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
