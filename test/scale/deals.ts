/** Seeds closed-won deals on a tenant's synced companies and products (HubSpot sandbox control API). */
import {
  eachProducts,
  priceOf,
  seedClosedWonDeals as seedClosedWon,
  usdCustomerCompanies,
} from '../helpers/deals.js';
import { getJson, type Tenant } from './cluster.js';

/**
 * Creates `count` deals for an active USD customer of 10USA with two EA line items and moves them
 * to closed-won. Returns their ids, or [] when the tenant's generated data has no such customer.
 */
export async function seedClosedWonDeals(t: Tenant, count: number): Promise<string[]> {
  const [company] = await usdCustomerCompanies(t.hubspot.url, t.qad.origin);
  const [a, b] = await eachProducts(t.hubspot.url);
  if (company === undefined || a === undefined || b === undefined) return [];
  return seedClosedWon(
    t.hubspot.url,
    Array.from({ length: count }, (_, i) => i + 1).map((n) => ({
      name: `Scale ${t.name} ${n}`,
      companyId: company.id,
      lines: [
        { productId: a.id, quantity: n, price: priceOf(a) },
        { productId: b.id, quantity: 1, price: priceOf(b) },
      ],
    })),
  );
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
