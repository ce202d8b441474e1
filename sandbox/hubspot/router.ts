/**
 * Maps HubSpot paths of every family (`/crm/v3/objects/…`, `/crm/objects/2026-03/…`,
 * `/crm/v4/associations/…`, `/crm/associations/2026-09/…`, `/account-info/v3/…`) onto one canonical,
 * version-free path, then matches it against route templates such as
 * `/crm/objects/{objectType}/batch/upsert`. Templates double as the stats/fault route names.
 */
import type { PortalState } from './state.js';

/** API versions the sandbox answers. */
export const VERSIONS = ['v1', 'v2', 'v3', 'v4', '2025-09', '2026-03', '2026-09'] as const;

/** Everything a handler gets. */
export interface RequestContext {
  state: PortalState;
  method: string;
  /** `v3`, `v4`, `2026-03`, `2026-09`, … */
  version: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  token: string;
  now: number;
}

/** What a handler answers. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HubSpot endpoint. */
export interface RouteDef {
  method: string;
  /** Canonical template, e.g. `/crm/objects/{objectType}/{objectId}`. */
  template: string;
  kind: 'read' | 'write' | 'search';
  /** Scope alternatives (any one suffices); empty = token only; undefined = no auth at all. */
  scopes?: (ctx: RequestContext) => readonly string[];
  handler: (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;
}

const CRM =
  /^\/crm\/(?:(v\d)\/(objects|associations|properties|pipelines)|(objects|associations|properties|pipelines)\/(v\d|\d{4}-\d{2}))(\/.*)?$/;
const ACCOUNT = /^\/account-info\/(v\d|\d{4}-\d{2})(\/.*)$/;

/** Strips the version from a HubSpot path; undefined for unknown families or versions. */
export function canonicalize(pathname: string): { path: string; version: string } | undefined {
  let m = CRM.exec(pathname);
  if (m) {
    const version = (m[1] ?? m[4]) as string;
    const family = (m[2] ?? m[3]) as string;
    if (!(VERSIONS as readonly string[]).includes(version)) return undefined;
    return { path: `/crm/${family}${m[5] ?? ''}`, version };
  }
  m = ACCOUNT.exec(pathname);
  if (m) {
    const version = m[1] as string;
    if (!(VERSIONS as readonly string[]).includes(version)) return undefined;
    return { path: `/account-info${m[2] as string}`, version };
  }
  const journal = /^\/webhooks-journal\/(journal-local|subscriptions)\/(\d{4}-\d{2}(?:-beta)?)(\/.*)?$/.exec(
    pathname,
  );
  if (journal)
    return {
      path: `/webhooks-journal/${journal[1] as string}${journal[3] ?? ''}`,
      version: journal[2] as string,
    };
  if (pathname === '/oauth/v1/token') return { path: pathname, version: 'v1' };
  if (pathname === '/integrations/v1/me') return { path: pathname, version: 'v1' };
  if (pathname === '/oauth/v2/private-apps/get/access-token-info') return { path: pathname, version: 'v2' };
  return undefined;
}

interface Compiled {
  route: RouteDef;
  segments: string[];
  literals: number;
}

/** A route table with literal-segment-first matching. */
export class Router {
  private readonly routes: Compiled[] = [];

  /** Adds routes. */
  add(routes: readonly RouteDef[]): this {
    for (const route of routes) {
      const segments = route.template.split('/').slice(1);
      this.routes.push({ route, segments, literals: segments.filter((s) => !s.startsWith('{')).length });
    }
    this.routes.sort((a, b) => b.literals - a.literals);
    return this;
  }

  /** Finds the route for a method and canonical path, with decoded path parameters. */
  match(method: string, path: string): { route: RouteDef; params: Record<string, string> } | undefined {
    const parts = path.replace(/\/+$/, '').split('/').slice(1);
    for (const c of this.routes) {
      if (c.route.method !== method || c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = c.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(part);
        else ok = seg === part;
      }
      if (ok) return { route: c.route, params };
    }
    return undefined;
  }
}
