/**
 * The expected-state side of the reliability suites: closed-won deals seeded deterministically on
 * the synced companies/products, and a canonical (id- and time-free) view of HubSpot and QAD that
 * two runs can be compared with. Duplicates stay visible: every list has one entry per record.
 */
import {
  eachProducts,
  priceOf,
  seedClosedWonDeals as seedClosedWon,
  usdCustomerCompanies,
} from '../helpers/deals.js';
import type { Pair } from './harness.js';

export interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
  associations?: Record<string, string[]>;
}

export interface QadOrder {
  salesOrderNumber: string;
  purchaseOrder: string;
  soldToCustomerCode: string;
  currencyCode: string;
  lines: { itemCode: string; quantityOrdered: number }[];
}

/** All records of a HubSpot object type (archived included). */
export async function hsObjects(pair: Pair, type: string): Promise<HsRecord[]> {
  return (await pair.hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results;
}

export async function qadOrders(pair: Pair): Promise<QadOrder[]> {
  return (await pair.qadControl<{ salesOrders: QadOrder[] }>('GET', '/_sandbox/sales-orders')).salesOrders;
}

/**
 * Seeds `count` deals named `REL-1…` on the first USD customer company and the first EA products
 * (by key, so every case picks the same ones), then moves them to closed-won.
 */
export async function seedClosedWonDeals(pair: Pair, count: number): Promise<string[]> {
  const byKey = (k: string) => (a: HsRecord, b: HsRecord) =>
    (a.properties[k] ?? '').localeCompare(b.properties[k] ?? '');
  const [company] = (await usdCustomerCompanies(pair.hubspot.url, pair.qad.origin)).sort(
    byKey('qad_account_key'),
  );
  const products = (await eachProducts(pair.hubspot.url)).sort(byKey('hs_sku'));
  if (company === undefined || products.length < 3) throw new Error('seed lacks a USD customer or EA items');
  return seedClosedWon(
    pair.hubspot.url,
    Array.from({ length: count }, (_, i) => {
      const a = products[i % products.length] as HsRecord;
      const b = products[(i + 1) % products.length] as HsRecord;
      const qty = 1 + (i % 3);
      return {
        name: `REL-${i + 1}`,
        companyId: company.id,
        lines: [
          { productId: a.id, quantity: qty, price: priceOf(a) },
          { productId: b.id, quantity: 1, price: priceOf(b) },
        ],
      };
    }),
  );
}

const KEPT = /^(qad_.*|name|email|firstname|lastname|hs_sku|price|lifecyclestage|type|dealname|amount)$/;

function pick(props: Record<string, string | null>): Record<string, string | null> {
  return Object.fromEntries(
    Object.entries(props)
      .filter(([k]) => KEPT.test(k))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

const byKey =
  (k: string) =>
  (a: { [key: string]: unknown }, b: { [key: string]: unknown }): number =>
    JSON.stringify(a[k] ?? '').localeCompare(JSON.stringify(b[k] ?? '')) ||
    JSON.stringify(a).localeCompare(JSON.stringify(b));

/** The canonical state of both systems: no ids, no timestamps, one entry per record. */
export async function canonicalState(pair: Pair): Promise<{
  companies: Record<string, unknown>[];
  contacts: Record<string, unknown>[];
  products: Record<string, unknown>[];
  deals: Record<string, unknown>[];
  orders: Record<string, unknown>[];
}> {
  const companies = await hsObjects(pair, 'companies');
  const companyKey = new Map(companies.map((c) => [c.id, c.properties['qad_account_key'] ?? null]));
  const contacts = await hsObjects(pair, 'contacts');
  const products = await hsObjects(pair, 'products');
  const deals = await hsObjects(pair, 'deals');
  const dealName = new Map(deals.map((d) => [d.id, d.properties['dealname'] ?? null]));
  const orders = await qadOrders(pair);
  return {
    companies: companies
      .map((c) => ({ ...pick(c.properties), archived: c.archived }))
      .sort(byKey('qad_account_key')),
    contacts: contacts
      .map((c) => ({
        ...pick(c.properties),
        archived: c.archived,
        companies: (c.associations?.['companies'] ?? []).map((id) => companyKey.get(id) ?? id).sort(),
      }))
      .sort(byKey('qad_contact_key')),
    products: products
      .map((p) => ({ ...pick(p.properties), archived: p.archived }))
      .sort(byKey('qad_item_key')),
    deals: deals
      .map((d) => {
        const { qad_order_number: orderNumber, ...rest } = pick(d.properties);
        return {
          ...rest,
          hasOrderNumber: orderNumber !== null && orderNumber !== undefined && orderNumber !== '',
        };
      })
      .sort(byKey('dealname')),
    orders: orders
      .map((o) => ({
        deal: dealName.get(o.purchaseOrder.replace(/^HS-/, '')) ?? o.purchaseOrder,
        customer: o.soldToCustomerCode,
        currency: o.currencyCode,
        lines: o.lines.map((l) => [l.itemCode, Number(l.quantityOrdered)]),
      }))
      .sort(byKey('deal')),
  };
}

/** Keys that occur more than once (a duplicate record), by property. */
export function duplicates(values: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, number>();
  for (const v of values) if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}
