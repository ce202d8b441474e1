/** Shared setup for QAD client tests: a real QAD sandbox on port 0 and the real HTTP layer. */
import { startQadSandbox } from '../../../sandbox/qad/index.js';
import {
  createQadClient,
  type QadClient,
  type QadClientOptions,
} from '../../../src/connectors/qad/client.js';
import { systemClock } from '../../../src/core/clock.js';
import { EventBus } from '../../../src/core/events.js';
import { createHttpClient } from '../../../src/http/client.js';
import type { HttpClient } from '../../../src/http/types.js';

export type Sandbox = Awaited<ReturnType<typeof startQadSandbox>>;

export interface Harness {
  qad: Sandbox;
  events: EventBus;
  http: HttpClient;
  client(overrides?: Partial<QadClientOptions>): QadClient;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** Starts a seeded sandbox; fast backoff so retried faults do not slow the suite. */
export async function startHarness(options: { accounts?: number; items?: number } = {}): Promise<Harness> {
  const qad = await startQadSandbox({
    seed: 7,
    accounts: options.accounts ?? 30,
    items: options.items ?? 12,
  });
  const events = new EventBus();
  const http = createHttpClient({ clock: systemClock, events, backoff: { baseDelayMs: 1, maxDelayMs: 5 } });
  return {
    qad,
    events,
    http,
    client: (overrides = {}) =>
      createQadClient({
        http,
        events,
        baseUrl: qad.url,
        clientId: qad.clientId,
        username: qad.username,
        password: qad.password,
        domain: '10USA',
        ...overrides,
      }),
    async control<T>(method: string, path: string, body?: unknown): Promise<T> {
      const init: RequestInit = { method };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { 'content-type': 'application/json' };
      }
      const res = await fetch(`${qad.origin}/_sandbox${path}`, init);
      if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${await res.text()}`);
      const text = await res.text();
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    close: () => qad.close(),
  };
}

/** Counts events of one name from now on. */
export function countEvents(
  events: EventBus,
  name: Parameters<EventBus['on']>[0],
): { readonly count: number } {
  const counter = { count: 0 };
  events.on(name, () => {
    counter.count += 1;
  });
  return counter;
}

interface SandboxCustomer {
  customerCode: string;
  domainCode: string;
  currencyCode: string;
  isActive: boolean;
}
interface SandboxItem {
  itemCode: string;
  isActive: boolean;
  listPrice: number;
}

/** An active USD customer of 10USA and three active items, from the sandbox's own records. */
export async function orderFixtures(h: Harness): Promise<{ customer: string; items: string[] }> {
  const customers = await h.control<{ records: SandboxCustomer[] }>('GET', '/records/customers?limit=1000');
  const customer = customers.records.find(
    (c) => c.isActive && c.domainCode === '10USA' && c.currencyCode === 'USD',
  );
  const items = await h.control<{ records: SandboxItem[] }>('GET', '/records/items?limit=1000');
  const active = items.records.filter((i) => i.isActive).map((i) => i.itemCode);
  if (!customer || active.length < 3) throw new Error('sandbox seed lacks a USD customer or 3 active items');
  return { customer: customer.customerCode, items: active.slice(0, 3) };
}

/** Orders the sandbox holds for a PO (ground truth, bypassing the client). */
export async function sandboxOrders(
  h: Harness,
  po: string,
): Promise<{ salesOrderNumber: string; lines: unknown[] }[]> {
  const res = await h.control<{ salesOrders: { salesOrderNumber: string; lines: unknown[] }[] }>(
    'GET',
    `/sales-orders?purchaseOrder=${encodeURIComponent(po)}`,
  );
  return res.salesOrders;
}
