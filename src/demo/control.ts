/**
 * A tiny JSON client for the sandboxes' control APIs (`/_sandbox/…`): the demo uses them to create
 * deals the way a sales rep would in HubSpot and to read back what QAD holds. Never used against a
 * real vendor.
 */
import { SystemError } from '../core/errors.js';

/** Calls one control endpoint and returns its JSON body; a non-2xx answer is a SystemError. */
export async function controlCall<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new SystemError('INTERNAL', `sandbox control ${method} ${path} answered ${res.status}: ${text}`);
  }
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** A HubSpot record as the sandbox control API lists it. */
export interface SandboxHsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

/** Every record of one HubSpot object type (archived included). */
export async function listHubSpot(base: string, objectType: string): Promise<SandboxHsRecord[]> {
  return (await controlCall<{ results: SandboxHsRecord[] }>(base, 'GET', `/_sandbox/objects/${objectType}`))
    .results;
}

/** A QAD sales order as the sandbox control API lists it. */
export interface SandboxSalesOrder {
  salesOrderNumber: string;
  purchaseOrder: string;
  soldToCustomerCode: string;
  currencyCode?: string;
  totalAmount?: number;
  lines: unknown[];
}

/** QAD sales orders, optionally only those carrying customer PO `purchaseOrder`. */
export async function listSalesOrders(origin: string, purchaseOrder?: string): Promise<SandboxSalesOrder[]> {
  const query = purchaseOrder === undefined ? '' : `?purchaseOrder=${encodeURIComponent(purchaseOrder)}`;
  return (
    await controlCall<{ salesOrders: SandboxSalesOrder[] }>(origin, 'GET', `/_sandbox/sales-orders${query}`)
  ).salesOrders;
}

/** Raw QAD master records of one kind (`customers`, `contacts`, `items`, …). */
export async function listQadRecords(
  origin: string,
  kind: string,
  limit = 100_000,
): Promise<Record<string, unknown>[]> {
  return (
    await controlCall<{ records: Record<string, unknown>[] }>(
      origin,
      'GET',
      `/_sandbox/records/${kind}?limit=${limit}`,
    )
  ).records;
}
