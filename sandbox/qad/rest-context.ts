/** What a REST handler gets: the tenant, the caller, the parsed request and the error envelope mode. */
import type { SandboxClock, SandboxUser } from './auth.js';
import type { ErrorEnvelope } from './assumed-shapes.js';
import type { BrowseEngine } from './browse-engine.js';
import type { TenantStore } from './store.js';

/** Per-request context of REST handlers under `{base}/api/`. */
export interface RestContext {
  store: TenantStore;
  browses: BrowseEngine;
  clock: SandboxClock;
  user: SandboxUser;
  errorEnvelope: ErrorEnvelope;
  /** Domain named by `x-qad-workspace-id`, if sent. */
  workspaceDomain: string | undefined;
  url: URL;
  /** Parsed JSON body (undefined for GET or an empty body). */
  body: unknown;
}
