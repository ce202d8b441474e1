/**
 * Change events as HubSpot sends them (README.md, "Change events"): every committed write of a
 * subscribed object becomes v3 webhook events, POSTed in batches to the app's target URL with the
 * v3 signature and retried with back-off while the receiver fails; and, for project apps, entries of
 * the webhooks journal the app polls. A portal without a configured app (a service key) gets none.
 */
import { createHmac, randomInt } from 'node:crypto';
import { OBJECT_TYPES, type ObjectType } from './object-types.js';

/** One v3 webhook subscription of the app (`deal.propertyChange` + `dealstage`, `deal.creation`…). */
export interface WebhookSubscription {
  id: number;
  subscriptionType: string;
  propertyName?: string;
}

/** What the app's webhook settings hold (control API `POST /_sandbox/webhooks`). */
export interface WebhookSettings {
  targetUrl: string;
  clientSecret: string;
  appId: number;
  subscriptions: WebhookSubscription[];
  /** Delivery attempts per batch, default 10 (HubSpot: up to 10 retries over 24 h). */
  maxAttempts: number;
  /** First retry delay; doubles each attempt (HubSpot spreads retries over 24 h; compressed here). */
  retryBaseMs: number;
  /** Events of writes within this window share one POST. */
  batchWindowMs: number;
  /** Events per POST, default 100. */
  maxBatch: number;
  /** A receiver slower than this counts as failed, default 5,000 ms. */
  timeoutMs: number;
}

/** One v3 event as posted (README.md, "Change events"). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
}

/** One journal subscription (project apps; the journal's subscription API). */
export interface JournalSubscription {
  id: string;
  objectTypeId: string;
  actions: string[];
  properties: string[];
  createdAt: string;
}

/** One journal entry. */
export interface JournalEntry {
  offset: string;
  occurredAt: number;
  objectTypeId: string;
  objectId: string;
  action: 'CREATE' | 'UPDATE' | 'DELETE';
  propertyName?: string;
  propertyValue?: string;
}

/** One delivery attempt, for tests and the control API. */
export interface DeliveryRecord {
  atMs: number;
  attemptNumber: number;
  events: number;
  status: number | 'error' | 'timeout';
}

const EVENT_NAMES: Partial<Record<ObjectType, string>> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  products: 'product',
  line_items: 'line_item',
};

/** The v3 signature: base64 HMAC-SHA256 of method + URI + body + timestamp under the client secret. */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

/** Resolves control-API input into settings (defaults above). */
export function webhookSettings(input: Record<string, unknown>, previous?: WebhookSettings): WebhookSettings {
  const str = (k: string): string | undefined => (typeof input[k] === 'string' ? input[k] : undefined);
  const num = (k: string): number | undefined => {
    const v = input[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${k} must be a number ≥ 0`);
    return v;
  };
  const targetUrl = str('targetUrl') ?? previous?.targetUrl;
  const clientSecret = str('clientSecret') ?? previous?.clientSecret;
  if (!targetUrl || !/^https?:\/\//.test(targetUrl)) throw new Error('targetUrl must be an http(s) URL');
  if (!clientSecret) throw new Error('clientSecret is required');
  let subscriptions = previous?.subscriptions ?? [];
  if (input['subscriptions'] !== undefined) {
    if (!Array.isArray(input['subscriptions'])) throw new Error('subscriptions must be an array');
    subscriptions = (input['subscriptions'] as unknown[]).map((raw, i) => {
      const s = (raw ?? {}) as Record<string, unknown>;
      const type = s['subscriptionType'];
      if (typeof type !== 'string' || !/^[a-z_]+\.(creation|deletion|propertyChange)$/.test(type))
        throw new Error(`subscriptions[${i}].subscriptionType must be like deal.propertyChange`);
      if (type.endsWith('.propertyChange') && typeof s['propertyName'] !== 'string')
        throw new Error(`subscriptions[${i}].propertyName is required for a propertyChange subscription`);
      return {
        id: 1000 + i,
        subscriptionType: type,
        ...(typeof s['propertyName'] === 'string' ? { propertyName: s['propertyName'] } : {}),
      };
    });
  }
  return {
    targetUrl,
    clientSecret,
    appId: num('appId') ?? previous?.appId ?? 4_242_424,
    subscriptions,
    maxAttempts: Math.max(1, num('maxAttempts') ?? previous?.maxAttempts ?? 10),
    retryBaseMs: num('retryBaseMs') ?? previous?.retryBaseMs ?? 60_000,
    batchWindowMs: num('batchWindowMs') ?? previous?.batchWindowMs ?? 100,
    maxBatch: Math.max(1, num('maxBatch') ?? previous?.maxBatch ?? 100),
    timeoutMs: num('timeoutMs') ?? previous?.timeoutMs ?? 5_000,
  };
}

/** The events and journal of one portal. */
export class ChangeEvents {
  settings: WebhookSettings | undefined;
  readonly deliveries: DeliveryRecord[] = [];
  readonly journal: JournalEntry[] = [];
  readonly journalSubscriptions: JournalSubscription[] = [];
  private pending: WebhookEvent[] = [];
  private nextEventId = 1;
  private nextOffset = 1;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  /** Moves on reset: answers of deliveries started before are dropped. */
  private generation = 0;

  constructor(
    private readonly portalId: () => number,
    private readonly clock: () => number,
  ) {}

  /** Forgets settings, journal and queued events; stops retries. */
  reset(): void {
    this.stop();
    this.generation++;
    this.settings = undefined;
    this.deliveries.length = 0;
    this.journal.length = 0;
    this.journalSubscriptions.length = 0;
    this.pending = [];
  }

  /** Stops every timer (sandbox close). Queued events are dropped. */
  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const t of this.retryTimers) clearTimeout(t);
    this.retryTimers.clear();
  }

  /** Whether deliveries are queued, waiting for a retry or in flight. */
  busy(): boolean {
    return this.pending.length > 0 || this.retryTimers.size > 0 || this.inFlight > 0;
  }

  /** A committed write: `before` undefined = created; `after` undefined = archived. */
  record(
    type: ObjectType,
    id: string,
    before: Readonly<Record<string, string>> | undefined,
    after: Readonly<Record<string, string>> | undefined,
    nowMs: number,
  ): void {
    const changed = changedProperties(type, before, after);
    this.recordJournal(type, id, before, after, changed, nowMs);
    const name = EVENT_NAMES[type];
    if (!this.settings || !name) return;
    for (const sub of this.settings.subscriptions) {
      const [object, kind] = sub.subscriptionType.split('.');
      if (object !== name) continue;
      const base = {
        eventId: this.nextEventId++,
        subscriptionId: sub.id,
        portalId: this.portalId(),
        appId: this.settings.appId,
        occurredAt: nowMs,
        subscriptionType: sub.subscriptionType,
        attemptNumber: 0,
        objectId: Number(id),
        changeSource: 'INTEGRATION',
      };
      if (kind === 'creation' && before === undefined) this.pending.push({ ...base, changeFlag: 'CREATED' });
      else if (kind === 'deletion' && after === undefined)
        this.pending.push({ ...base, changeFlag: 'DELETED' });
      else if (kind === 'propertyChange' && after !== undefined && changed.includes(sub.propertyName ?? ''))
        this.pending.push({
          ...base,
          propertyName: sub.propertyName as string,
          propertyValue: after[sub.propertyName as string] ?? '',
        });
      else this.nextEventId--;
    }
    if (this.pending.length > 0 && !this.flushTimer)
      this.flushTimer = setTimeout(() => this.flush(), this.settings.batchWindowMs);
  }

  private recordJournal(
    type: ObjectType,
    id: string,
    before: Readonly<Record<string, string>> | undefined,
    after: Readonly<Record<string, string>> | undefined,
    changed: string[],
    nowMs: number,
  ): void {
    const typeId = OBJECT_TYPES[type].typeId;
    const action = before === undefined ? 'CREATE' : after === undefined ? 'DELETE' : 'UPDATE';
    for (const sub of this.journalSubscriptions) {
      if (sub.objectTypeId !== typeId || !sub.actions.includes(action)) continue;
      const props: (string | undefined)[] =
        action === 'UPDATE' ? changed.filter((p) => sub.properties.includes(p)) : [undefined];
      if (action === 'UPDATE' && sub.properties.length === 0) props.push(undefined);
      for (const p of props)
        this.journal.push({
          offset: String(this.nextOffset++).padStart(12, '0'),
          occurredAt: nowMs,
          objectTypeId: typeId,
          objectId: id,
          action,
          ...(p === undefined ? {} : { propertyName: p, propertyValue: after?.[p] ?? '' }),
        });
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    const settings = this.settings;
    if (!settings) return;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, settings.maxBatch);
      void this.deliver(settings, batch, 0);
    }
  }

  private async deliver(settings: WebhookSettings, events: WebhookEvent[], attempt: number): Promise<void> {
    const body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber: attempt })));
    const timestamp = String(this.clock());
    const signature = signV3(settings.clientSecret, 'POST', settings.targetUrl, body, timestamp);
    let status: DeliveryRecord['status'] = 'error';
    const generation = this.generation;
    this.inFlight++;
    try {
      const res = await fetch(settings.targetUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-v3': signature,
          'X-HubSpot-Request-Timestamp': timestamp,
          'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/)',
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      status = res.status;
    } catch (e) {
      status = e instanceof Error && e.name === 'TimeoutError' ? 'timeout' : 'error';
    } finally {
      this.inFlight--;
    }
    if (generation !== this.generation) return;
    this.deliveries.push({ atMs: this.clock(), attemptNumber: attempt, events: events.length, status });
    const ok = typeof status === 'number' && status >= 200 && status < 300;
    // Any failure is retried: no connection, a timeout, any 4xx or 5xx (README.md, "Change events").
    if (ok || attempt + 1 >= settings.maxAttempts || this.settings !== settings) return;
    const delay =
      settings.retryBaseMs * 2 ** attempt + randomInt(0, Math.max(1, Math.floor(settings.retryBaseMs / 4)));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.deliver(settings, events, attempt + 1);
    }, delay);
    this.retryTimers.add(timer);
  }
}

function changedProperties(
  type: ObjectType,
  before: Readonly<Record<string, string>> | undefined,
  after: Readonly<Record<string, string>> | undefined,
): string[] {
  if (!before || !after) return [];
  const skip = new Set([OBJECT_TYPES[type].modifiedProperty, 'hs_lastmodifieddate']);
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => !skip.has(n) && before[n] !== after[n]);
}
