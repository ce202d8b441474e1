/** Seeds closed-won deals on a tenant's synced companies and products (HubSpot sandbox control API). */
import { getJson, postJson, type Tenant } from './cluster.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
}

/**
 * Creates `count` deals for an active USD customer of 10USA with two EA line items and moves them
 * to closed-won. Returns their ids, or [] when the tenant's generated data has no such customer.
 */
export async function seedClosedWonDeals(t: Tenant, count: number): Promise<string[]> {
  const customers = (
    await getJson<{ records: Record<string, unknown>[] }>(
      `${t.qad.origin}/_sandbox/records/customers?limit=1000`,
    )
  ).records;
  const usd = new Set(
    customers
      .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
      .map((c) => String(c['customerCode'])),
  );
  const companies = (await getJson<{ results: HsRecord[] }>(`${t.hubspot.url}/_sandbox/objects/companies`))
    .results;
  const company = companies.find((c) => usd.has(c.properties['qad_customer_code'] ?? ''));
  const products = (
    await getJson<{ results: HsRecord[] }>(`${t.hubspot.url}/_sandbox/objects/products`)
  ).results.filter((p) => !p.archived && p.properties['qad_uom'] === 'EA');
  const [a, b] = products;
  if (company === undefined || a === undefined || b === undefined) return [];
  const price = (p: HsRecord): number => Number(p.properties['price'] ?? '0');
  const seeded = await postJson<{ deals: { id: string }[] }>(`${t.hubspot.url}/_sandbox/seed`, {
    deals: Array.from({ length: count }, (_, i) => i + 1).map((n) => ({
      properties: {
        dealname: `Scale ${t.name} ${n}`,
        amount: (n * price(a) + price(b)).toFixed(2),
        dealstage: 'contractsent',
        pipeline: 'default',
        deal_currency_code: 'USD',
      },
      companyId: company.id,
      lineItems: [
        { productId: a.id, quantity: n, price: price(a) },
        { productId: b.id, quantity: 1, price: price(b) },
      ],
    })),
  });
  for (const d of seeded.deals)
    await postJson(`${t.hubspot.url}/_sandbox/deals/${d.id}/stage`, { stageId: 'closedwon' });
  return seeded.deals.map((d) => d.id);
}

/** Per deal, the QAD orders carrying its reference (`HS-<dealId>`), and every order of the tenant. */
export async function ordersOf(t: Tenant, dealIds: string[]): Promise<{ perDeal: number[]; total: number }> {
  const perDeal: number[] = [];
  for (const id of dealIds) {
    const { salesOrders } = await getJson<{ salesOrders: unknown[] }>(
      `${t.qad.origin}/_sandbox/sales-orders?purchaseOrder=HS-${id}`,
    );
    perDeal.push(salesOrders.length);
  }
  const all = await getJson<{ salesOrders: unknown[] }>(`${t.qad.origin}/_sandbox/sales-orders`);
  return { perDeal, total: all.salesOrders.length };
}
