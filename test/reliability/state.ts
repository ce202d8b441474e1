/**
 * The expected-state side of the reliability suites: closed-won deals seeded deterministically on
 * the synced companies/products, and a canonical (id- and time-free) view of HubSpot and QAD that
 * two runs can be compared with. Duplicates stay visible: every list has one entry per record.
 */
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
  const customers = (
    await pair.qadControl<{ records: Record<string, unknown>[] }>(
      'GET',
      '/_sandbox/records/customers?limit=1000',
    )
  ).records;
  const usd = new Set(
    customers
      .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
      .map((c) => String(c['customerCode'])),
  );
  const companies = (await hsObjects(pair, 'companies'))
    .filter((c) => usd.has(c.properties['qad_customer_code'] ?? ''))
    .sort((a, b) =>
      (a.properties['qad_account_key'] ?? '').localeCompare(b.properties['qad_account_key'] ?? ''),
    );
  const products = (await hsObjects(pair, 'products'))
    .filter((p) => !p.archived && p.properties['qad_uom'] === 'EA')
    .sort((a, b) => (a.properties['hs_sku'] ?? '').localeCompare(b.properties['hs_sku'] ?? ''));
  const company = companies[0];
  if (company === undefined || products.length < 3) throw new Error('seed lacks a USD customer or EA items');
  const price = (p: HsRecord): number => Number(p.properties['price'] ?? '0');
  const deals = Array.from({ length: count }, (_, i) => {
    const a = products[i % products.length] as HsRecord;
    const b = products[(i + 1) % products.length] as HsRecord;
    const qty = 1 + (i % 3);
    return {
      properties: {
        dealname: `REL-${i + 1}`,
        amount: (qty * price(a) + price(b)).toFixed(2),
        dealstage: 'contractsent',
        pipeline: 'default',
        deal_currency_code: 'USD',
      },
      companyId: company.id,
      lineItems: [
        { productId: a.id, quantity: qty, price: price(a) },
        { productId: b.id, quantity: 1, price: price(b) },
      ],
    };
  });
  const seeded = await pair.hs<{ deals: { id: string }[] }>('POST', '/_sandbox/seed', { deals });
  for (const d of seeded.deals)
    await pair.hs('POST', `/_sandbox/deals/${d.id}/stage`, { stageId: 'closedwon' });
  return seeded.deals.map((d) => d.id);
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
