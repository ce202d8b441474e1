/**
 * Finding 4 (orders trust properties anyone in HubSpot can edit). Through the real CLI against
 * both sandboxes: accounts and catalog are synced (so the ledger links real companies and
 * products), then
 * - a hand-made company carrying a real customer's `qad_customer_code` and a hand-made product
 *   carrying a real item's `hs_sku` (plus made-up `qad_*` keys), linked to nothing in the ledger,
 *   must not produce a QAD order: the deal fails, naming the ignored properties;
 * - a synced company and product whose `qad_customer_code` / `hs_sku` were edited in HubSpot to
 *   another customer and item make an order for the ledger's customer and item only, and the
 *   disagreement is reported in the deal's audit detail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, usdCustomerCompany, type CliHarness, type HsRecord } from '../e2e/cli-harness.js';

let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness({ seed: 11, accounts: 20, items: 15 });
  expect((await h.cli('sync', 'accounts', 'catalog', '--json')).code).toBe(0);
});
afterAll(async () => {
  await h?.close();
});

async function qadRecords(kind: 'customers' | 'items'): Promise<Record<string, unknown>[]> {
  return (
    await h.qadControl<{ records: Record<string, unknown>[] }>('GET', `/_sandbox/records/${kind}?limit=1000`)
  ).records;
}

async function dealOn(companyId: string, productId: string, price: number): Promise<string> {
  const seeded = await h.hs<{ deals: { id: string }[] }>('POST', '/_sandbox/seed', {
    deals: [
      {
        properties: {
          dealname: 'trust test',
          amount: (2 * price).toFixed(2),
          dealstage: 'contractsent',
          pipeline: 'default',
          deal_currency_code: 'USD',
        },
        companyId,
        lineItems: [{ productId, quantity: 2, price }],
      },
    ],
  });
  const id = seeded.deals[0]?.id ?? '';
  await h.hs('POST', `/_sandbox/deals/${id}/stage`, { stageId: 'closedwon' });
  return id;
}

async function activeEaProduct(): Promise<HsRecord> {
  const product = (await h.objects('products')).find((p) => !p.archived && p.properties['qad_uom'] === 'EA');
  if (product === undefined) throw new Error('seed lacks an EA item');
  return product;
}

describe('an order takes its QAD customer and items from ledger links only', () => {
  it('a hand-made company and product carrying real QAD codes make no order', async () => {
    const customers = await qadRecords('customers');
    const victim = customers.find(
      (c) => c['domainCode'] === '10USA' && c['isActive'] !== false && c['currencyCode'] === 'USD',
    );
    const item = (await qadRecords('items')).find(
      (i) => i['isActive'] !== false && i['unitOfMeasure'] === 'EA',
    );
    if (victim === undefined || item === undefined)
      throw new Error('seed lacks a USD customer or an EA item');
    const customerCode = String(victim['customerCode']);
    const itemCode = String(item['itemCode']);
    const made = await h.hs<{ companies: string[]; products: string[] }>('POST', '/_sandbox/seed', {
      companies: [
        {
          properties: {
            name: 'Hand-made Co',
            qad_account_key: '10USA/BR-HANDMADE',
            qad_customer_code: customerCode,
            qad_account_roles: 'customer',
          },
        },
      ],
      products: [
        {
          properties: {
            name: 'Hand-made product',
            hs_sku: itemCode,
            qad_item_key: '10USA/HANDMADE-ITEM',
            qad_uom: 'EA',
            price: '10.00',
          },
        },
      ],
    });
    const dealId = await dealOn(made.companies[0] ?? '', made.products[0] ?? '', 10);

    const run = await h.cli('sync', 'orders', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ flows: { orders: { created: 0, failed: 1 } } });
    expect(await h.ordersOfDeal(dealId)).toEqual([]);
    const deal = (await h.objects('deals')).find((d) => d.id === dealId);
    expect(deal?.properties['qad_sync_status']).toBe('error');
    const reason = deal?.properties['qad_sync_error'] ?? '';
    expect(reason).toContain(`company ${made.companies[0] ?? ''}`);
    expect(reason).toMatch(new RegExp(`company \\d+: qad_customer_code ${customerCode}\\b.*ignored`));
    expect(reason).toMatch(new RegExp(`product \\d+: hs_sku ${itemCode}\\b.*ignored`));
  });

  it('edited properties on linked records are reported, never used', async () => {
    const company = await usdCustomerCompany(h);
    const product = await activeEaProduct();
    const ledgerCustomer = company.properties['qad_customer_code'] ?? '';
    const ledgerItem = product.properties['hs_sku'] ?? '';
    const otherCustomer =
      (await qadRecords('customers'))
        .map((c) => String(c['customerCode']))
        .find((c) => c !== ledgerCustomer) ?? '';
    const otherItem =
      (await qadRecords('items')).map((i) => String(i['itemCode'])).find((c) => c !== ledgerItem) ?? '';
    // anyone with edit rights in HubSpot, through the ordinary CRM API
    const edit = async (type: string, id: string, properties: Record<string, string>): Promise<void> => {
      const res = await fetch(`${h.hubspot.url}/crm/v3/objects/${type}/${id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${h.hubspot.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ properties }),
      });
      expect(res.status).toBe(200);
    };
    await edit('companies', company.id, { qad_customer_code: otherCustomer });
    await edit('products', product.id, { hs_sku: otherItem });
    const price = Number(product.properties['price']);
    const dealId = await dealOn(company.id, product.id, price);

    const run = await h.cli('sync', 'orders', '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ flows: { orders: { created: 1 } } });
    const orders = await h.ordersOfDeal(dealId);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.['soldToCustomerCode']).toBe(ledgerCustomer);
    const lines = JSON.stringify(orders[0]);
    expect(lines).toContain(ledgerItem);
    expect(lines).not.toContain(otherItem);

    const audit = JSON.parse((await h.cli('audit', dealId, '--json')).stdout) as {
      events: { action: string; detail: { ledgerDisagreements?: string[] } | null }[];
    };
    const created = audit.events.find((e) => e.action === 'created');
    expect(created?.detail?.ledgerDisagreements).toEqual([
      `company ${company.id}: qad_customer_code ${otherCustomer} in HubSpot differs from the ledger's ${ledgerCustomer}; the ledger's is used`,
      `product ${product.id}: hs_sku ${otherItem} in HubSpot differs from the ledger's ${ledgerItem}; the ledger's is used`,
    ]);
  });
});
