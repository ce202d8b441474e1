/**
 * Demo deals: what a sales team would do in HubSpot once master data arrived — open deals on the
 * synced companies with line items on the synced products, then move them to closed-won. Built
 * through the HubSpot sandbox's control API, deterministically from the synced records.
 */
import { SystemError } from '../core/errors.js';
import { controlCall, listHubSpot, listQadRecords, type SandboxHsRecord } from './control.js';

/** A deal the demo created and closed-won. */
export interface DemoDeal {
  dealId: string;
  dealName: string;
  companyName: string;
  customerCode: string;
  /** Decimal string, as HubSpot stores it. */
  amount: string;
  currency: string;
}

export interface SeedDealsOptions {
  /** HubSpot sandbox base URL. */
  hubspotUrl: string;
  /** QAD sandbox origin (its control API). */
  qadOrigin: string;
  /** QAD domain the connection syncs (the deals' customers belong to it). */
  domain: string;
  /** How many deals (default 12). */
  count?: number;
  /** Closed-won stage of the default pipeline (default `closedwon`). */
  closedWonStage?: string;
}

/** Creates `count` deals on synced customers and products and moves each to closed-won. */
export async function seedClosedWonDeals(opts: SeedDealsOptions): Promise<DemoDeal[]> {
  const deals = await seedOpenDeals(opts);
  for (const deal of deals) await closeDealWon(opts.hubspotUrl, deal.dealId, opts.closedWonStage);
  return deals;
}

/**
 * Creates `count` deals (stage `contractsent`) on synced customers and products, with line items;
 * `closeDealWon` later moves each to closed-won, as a sales rep would.
 */
export async function seedOpenDeals(opts: SeedDealsOptions): Promise<DemoDeal[]> {
  const count = opts.count ?? 12;
  if (count === 0) return [];
  const customers = await listQadRecords(opts.qadOrigin, 'customers');
  const currencyOf = new Map<string, string>();
  for (const c of customers) {
    if (c['domainCode'] === opts.domain && c['isActive'] !== false && c['currencyCode'] === 'USD') {
      currencyOf.set(String(c['customerCode']), 'USD');
    }
  }
  const companies = (await listHubSpot(opts.hubspotUrl, 'companies'))
    .filter((c) => !c.archived && currencyOf.has(c.properties['qad_customer_code'] ?? ''))
    .sort(byId);
  const products = (await listHubSpot(opts.hubspotUrl, 'products'))
    .filter((p) => !p.archived && p.properties['qad_uom'] === 'EA' && Number(p.properties['price']) > 0)
    .sort(byId);
  if (companies.length === 0 || products.length < 3) {
    throw new SystemError(
      'INTERNAL',
      `demo data lacks synced USD customers (${companies.length}) or priced EA products (${products.length})`,
    );
  }

  const planned = Array.from({ length: count }, (_, i) => {
    const company = companies[(i * 7) % companies.length] as SandboxHsRecord;
    const lineCount = 1 + (i % 3);
    const lines = Array.from({ length: lineCount }, (_unused, j) => {
      const product = products[(i * 5 + j * 11) % products.length] as SandboxHsRecord;
      return {
        productId: product.id,
        quantity: 1 + ((i + j) % 4) * 5,
        price: Number(product.properties['price']),
      };
    });
    const cents = lines.reduce((sum, l) => sum + Math.round(l.price * 100) * l.quantity, 0);
    const customerCode = company.properties['qad_customer_code'] ?? '';
    return {
      company,
      customerCode,
      dealName: `${company.properties['name'] ?? 'Customer'} — order ${i + 1}`,
      amount: (cents / 100).toFixed(2),
      currency: currencyOf.get(customerCode) ?? 'USD',
      lines,
    };
  });

  const seeded = await controlCall<{ deals: { id: string }[] }>(opts.hubspotUrl, 'POST', '/_sandbox/seed', {
    deals: planned.map((p) => ({
      properties: {
        dealname: p.dealName,
        amount: p.amount,
        dealstage: 'contractsent',
        pipeline: 'default',
        deal_currency_code: p.currency,
      },
      companyId: p.company.id,
      lineItems: p.lines,
    })),
  });
  const out: DemoDeal[] = [];
  for (const [i, deal] of seeded.deals.entries()) {
    const p = planned[i];
    if (p === undefined) continue;
    out.push({
      dealId: deal.id,
      dealName: p.dealName,
      companyName: p.company.properties['name'] ?? '',
      customerCode: p.customerCode,
      amount: p.amount,
      currency: p.currency,
    });
  }
  return out;
}

/** Moves a deal to the closed-won stage (default `closedwon`) at the sandbox's current time. */
export async function closeDealWon(hubspotUrl: string, dealId: string, stageId = 'closedwon'): Promise<void> {
  await controlCall(hubspotUrl, 'POST', `/_sandbox/deals/${dealId}/stage`, { stageId });
}

function byId(a: SandboxHsRecord, b: SandboxHsRecord): number {
  return Number(a.id) - Number(b.id);
}
