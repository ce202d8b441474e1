/**
 * Deals on synced master data, for tests that run the orders flow after the accounts and catalog
 * flows: a USD customer's company and two `EA` products from HubSpot, deals with two line items
 * seeded through the sandbox's control API.
 */
import type { Harness } from './harness.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

/** What a deal is built on: the company of a USD customer and two products sold by the each. */
export interface DealParties {
  company: HsRecord;
  products: [HsRecord, HsRecord];
}

/** Finds the company and products the accounts and catalog flows synced; throws when absent. */
export async function dealParties(h: Harness): Promise<DealParties> {
  const customers = (
    await h.qadControl<{ records: Record<string, unknown>[] }>(
      'GET',
      '/_sandbox/records/customers?limit=1000',
    )
  ).records;
  const usd = new Set(
    customers
      .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
      .map((c) => String(c['customerCode'])),
  );
  const companies = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/companies')).results;
  const company = companies.find((c) => usd.has(c.properties['qad_customer_code'] ?? ''));
  const products = (await h.hs<{ results: HsRecord[] }>('GET', '/_sandbox/objects/products')).results.filter(
    (p) => !p.archived && p.properties['qad_uom'] === 'EA',
  );
  const [a, b] = products;
  if (company === undefined || a === undefined || b === undefined)
    throw new Error('sandbox seed lacks a USD customer or EA items');
  return { company, products: [a, b] };
}

/** Seeds `count` deals (quantities 1…count of the first product, one of the second) in `stage`. */
export async function seedDeals(
  h: Harness,
  parties: DealParties,
  count: number,
  stage = 'contractsent',
): Promise<{ id: string }[]> {
  const [a, b] = parties.products;
  const price = (p: HsRecord): number => Number(p.properties['price'] ?? '0');
  const seeded = await h.hs<{ deals: { id: string }[] }>('POST', '/_sandbox/seed', {
    deals: Array.from({ length: count }, (_, i) => i + 1).map((n) => ({
      properties: {
        dealname: `Deal ${n}`,
        amount: (n * price(a) + price(b)).toFixed(2),
        dealstage: stage,
        pipeline: 'default',
        deal_currency_code: 'USD',
      },
      companyId: parties.company.id,
      lineItems: [
        { productId: a.id, quantity: n, price: price(a) },
        { productId: b.id, quantity: 1, price: price(b) },
      ],
    })),
  });
  return seeded.deals;
}
