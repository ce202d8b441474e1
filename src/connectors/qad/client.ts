/**
 * The QAD REST client (surface A): one object per tenant connection, wiring session, transport,
 * browses, documents and sales orders. Built by `createQadClient`; the composition root passes the
 * shared HttpClient and EventBus in.
 */
import type { EventBus } from '../../core/events.js';
import type { HttpClient } from '../../http/types.js';
import { validateQadBaseUrl } from './base-url.js';
import {
  browsePages,
  browseTotalCount,
  type QadBrowseOptions,
  type QadFilter,
  type QadRow,
} from './browse.js';
import { resolveQadBrowses, type QadBrowses, type QadBrowsesConfig } from './defaults.js';
import { getDocument, postDocument, type QadDocumentResult } from './documents.js';
import { QadRest } from './rest.js';
import {
  createSalesOrder,
  findSalesOrderByPo,
  ownerOfNumber,
  readSalesOrder,
  type QadOrderContext,
} from './sales-orders.js';
import { QadSession } from './session.js';
import type { QadSalesOrderInput, QadSalesOrderResult, QadSalesOrderSummary } from './types.js';

/** Everything a QAD REST client needs. Secrets are resolved values, never logged. */
export interface QadClientOptions {
  http: HttpClient;
  /** Tenant base URL; validated with validateQadBaseUrl. */
  baseUrl: string;
  clientId: string;
  username: string;
  password: string;
  /** 'oauth' (password grant + Bearer, default) or 'basic'. */
  auth?: 'oauth' | 'basic';
  /** QAD domain, e.g. `10USA`: key namespace and domainCode of orders. */
  domain: string;
  /** Sent as `x-qad-workspace-id` when set (e.g. `10USA_10USACO`). */
  workspaceId?: string;
  browses?: QadBrowsesConfig;
  /** REST header field holding the customer PO (so_po); default `purchaseOrder` (ASSUMPTION). */
  poField?: string;
  events?: EventBus;
}

/** The client the flows, ping and QXtend verification use. */
export interface QadClient {
  readonly baseUrl: string;
  readonly domain: string;
  readonly username: string;
  readonly browses: QadBrowses;
  /** Logs in now (password grant); ping uses it to check credentials first. */
  login(): Promise<void>;
  /** Async iterator of non-empty pages of rows (default pageSize 500). */
  browse(browseId: string, options?: QadBrowseOptions): AsyncIterable<QadRow[]>;
  totalCount(browseId: string, filters?: QadFilter[]): Promise<number>;
  getDocument(collection: string, params: Record<string, string>): Promise<Record<string, unknown>[]>;
  postDocument(
    collection: string,
    body: Record<string, unknown> | Record<string, unknown>[],
    query?: Record<string, string>,
  ): Promise<QadDocumentResult>;
  /** `GET /api/qracore/permissionState` → hasPermission. */
  hasPermission(uri: string, action: 'READ' | 'WRITE' | 'CREATE' | 'IMPORT' | 'DELETE'): Promise<boolean>;
  findSalesOrderByPo(po: string): Promise<QadSalesOrderSummary | undefined>;
  /** After a duplicate-number answer: the order `orderNumber` if its customer PO is `po`, else undefined. */
  matchSalesOrder(orderNumber: string, po: string): Promise<QadSalesOrderSummary | undefined>;
  /** Header + lines, or undefined when the order does not exist. */
  readSalesOrder(orderNumber: string): Promise<QadSalesOrderResult | undefined>;
  createSalesOrder(order: QadSalesOrderInput): Promise<QadSalesOrderResult>;
  /** REST calls sent (including re-sends after a 401). */
  callCount(): number;
}

/** Creates a QAD REST client; throws ConfigError QAD_URL_INVALID for a bad base URL. */
export function createQadClient(options: QadClientOptions): QadClient {
  const baseUrl = validateQadBaseUrl(options.baseUrl);
  const events = options.events;
  const session = new QadSession({
    http: options.http,
    baseUrl,
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    ...(options.auth !== undefined ? { auth: options.auth } : {}),
    ...(events !== undefined ? { events } : {}),
  });
  const rest = new QadRest({
    http: options.http,
    session,
    baseUrl,
    ...(options.workspaceId !== undefined ? { workspaceId: options.workspaceId } : {}),
    ...(events !== undefined ? { events } : {}),
  });
  const browses = resolveQadBrowses(options.browses);
  const orders: QadOrderContext = {
    rest,
    domain: options.domain,
    salesOrderBrowse: browses.salesOrder,
    ...(options.poField !== undefined ? { poField: options.poField } : {}),
    ...(events !== undefined ? { events } : {}),
  };
  return {
    baseUrl,
    domain: options.domain,
    username: options.username,
    browses,
    async login() {
      if (session.mode === 'oauth') await session.login();
    },
    browse: (browseId, browseOptions) => browsePages(rest, browseId, browseOptions, events),
    totalCount: (browseId, filters) => browseTotalCount(rest, browseId, filters),
    getDocument: (collection, params) => getDocument(rest, collection, params),
    postDocument: (collection, body, query) =>
      postDocument(rest, collection, body, query !== undefined ? { query } : {}),
    async hasPermission(uri, action) {
      const res = await rest.call({
        method: 'GET',
        path: '/api/qracore/permissionState',
        query: { uri, action },
        retry: 'safe',
      });
      const body = res.json<{ data?: { hasPermission?: unknown } }>();
      return body.data?.hasPermission === true;
    },
    findSalesOrderByPo: (po) => findSalesOrderByPo(orders, po),
    matchSalesOrder: (orderNumber, po) => ownerOfNumber(orders, { orderNumber, po, customerCode: '' }),
    readSalesOrder: (orderNumber) => readSalesOrder(orders, orderNumber, true),
    createSalesOrder: (order) => createSalesOrder(orders, order),
    callCount: () => rest.calls,
  };
}
