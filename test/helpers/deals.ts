/**
 * Deals the way a sales rep makes them, through the HubSpot sandbox's control API: open deals
 * with line items on synced companies and products, then moved to closed-won (at the sandbox's
 * current time, so the move is what the orders flow's search sees). Also finds the synced records
 * a deal can be made on. The control client is the demo's (src/demo/control.ts).
 */
import { controlCall, listHubSpot, listQadRecords, type SandboxHsRecord } from '../../src/demo/control.js';

/** One line item of a deal. */
export interface DealLine {
  productId: string;
  quantity: number;
  price: number;
}

/** A deal to seed. */
export interface DealSpec {
  name: string;
  /** The associated company; absent = none. */
  companyId?: string;
  lines: DealLine[];
  /** Decimal string; default Σ quantity × price with two decimals. */
  amount?: string;
  /** Default USD. */
  currency?: string;
  /** Default `contractsent` (an open stage of the default pipeline). */
  stage?: string;
}

/** The amount a deal's lines add up to, as HubSpot stores it. */
export function linesAmount(lines: readonly DealLine[]): string {
  return lines.reduce((sum, l) => sum + l.quantity * l.price, 0).toFixed(2);
}

/** Seeds open deals with their line items; returns their ids and line item ids, in order. */
export async function seedDeals(
  hubspotUrl: string,
  deals: readonly DealSpec[],
): Promise<{ id: string; lineItemIds: string[] }[]> {
  const seeded = await controlCall<{ deals: { id: string; lineItemIds: string[] }[] }>(
    hubspotUrl,
    'POST',
    '/_sandbox/seed',
    {
      deals: deals.map((d) => ({
        properties: {
          dealname: d.name,
          amount: d.amount ?? linesAmount(d.lines),
          dealstage: d.stage ?? 'contractsent',
          pipeline: 'default',
          deal_currency_code: d.currency ?? 'USD',
        },
        ...(d.companyId === undefined ? {} : { companyId: d.companyId }),
        lineItems: d.lines,
      })),
    },
  );
  return seeded.deals;
}

/** Moves deals to a stage (default the closed-won `closedwon`), as a sales rep would, one by one. */
export async function moveDeals(
  hubspotUrl: string,
  dealIds: readonly string[],
  stageId = 'closedwon',
): Promise<void> {
  for (const id of dealIds) await controlCall(hubspotUrl, 'POST', `/_sandbox/deals/${id}/stage`, { stageId });
}

/** Seeds the deals and moves each to closed-won; returns their ids. */
export async function seedClosedWonDeals(hubspotUrl: string, deals: readonly DealSpec[]): Promise<string[]> {
  const ids = (await seedDeals(hubspotUrl, deals)).map((d) => d.id);
  await moveDeals(hubspotUrl, ids);
  return ids;
}

/** Synced companies (sandbox order) of active 10USA customers that buy in USD. */
export async function usdCustomerCompanies(
  hubspotUrl: string,
  qadOrigin: string,
): Promise<SandboxHsRecord[]> {
  const usd = new Set(
    (await listQadRecords(qadOrigin, 'customers', 1000))
      .filter((c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD')
      .map((c) => String(c['customerCode'])),
  );
  return (await listHubSpot(hubspotUrl, 'companies')).filter((c) =>
    usd.has(c.properties['qad_customer_code'] ?? ''),
  );
}

/** Synced products (sandbox order) that are not archived and sold by the each (`EA`). */
export async function eachProducts(hubspotUrl: string): Promise<SandboxHsRecord[]> {
  return (await listHubSpot(hubspotUrl, 'products')).filter(
    (p) => !p.archived && p.properties['qad_uom'] === 'EA',
  );
}

/** A product's list price as a number. */
export function priceOf(product: SandboxHsRecord | undefined): number {
  return Number(product?.properties['price'] ?? '0');
}

/** What deals are built on: the company of a USD customer and two products sold by the each. */
export interface DealParties {
  company: SandboxHsRecord;
  products: [SandboxHsRecord, SandboxHsRecord];
}

/** The first synced USD customer company and two `EA` products; throws when the seed lacks them. */
export async function dealParties(hubspotUrl: string, qadOrigin: string): Promise<DealParties> {
  const [company] = await usdCustomerCompanies(hubspotUrl, qadOrigin);
  const [a, b] = await eachProducts(hubspotUrl);
  if (company === undefined || a === undefined || b === undefined)
    throw new Error('sandbox seed lacks a USD customer or EA items');
  return { company, products: [a, b] };
}

/** `count` deals on `parties`: deal n buys n of the first product and one of the second. */
export function dealSpecs(parties: DealParties, count: number): DealSpec[] {
  const [a, b] = parties.products;
  return Array.from({ length: count }, (_, i) => i + 1).map((n) => ({
    name: `Deal ${n}`,
    companyId: parties.company.id,
    lines: [
      { productId: a.id, quantity: n, price: priceOf(a) },
      { productId: b.id, quantity: 1, price: priceOf(b) },
    ],
  }));
}
