/**
 * The fault matrix: every fault the two sandboxes can inject, with where it hits. `master` faults
 * are armed before the master-data pass, `orders` faults after the deals were seeded (before the
 * orders pass). `visible` is what the trail must show afterwards: an event (every event is also a
 * log line with the same name) such as `retry.scheduled` naming the fault.
 */

/** One HubSpot (`POST /_sandbox/faults`) or QAD (`POST /_sandbox/faults`) rule. */
export type FaultRule =
  | { system: 'hubspot'; rule: Record<string, unknown> }
  | { system: 'qad'; rule: Record<string, unknown> }
  | { system: 'qad-expire'; afterRequests: number; refreshTokens?: boolean }
  | { system: 'qxtend-silent' };

export interface FaultCase {
  name: string;
  master?: FaultRule[];
  orders?: FaultRule[];
  /** Per-request timeout of the connector for this case (ms). */
  timeoutMs?: number;
  /** Orders over QXtend instead of REST. */
  qxtend?: boolean;
  /** Must match at least one event of the run, written `name {json payload}` (they are all logged too). */
  visible: RegExp;
  /** Must match the error code of at least one `failed` orders audit row. */
  auditError?: RegExp;
  /** Must match one of the `detail.faults` of at least one orders audit row. */
  auditFault?: RegExp;
}

/** A lost answer: the attempt failed without a response, then the order was found by its PO. */
const RECOVERED =
  /http\.request .*(salesOrderHeaders|salesOrderLinesGrid|QdocWebService)".*"error":"HTTP_NETWORK"/;
const UPSERT = 'POST /crm/objects/{objectType}/batch/upsert';
/** New contacts are created (with their company association inline), not upserted. */
const CREATE = 'POST /crm/objects/{objectType}/batch/create';
const SEARCH = 'POST /crm/objects/{objectType}/search';

export const FAULT_CASES: FaultCase[] = [
  {
    name: 'HubSpot 429 storm with Retry-After',
    master: [{ system: 'hubspot', rule: { kind: '429', route: UPSERT, count: 4, retryAfterSec: 1 } }],
    visible: /retry\.scheduled .*"reason":"429/,
  },
  {
    name: 'HubSpot 429 storm without Retry-After',
    master: [{ system: 'hubspot', rule: { kind: '429', route: UPSERT, objectType: 'products', count: 4 } }],
    orders: [{ system: 'hubspot', rule: { kind: '429', count: 3 } }],
    visible: /retry\.scheduled .*"reason":"429/,
  },
  {
    name: 'HubSpot 423 locked',
    master: [{ system: 'hubspot', rule: { kind: '423', route: CREATE, objectType: 'contacts', count: 2 } }],
    visible: /retry\.scheduled .*"reason":"423/,
  },
  {
    name: 'HubSpot 477 migration in progress',
    master: [{ system: 'hubspot', rule: { kind: '477', route: UPSERT, objectType: 'companies', count: 2 } }],
    visible: /retry\.scheduled .*"reason":"477/,
  },
  {
    name: 'HubSpot 5xx burst (500/502/503/504)',
    master: [
      { system: 'hubspot', rule: { kind: '500', route: UPSERT, count: 1 } },
      { system: 'hubspot', rule: { kind: '502', route: UPSERT, count: 1 } },
      { system: 'hubspot', rule: { kind: '503', route: CREATE, objectType: 'contacts', count: 2 } },
    ],
    orders: [{ system: 'hubspot', rule: { kind: '504', route: SEARCH, objectType: 'deals', count: 2 } }],
    visible: /retry\.scheduled .*"reason":"50\d/,
  },
  {
    name: 'HubSpot connection resets',
    master: [{ system: 'hubspot', rule: { kind: 'reset', count: 3, skip: 5 } }],
    orders: [{ system: 'hubspot', rule: { kind: 'reset', count: 2 } }],
    visible: /retry\.scheduled .*"reason":"HTTP_NETWORK"/,
  },
  {
    name: 'HubSpot responses slower than the timeout',
    timeoutMs: 600,
    master: [{ system: 'hubspot', rule: { kind: 'slow', delayMs: 1500, route: UPSERT, count: 2 } }],
    visible: /retry\.scheduled .*"reason":"HTTP_TIMEOUT"/,
  },
  {
    name: 'HubSpot truncated bodies',
    master: [{ system: 'hubspot', rule: { kind: 'truncated', route: UPSERT, count: 2 } }],
    orders: [{ system: 'hubspot', rule: { kind: 'truncated', route: SEARCH, count: 1 } }],
    visible: /retry\.scheduled .*"reason":"HTTP_BAD_BODY"/,
  },
  {
    name: 'QAD 503 burst on browses',
    master: [
      { system: 'qad', rule: { kind: 'status', status: 503, path: '/api/qracore/browses', count: 3 } },
    ],
    visible: /retry\.scheduled .*"reason":"503/,
  },
  {
    name: 'QAD connection resets',
    master: [{ system: 'qad', rule: { kind: 'reset', path: '/api/*', count: 2, skip: 2 } }],
    orders: [
      { system: 'qad', rule: { kind: 'reset', path: '/api/erp/salesOrderHeaders', method: 'GET', count: 1 } },
    ],
    visible: /retry\.scheduled .*"reason":"HTTP_NETWORK"/,
  },
  {
    name: 'QAD responses slower than the timeout',
    timeoutMs: 600,
    master: [
      { system: 'qad', rule: { kind: 'latency', latencyMs: 1500, path: '/api/qracore/browses', count: 1 } },
    ],
    visible: /retry\.scheduled .*"reason":"HTTP_TIMEOUT"/,
  },
  {
    name: 'QAD token expiry mid-run',
    master: [{ system: 'qad-expire', afterRequests: 3 }],
    orders: [{ system: 'qad-expire', afterRequests: 4, refreshTokens: true }],
    visible: /qad\.relogin /,
  },
  {
    name: 'QAD response lost after the order header committed',
    orders: [
      {
        system: 'qad',
        rule: { kind: 'lostResponse', method: 'POST', path: '/api/erp/salesOrderHeaders', count: 2 },
      },
    ],
    visible: RECOVERED,
    auditFault: /salesOrderHeaders: HTTP_NETWORK/,
  },
  {
    name: 'QAD response lost after an order line committed',
    orders: [
      {
        system: 'qad',
        rule: { kind: 'lostResponse', method: 'POST', path: '/api/erp/salesOrderLinesGrid', count: 2 },
      },
    ],
    visible: RECOVERED,
    auditFault: /salesOrderLinesGrid: HTTP_NETWORK/,
  },
  {
    name: 'QXtend response lost after the order committed',
    qxtend: true,
    orders: [
      { system: 'qad', rule: { kind: 'lostResponse', path: '/qxi/services/QdocWebService', count: 2 } },
    ],
    visible: RECOVERED,
    auditFault: /QdocWebService: HTTP_NETWORK/,
  },
  {
    name: "QXtend's silent no-op",
    qxtend: true,
    orders: [{ system: 'qxtend-silent' }],
    visible: /run\.finished .*"flow":"orders".*"outcome":"partial"/,
    auditError: /ORDER_SUBMISSION_UNCONFIRMED/,
  },
];
