/** A tiny fetch client for the sandbox tests; records every HubSpot exchange for contract checks. */
import type { HubSpotSandbox } from '../../../sandbox/hubspot/index.js';

/** One recorded call. */
export interface Exchange<T = unknown> {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: T;
}

/** A record in an API response. */
export interface Rec {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  new?: boolean;
  objectWriteTraceId?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** A HubSpot error body (also `StandardError` entries of batch responses). */
export interface ErrBody {
  status: string;
  message: string;
  category: string;
  correlationId?: string;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]> }[];
  errorType?: string;
  policyName?: string;
  requestId?: string;
}

/** A batch response body. */
export interface BatchBody<R = Rec> {
  status: string;
  results: R[];
  numErrors?: number;
  errors?: ErrBody[];
}

/** A list / search page. */
export interface PageBody {
  results: Rec[];
  total?: number;
  paging?: { next?: { after: string } };
}

/** Calls the sandbox as a HubSpot client would. */
export class SandboxClient {
  readonly log: Exchange[] = [];

  constructor(
    private readonly hs: HubSpotSandbox,
    private token: string = hs.token,
  ) {}

  /** A copy using another bearer token (or none when ''). */
  withToken(token: string): SandboxClient {
    return new SandboxClient(this.hs, token);
  }

  /** One HubSpot call; `path` may carry a query string. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Exchange<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    const res = await fetch(`${this.hs.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const ex: Exchange<T> = {
      method,
      path: path.split('?')[0] as string,
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
    this.log.push(ex);
    return ex;
  }

  /** A control-API call (`/_sandbox/…`); throws unless 200. */
  async control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.hs.url}/_sandbox/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T;
    if (res.status !== 200)
      throw new Error(`control ${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}
