/**
 * The webhooks journal of a project app (pull mode; docs/change-events.md): a client-credentials
 * token, the app's journal subscription to deal `dealstage` changes, and reading the local journal
 * after an offset. Shapes the docs leave open are recorded as ASSUMED in the HubSpot sandbox's
 * README ("Change events").
 */
import type { Clock } from '../../core/clock.js';
import { AuthError, SystemError } from '../../core/errors.js';
import type { HttpClient, HttpResponse } from '../../http/types.js';

const VERSION = '2026-03';
const DEAL_TYPE_ID = '0-3';

/** One journal entry the connector reads. */
export interface JournalEntry {
  offset: string;
  objectTypeId: string;
  objectId: string;
  occurredAt: number;
  action: string;
  propertyName?: string;
}

/** One read: entries after the offset and the offset to continue from; `gone` = offset expired. */
export type JournalRead =
  | { kind: 'entries'; offset: string; entries: JournalEntry[]; hasMore: boolean }
  | { kind: 'empty' }
  | { kind: 'gone' };

export interface JournalClient {
  /** Makes sure the app's journal holds deal `dealstage` updates (creates the subscription once). */
  ensureDealStageSubscription(): Promise<'exists' | 'created'>;
  /** Entries after `offset`, or from the journal's start when null. */
  read(offset: string | null): Promise<JournalRead>;
  /** The newest entry's offset (where to restart after an expired offset), or null. */
  latestOffset(): Promise<string | null>;
}

export interface JournalClientOptions {
  http: HttpClient;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  clock: Clock;
}

export function createJournalClient(o: JournalClientOptions): JournalClient {
  let token: { value: string; expiresAtMs: number } | null = null;
  const base = o.baseUrl.replace(/\/+$/, '');

  const accessToken = async (): Promise<string> => {
    if (token !== null && token.expiresAtMs > o.clock.nowMs()) return token.value;
    const res = await o.http.request({
      method: 'POST',
      url: `${base}/oauth/v1/token`,
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: o.clientId,
        client_secret: o.clientSecret,
      }),
      retry: 'safe',
      system: 'hubspot',
      priority: 'orders',
    });
    if (res.status !== 200)
      throw new AuthError(
        'HUBSPOT_APP_CREDENTIALS_INVALID',
        `HubSpot refused the project app's client credentials (${res.status}) on POST /oauth/v1/token: check hubspot.changeEvents.appClientId and appClientSecret`,
      );
    const body = res.json<{ access_token?: string; expires_in?: number }>();
    if (!body.access_token)
      throw new SystemError('HUBSPOT_JOURNAL_UNEXPECTED', 'HubSpot answered no access_token');
    token = {
      value: body.access_token,
      expiresAtMs: o.clock.nowMs() + Math.max(60, (body.expires_in ?? 1800) - 60) * 1000,
    };
    return token.value;
  };

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<HttpResponse> =>
    o.http.request({
      method,
      url: `${base}${path}`,
      headers: {
        Authorization: `Bearer ${await accessToken()}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      retry: 'safe',
      system: 'hubspot',
      priority: 'orders',
    });

  const unexpected = (res: HttpResponse, what: string): SystemError =>
    new SystemError(
      'HUBSPOT_JOURNAL_UNEXPECTED',
      `HubSpot answered ${res.status} to ${what}: ${res.text.slice(0, 200)}`,
    );

  const toRead = (res: HttpResponse, what: string): JournalRead => {
    if (res.status === 204 || res.text.trim() === '') return { kind: 'empty' };
    if (res.status === 404) return { kind: 'gone' };
    if (res.status !== 200) throw unexpected(res, what);
    const body = res.json<{ offset?: string; results?: JournalEntry[]; hasMore?: boolean }>();
    if (!body.offset || !Array.isArray(body.results)) return { kind: 'empty' };
    return { kind: 'entries', offset: body.offset, entries: body.results, hasMore: body.hasMore === true };
  };

  return {
    async ensureDealStageSubscription() {
      const list = await call('GET', `/webhooks-journal/subscriptions/${VERSION}`);
      if (list.status !== 200) throw unexpected(list, 'the journal subscription list');
      const subs = list.json<{
        results?: { objectTypeId?: string; actions?: string[]; properties?: string[] }[];
      }>().results;
      const has = (subs ?? []).some(
        (s) =>
          s.objectTypeId === DEAL_TYPE_ID &&
          (s.actions ?? []).includes('UPDATE') &&
          (s.properties ?? []).includes('dealstage'),
      );
      if (has) return 'exists';
      const created = await call('POST', `/webhooks-journal/subscriptions/${VERSION}`, {
        subscriptionType: 'OBJECT',
        objectTypeId: DEAL_TYPE_ID,
        actions: ['UPDATE'],
        properties: ['dealstage'],
      });
      if (created.status !== 200 && created.status !== 201)
        throw unexpected(created, 'the journal subscription');
      return 'created';
    },
    async read(offset) {
      const path =
        offset === null
          ? `/webhooks-journal/journal-local/${VERSION}/earliest`
          : `/webhooks-journal/journal-local/${VERSION}/offset/${encodeURIComponent(offset)}/next`;
      return toRead(await call('GET', path), 'a journal read');
    },
    async latestOffset() {
      const r = toRead(
        await call('GET', `/webhooks-journal/journal-local/${VERSION}/latest`),
        'the journal end',
      );
      return r.kind === 'entries' ? r.offset : null;
    },
  };
}
