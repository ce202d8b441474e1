/**
/**
 * Gathers what validation needs about a batch of deals: the deals' companies and line items
 * (association batch reads), the line items, their products, and what the ledger knows about
 * those companies (accounts links) and products (catalog links). Reads only.
 *
 * Trust boundary: an order's QAD customer and items come from ledger links alone — links the
 * connector made (or, later, adopted) from QAD records. HubSpot properties such as
 * `qad_customer_code` or `hs_sku` can be edited by any HubSpot user, so they never choose a
 * customer or an item; where they disagree with the ledger, or claim a QAD code for a record the
 * ledger does not link, that is reported (the deal's error or its audit detail).
 */
import { DataError } from '../../core/errors.js';
import { isRecord } from '../../core/guards.js';
import type { HubSpotClient, HubSpotObject } from '../../connectors/hubspot/index.js';
import type { SyncContext } from '../connection.js';
import type { RecordLink } from '../../core/store-port.js';
import {
  COMPANY_READ_PROPERTIES,
  DEAL_CURRENCY,
  LINE_ITEM_READ_PROPERTIES,
  PRODUCT_READ_PROPERTIES,
} from './deal-properties.js';
import { disagreements, unlinkedClaims, type PropertyCheck } from './property-check.js';
import type { CustomerFacts, DealFacts, ItemFacts, LineFacts } from './validate.js';

/** What QAD says about a customer's currencies; null when the customer is unknown to QAD. */
export type CustomerCurrencyLookup = (
  customerCode: string,
) => Promise<{ currency: string | null; acceptedCurrencies: string[] | null } | null>;

type FactsContext = Pick<SyncContext, 'hubspot' | 'store' | 'connection' | 'logger'>;

/** Facts per deal id, for every deal of the batch. */
export async function gatherDealFacts(
  ctx: FactsContext,
  deals: readonly HubSpotObject[],
  lookupCurrencies: CustomerCurrencyLookup,
): Promise<Map<string, DealFacts>> {
  const dealIds = deals.map((d) => d.id);
  const companiesByDeal = await readAssociations(ctx.hubspot, 'companies', dealIds);
  const lineIdsByDeal = await readAssociations(ctx.hubspot, 'line_items', dealIds);

  const lineItems = await readAll(
    ctx.hubspot,
    'line_items',
    unique([...lineIdsByDeal.values()].flat()),
    LINE_ITEM_READ_PROPERTIES,
  );
  const productIds = unique(
    [...lineItems.values()].map((l) => l.properties['hs_product_id'] ?? '').filter((id) => id !== ''),
  );
  const products = await resolveItems(ctx, productIds);

  const companyIds = unique([...companiesByDeal.values()].flat());
  const customers = await resolveCustomers(ctx, companyIds, lookupCurrencies);

  const out = new Map<string, DealFacts>();
  for (const deal of deals) {
    const lines: LineFacts[] = (lineIdsByDeal.get(deal.id) ?? [])
      .map((id) => lineItems.get(id))
      .filter((l): l is HubSpotObject => l !== undefined)
      .map((l) => {
        const productId = l.properties['hs_product_id'] || null;
        const product = productId === null ? undefined : products.get(productId);
        return {
          lineItemId: l.id,
          name: l.properties['name'] ?? null,
          productId,
          quantity: l.properties['quantity'] ?? null,
          price: l.properties['price'] ?? null,
          amount: l.properties['amount'] ?? null,
          item: product?.item ?? null,
          ...(product === undefined ? {} : { productCheck: product.check }),
        };
      })
      .sort((a, b) => compareIds(a.lineItemId, b.lineItemId));
    const lineCurrency = lineItems.get(lineIdsByDeal.get(deal.id)?.[0] ?? '')?.properties[
      'hs_line_item_currency_code'
    ];
    out.set(deal.id, {
      dealId: deal.id,
      dealName: deal.properties['dealname'] ?? null,
      amount: deal.properties['amount'] ?? null,
      currency: deal.properties[DEAL_CURRENCY] || lineCurrency || null,
      companies: (companiesByDeal.get(deal.id) ?? [])
        .map((id) => customers.get(id))
        .filter((c): c is CustomerFacts => c !== undefined),
      lines,
    });
  }
  return out;
}

/**
 * Product id → QAD item, from the catalog link only: its source key is `<domain>/<itemCode>` and
 * its snapshot (what the connector wrote, from QAD) holds the unit. The product's `hs_sku` and
 * `qad_*` properties are read only to report where they disagree or claim an unlinked item.
 */
async function resolveItems(
  ctx: FactsContext,
  productIds: string[],
): Promise<Map<string, { item: ItemFacts | null; check: PropertyCheck }>> {
  const out = new Map<string, { item: ItemFacts | null; check: PropertyCheck }>();
  if (productIds.length === 0) return out;
  const links = await ctx.store.getLinksByTarget(ctx.connection.name, 'catalog', productIds);
  const products = await readAll(ctx.hubspot, 'products', productIds, PRODUCT_READ_PROPERTIES);
  for (const id of productIds) {
    const link = usableLink(links.get(id));
    const props = products.get(id)?.properties ?? {};
    const claimed = { hs_sku: props['hs_sku'], qad_item_key: props['qad_item_key'] };
    if (link === undefined) {
      out.set(id, { item: null, check: unlinkedClaims(`product ${id}`, claimed, 'products') });
      continue;
    }
    const snap = flatSnapshot(link);
    const itemCode = link.sourceKey.slice(link.sourceKey.indexOf('/') + 1);
    const uom = text(snap['qad_uom']) ?? text(snap['qad_unit_of_measure']);
    out.set(id, {
      item: { itemCode, uom },
      check: disagreements(`product ${id}`, claimed, { hs_sku: itemCode, qad_item_key: link.sourceKey }),
    });
  }
  return out;
}

/**
 * Company id → QAD customer facts, from the accounts link only: its snapshot (what the connector
 * wrote, from QAD) holds the customer code and roles; the currencies come from the snapshot or
 * QAD itself. The company's `qad_*` properties are read only to report disagreements and claims.
 */
async function resolveCustomers(
  ctx: FactsContext,
  companyIds: string[],
  lookupCurrencies: CustomerCurrencyLookup,
): Promise<Map<string, CustomerFacts>> {
  const out = new Map<string, CustomerFacts>();
  if (companyIds.length === 0) return out;
  const links = await ctx.store.getLinksByTarget(ctx.connection.name, 'accounts', companyIds);
  const companies = await readAll(ctx.hubspot, 'companies', companyIds, COMPANY_READ_PROPERTIES);
  const currencyCache = new Map<string, Awaited<ReturnType<CustomerCurrencyLookup>>>();
  for (const id of companyIds) {
    const link = usableLink(links.get(id));
    const props = companies.get(id)?.properties ?? {};
    const claimed = {
      qad_customer_code: props['qad_customer_code'],
      qad_account_key: props['qad_account_key'],
    };
    if (link === undefined) {
      out.set(id, {
        companyId: id,
        customerCode: null,
        roles: [],
        currency: null,
        acceptedCurrencies: null,
        propertyCheck: unlinkedClaims(`company ${id}`, claimed, 'companies'),
      });
      continue;
    }
    const snap = flatSnapshot(link);
    const customerCode = text(snap['qad_customer_code']);
    let roles = splitList(text(snap['qad_account_roles'])).map((r) => r.toLowerCase());
    if (roles.length === 0 && customerCode !== null) roles = ['customer'];
    let currency = text(snap['qad_currency']);
    let accepted = splitList(text(snap['qad_accepted_currencies']));
    if (customerCode !== null && accepted.length === 0) {
      if (!currencyCache.has(customerCode))
        currencyCache.set(customerCode, await currenciesOrUnknown(ctx, lookupCurrencies, customerCode));
      const fromQad = currencyCache.get(customerCode) ?? null;
      currency = fromQad?.currency ?? currency;
      accepted = fromQad?.acceptedCurrencies ?? [];
    }
    out.set(id, {
      companyId: id,
      customerCode,
      roles,
      currency,
      acceptedCurrencies: accepted.length > 0 ? accepted : null,
      propertyCheck: disagreements(`company ${id}`, claimed, {
        qad_customer_code: customerCode ?? '',
        qad_account_key: link.sourceKey,
      }),
    });
  }
  return out;
}

/**
 * QAD's currencies for a customer; unknown (null) when its code cannot be filtered on (a comma:
 * QAD_FILTER_VALUE_INVALID). The order then goes without the local currency check — QAD checks
 * the currency itself — instead of failing a batch of deals for one customer's code.
 */
async function currenciesOrUnknown(
  ctx: FactsContext,
  lookup: CustomerCurrencyLookup,
  customerCode: string,
): Promise<Awaited<ReturnType<CustomerCurrencyLookup>>> {
  try {
    return await lookup(customerCode);
  } catch (error) {
    if (!(error instanceof DataError) || error.code !== 'QAD_FILTER_VALUE_INVALID') throw error;
    ctx.logger.warn(
      { event: 'orders.currency_lookup.skipped', customerCode, reason: error.message },
      'QAD customer currencies not looked up; QAD checks the order currency itself',
    );
    return null;
  }
}

/** A link that points at a live target (quarantined links or links without a target do not count). */
function usableLink(link: RecordLink | undefined): RecordLink | undefined {
  return link !== undefined && link.targetId !== null && link.state !== 'quarantined' ? link : undefined;
}

async function readAssociations(
  hubspot: HubSpotClient,
  toType: string,
  ids: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (ids.length === 0) return out;
  for (const [from, to] of await hubspot.batchReadAssociations('deals', toType, ids))
    out.set(from, [...to].sort(compareIds));
  return out;
}

async function readAll(
  hubspot: HubSpotClient,
  type: string,
  ids: string[],
  properties: string[],
): Promise<Map<string, HubSpotObject>> {
  const out = new Map<string, HubSpotObject>();
  if (ids.length === 0) return out;
  for (const record of (await hubspot.batchRead(type, { ids }, properties)).results)
    out.set(record.id, record);
  return out;
}

/** A link snapshot's values, flat: engine sinks store `{ properties, context }`, others flat maps. */
function flatSnapshot(link: RecordLink | undefined): Record<string, unknown> {
  const snap = link?.snapshot ?? {};
  const nested = snap['properties'];
  return isRecord(nested) ? { ...snap, ...nested } : snap;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function splitList(value: string | null): string[] {
  return value === null
    ? []
    : value
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** HubSpot ids are numeric strings: compare numerically, so line order is stable and natural. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
