/** A tiny HTTP client for sandbox tests that uses only the documented calls (README.md). */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access -- JSON bodies are asserted field by field */
import { expect } from 'vitest';
import { startQadSandbox, type QadSandbox, type QadSandboxOptions } from '../../../sandbox/qad/index.js';

/** A started sandbox plus helpers bound to it. */
export interface QadTestTenant {
  qad: QadSandbox;
  token(username?: string, password?: string): Promise<string>;
  api(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  control(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  browseAll(browseId: string, filters?: string[], pageSize?: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function parse(res: Response): Promise<{ status: number; body: any }> {
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Starts a sandbox and logs in lazily as the default user. */
export async function startTenant(options: QadSandboxOptions = {}): Promise<QadTestTenant> {
  const qad = await startQadSandbox({ seed: 11, accounts: 60, items: 25, ...options });
  let cached: string | undefined;
  const token = async (username = qad.username, password = qad.password): Promise<string> => {
    const res = await fetch(`${qad.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: qad.clientId, grant_type: 'password', username, password }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (res.status !== 200 || !body.access_token) throw new Error(`login failed: ${res.status}`);
    return body.access_token;
  };
  const tenant: QadTestTenant = {
    qad,
    token,
    async api(method, pathAndQuery, body, explicitToken, headers = {}) {
      cached ??= await token();
      const init: RequestInit = {
        method,
        headers: { authorization: `Bearer ${explicitToken ?? cached}`, ...headers },
      };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { ...init.headers, 'content-type': 'application/json' };
      }
      const res = await parse(await fetch(`${qad.url}${pathAndQuery}`, init));
      if (res.status !== 401 || explicitToken !== undefined) return res;
      cached = await token(); // like a real client: log in again once after a 401
      return tenant.api(method, pathAndQuery, body, cached, headers);
    },
    async control(method, path, body) {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      return parse(await fetch(`${qad.origin}/_sandbox${path}`, init));
    },
    async browseAll(browseId, filters = [], pageSize = 7) {
      const rows: Record<string, unknown>[] = [];
      for (let page = 1; page < 10_000; page += 1) {
        const q = new URLSearchParams({
          browseId,
          page: String(page),
          pageSize: String(pageSize),
          pageAction: page === 1 ? 'first' : 'next',
        });
        for (const f of filters) q.append('filter', f);
        const res = await tenant.api('GET', `/api/qracore/browses?${q.toString()}`);
        if (res.status !== 200) throw new Error(`browse ${res.status}`);
        rows.push(...(res.body.data as Record<string, unknown>[]));
        expect(typeof res.body.auxillaryData.HasMoreParams).toBe('string');
        if (res.body.auxillaryData.HasMoreParams === 'false') return rows;
      }
      throw new Error('browse never ended');
    },
    close: () => qad.close(),
  };
  return tenant;
}
