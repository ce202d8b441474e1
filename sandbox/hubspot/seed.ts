/** `POST /_sandbox/seed`: bulk-creates properties, pipelines and records without limits or stats. */
import { ApiError } from './errors.js';
import type { ObjectType } from './object-types.js';
import { resolveObjectType } from './object-types.js';
import type { PipelineSeed } from './pipelines.js';
import type { PortalState } from './state.js';
import { asText } from './values.js';
import { checkProperties, commitCreate } from './writes.js';

/** A control-API input error (answered as 400 `{error}`). */
export class SeedError extends Error {}

interface RecordSeed {
  ref?: string;
  properties?: Record<string, unknown>;
  companyId?: string;
  companyRef?: string;
  contactIds?: string[];
  contactRefs?: string[];
  lineItems?: LineItemSeed[];
}

interface LineItemSeed {
  productId?: string;
  productRef?: string;
  sku?: string;
  quantity?: number;
  price?: number;
  name?: string;
  properties?: Record<string, unknown>;
}

/** What the seed created, in input order. */
export interface SeedResult {
  companies: string[];
  contacts: string[];
  products: string[];
  deals: { id: string; lineItemIds: string[] }[];
  refs: Record<string, string>;
}

function create(
  state: PortalState,
  type: ObjectType,
  props: Record<string, unknown> | undefined,
  now: number,
): string {
  const checked = checkProperties(state, type, props ?? {}, undefined);
  if ('status' in checked) throw new SeedError(`${type}: ${checked.message}`);
  return commitCreate(state, type, checked.changes, now).id;
}

function ref(
  state: PortalState,
  id: string | undefined,
  name: string | undefined,
  what: string,
): string | undefined {
  if (id !== undefined) return id;
  if (name === undefined) return undefined;
  const found = state.refs.get(name);
  if (!found) throw new SeedError(`unknown ${what} ref "${name}"`);
  return found;
}

function list(body: Record<string, unknown>, key: string): RecordSeed[] {
  const v = body[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedError(`${key} must be an array`);
  return v as RecordSeed[];
}

/** Applies one seed request. */
export function seed(state: PortalState, body: Record<string, unknown>): SeedResult {
  const now = state.now();
  const iso = new Date(now).toISOString();
  const out: SeedResult = { companies: [], contacts: [], products: [], deals: [], refs: {} };
  const remember = (r: RecordSeed, id: string) => {
    if (r.ref) {
      state.refs.set(r.ref, id);
      out.refs[r.ref] = id;
    }
  };
  for (const p of (body['properties'] ?? []) as Record<string, unknown>[]) {
    const type = resolveObjectType(asText(p['objectType']));
    if (state.properties.get(type, asText(p['name']))) continue;
    try {
      state.properties.create(type, p, iso, true);
    } catch (e) {
      throw new SeedError(e instanceof ApiError ? e.message : String(e));
    }
  }
  state.syncUniqueIndexes();
  for (const p of (body['pipelines'] ?? []) as PipelineSeed[]) state.pipelines.add(p, iso);
  for (const r of list(body, 'companies')) {
    const id = create(state, 'companies', r.properties, now);
    remember(r, id);
    out.companies.push(id);
  }
  for (const r of list(body, 'contacts')) {
    const id = create(state, 'contacts', r.properties, now);
    remember(r, id);
    out.contacts.push(id);
    const company = ref(state, r.companyId, r.companyRef, 'company');
    if (company) state.associations.associate('contacts', id, 'companies', company);
  }
  for (const r of list(body, 'products')) {
    const id = create(state, 'products', r.properties, now);
    remember(r, id);
    out.products.push(id);
  }
  let bySku: Map<string, string> | undefined;
  const skuLookup = (sku: string): string => {
    if (!bySku) {
      bySku = new Map();
      for (const p of state.records.of('products').ordered) {
        const s = p.props['hs_sku'];
        if (s && !p.archived) bySku.set(s, p.id);
      }
    }
    const id = bySku.get(sku);
    if (!id) throw new SeedError(`no product with hs_sku "${sku}"`);
    return id;
  };
  for (const r of list(body, 'deals')) {
    const id = create(state, 'deals', r.properties, now);
    remember(r, id);
    const company = ref(state, r.companyId, r.companyRef, 'company');
    if (company) state.associations.associate('deals', id, 'companies', company);
    for (const c of r.contactIds ?? []) state.associations.associate('deals', id, 'contacts', c);
    for (const c of r.contactRefs ?? [])
      state.associations.associate('deals', id, 'contacts', ref(state, undefined, c, 'contact') as string);
    const lineItemIds: string[] = [];
    for (const li of r.lineItems ?? []) {
      const productId =
        ref(state, li.productId, li.productRef, 'product') ?? (li.sku ? skuLookup(li.sku) : undefined);
      const props: Record<string, unknown> = { ...(li.properties ?? {}), quantity: String(li.quantity ?? 1) };
      if (productId) props['hs_product_id'] = productId;
      if (li.price !== undefined) props['price'] = String(li.price);
      if (li.name !== undefined) props['name'] = li.name;
      const liId = create(state, 'line_items', props, now);
      state.associations.associate('deals', id, 'line_items', liId);
      lineItemIds.push(liId);
    }
    out.deals.push({ id, lineItemIds });
  }
  return out;
}
