/**
 * Finding 6 (control characters break QXtend XML). A QAD item whose code carries U+0001 reaches
 * the ledger through an ordinary catalog sync (its link's source key keeps the code). A deal on
 * it, on a QXtend site, through the real CLI against both sandboxes: the order fails as a data
 * error naming the character, and nothing is posted to QXtend for it — the good deal of the same
 * run still becomes its order. The QXtend client refuses such a value too, before building the
 * envelope, in case anything ever hands it one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQxtendClient } from '../../src/connectors/qad/qxtend/client.js';
import { DataError } from '../../src/core/errors.js';
import { startHarness as startQadHarness, orderFixtures } from '../connectors/qad/helpers.js';
import { startCliHarness, usdCustomerCompany, type CliHarness } from '../e2e/cli-harness.js';

const BAD_CODE = 'SEAL\u0001KIT';

/** QXtend POSTs the sandbox has answered, from its request statistics. */
function countQxtendPosts(routes: Record<string, Record<string, number>>): number {
  return Object.entries(routes)
    .filter(([route]) => route.startsWith('POST') && route.includes('QdocWebService'))
    .reduce((n, [, byStatus]) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
}

async function qxtendPosts(h: CliHarness): Promise<number> {
  const { routes } = await h.qadControl<{ routes: Record<string, Record<string, number>> }>(
    'GET',
    '/_sandbox/stats',
  );
  return countQxtendPosts(routes);
}

describe('XML 1.0-invalid characters never reach a QXtend envelope', () => {
  let h: CliHarness;
  beforeAll(async () => {
    h = await startCliHarness({
      seed: 11,
      accounts: 20,
      items: 15,
      qadYaml: (qad) => [
        'orders: { channel: qxtend }',
        `qxtend: { url: '${qad.qxtendUrl}', receiver: QADERP }`,
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails the deal with a clear data error and sends nothing for it; the good deal is ordered', async () => {
    const items = (
      await h.qadControl<{ records: Record<string, unknown>[] }>('GET', '/_sandbox/records/items')
    ).records;
    const template = items.find((i) => i['isActive'] !== false && i['unitOfMeasure'] === 'EA');
    if (template === undefined) throw new Error('seed lacks an active EA item');
    await h.qadControl('POST', '/_sandbox/records/items', {
      ...template,
      itemCode: BAD_CODE,
      description: 'Seal kit with a control character',
      listPrice: 40,
    });
    expect((await h.cli('sync', 'accounts', 'catalog', '--json')).code).toBe(0);

    const company = await usdCustomerCompany(h);
    const products = (await h.objects('products')).filter((p) => !p.archived);
    const bad = products.find((p) => p.properties['name'] === 'Seal kit with a control character');
    const good = products.find((p) => p !== bad && p.properties['qad_uom'] === 'EA');
    if (bad === undefined || good === undefined) throw new Error('catalog sync did not create the products');
    const goodPrice = Number(good.properties['price']);
    const seeded = await h.hs<{ deals: { id: string }[] }>('POST', '/_sandbox/seed', {
      deals: [
        { productId: good.id, price: goodPrice },
        { productId: bad.id, price: 40 },
      ].map((l, i) => ({
        properties: {
          dealname: `xml ${i}`,
          amount: l.price.toFixed(2),
          dealstage: 'contractsent',
          pipeline: 'default',
          deal_currency_code: 'USD',
        },
        companyId: company.id,
        lineItems: [{ productId: l.productId, quantity: 1, price: l.price }],
      })),
    });
    const [goodDeal, badDeal] = seeded.deals.map((d) => d.id);
    for (const id of [goodDeal, badDeal])
      await h.hs('POST', `/_sandbox/deals/${id}/stage`, { stageId: 'closedwon' });
    const postsBefore = await qxtendPosts(h);

    const run = await h.cli('sync', 'orders', '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ flows: { orders: { created: 1, failed: 1 } } });
    expect(await h.ordersOfDeal(goodDeal)).toHaveLength(1);
    expect(await h.ordersOfDeal(badDeal)).toEqual([]);
    // exactly one maintainSalesOrder: the good deal's
    expect((await qxtendPosts(h)) - postsBefore).toBe(1);

    const deal = (await h.objects('deals')).find((d) => d.id === badDeal);
    expect(deal?.properties['qad_sync_status']).toBe('error');
    expect(deal?.properties['qad_sync_error']).toMatch(/item code "SEAL\\u0001KIT" .*U\+0001/);
    const audit = JSON.parse((await h.cli('audit', badDeal ?? '', '--json')).stdout) as {
      events: { action: string; error: { code: string } | null }[];
    };
    expect(audit.events.at(-1)).toMatchObject({ action: 'failed', error: { code: 'ORDER_INVALID_TEXT' } });
    // a data problem on the deal, not an order left in flight
    const status = JSON.parse((await h.cli('status', '--json')).stdout) as {
      flows: { flow: string; failing: number }[];
    };
    expect(status.flows.find((f) => f.flow === 'orders')?.failing).toBe(1);
  });
});

describe('the QXtend client refuses XML-invalid text before building the envelope', () => {
  it('throws RECORD_INVALID naming the field and posts nothing', async () => {
    const q = await startQadHarness();
    try {
      const { customer, items } = await orderFixtures(q);
      const client = createQxtendClient({ http: q.http, rest: q.client(), events: q.events });
      const stats = async (): Promise<number> =>
        countQxtendPosts(
          (await q.control<{ routes: Record<string, Record<string, number>> }>('GET', '/stats')).routes,
        );
      const before = await stats();
      const error = await client
        .maintainSalesOrder(
          {
            orderNumber: 'QX9001',
            customerCode: customer,
            po: 'HS-QX-9001',
            currency: 'USD',
            orderDate: '2026-11-27',
            lines: [
              { itemCode: items[0] ?? '', quantity: 1, price: 1 },
              { itemCode: `${items[1] ?? ''}\uFFFE`, quantity: 1, price: 1 },
            ],
          },
          {
            url: q.qad.qxtendUrl,
            receiver: 'QADERP',
            version: 'eB_2',
            domain: '10USA',
            operation: 'A',
            scopeTransaction: true,
          },
        )
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).code).toBe('RECORD_INVALID');
      expect((error as DataError).message).toMatch(/sodPart of line 2 .*U\+FFFE/);
      expect(await stats()).toBe(before);
    } finally {
      await q.close();
    }
  });
});
