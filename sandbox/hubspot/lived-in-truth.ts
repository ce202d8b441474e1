/**
 * Ground truth of a lived-in portal: for every QAD record of the generated tenant, what a careful
 * first sync must do with the HubSpot records a rep created — adopt one (and by which rule), leave
 * it ambiguous (with the candidates), report a shared e-mail, or create a new record. Computed by
 * applying the documented rules (lived-in-rules.ts, README "Lived-in portal") to the portal's
 * actual contents, so the truth and the portal cannot disagree.
 */
import type { GeneratedAccount, ItemRecord } from '../data/index.js';
import {
  normaliseCompanyName,
  normaliseCountry,
  normaliseDomain,
  normaliseEmail,
  qadCompanyDomain,
} from './lived-in-rules.js';

/** The rule that found an adopted record's one candidate. */
export type MatchRule = 'domain' | 'name' | 'email' | 'sku';

/** What a first sync must do with one QAD record. */
export type Expectation =
  | { expect: 'adopt'; hubspotId: string; rule: MatchRule }
  | { expect: 'ambiguous'; rule: MatchRule; candidates: string[] }
  | { expect: 'conflict'; sharedWith: string[]; candidates: string[] }
  | { expect: 'create' };

/** Truth for one QAD business relation (one HubSpot company). */
export type CompanyTruth = {
  key: string;
  businessRelationCode: string;
  customerCode: string | null;
  supplierCode: string | null;
  name: string;
  countryCode: string;
  domain: string;
  active: boolean;
} & Expectation;

/** Truth for one QAD contact. */
export type ContactTruth = {
  key: string;
  contactId: string;
  businessRelationCode: string;
  email: string;
  active: boolean;
} & Expectation;

/** Truth for one QAD item. */
export type ProductTruth = {
  key: string;
  itemCode: string;
  description: string;
  active: boolean;
} & Expectation;

/** Counts per expectation (adoptions per rule). */
export interface TruthCounts {
  adopt: Partial<Record<MatchRule, number>>;
  ambiguous: number;
  conflict: number;
  create: number;
}

/** The whole truth served by `GET /_sandbox/truth`. */
export interface LivedInTruth {
  qadSeed: number;
  accounts: number;
  items: number;
  companies: CompanyTruth[];
  contacts: ContactTruth[];
  products: ProductTruth[];
  unrelated: { companies: string[]; contacts: string[]; products: string[] };
  summary: { companies: TruthCounts; contacts: TruthCounts; products: TruthCounts };
}

/** The portal records the truth is computed against (live records only). */
export interface PortalView {
  companies: readonly { id: string; props: Readonly<Record<string, string>> }[];
  contacts: readonly { id: string; props: Readonly<Record<string, string>> }[];
  products: readonly { id: string; props: Readonly<Record<string, string>> }[];
}

function push(index: Map<string, string[]>, key: string, id: string): void {
  if (key === '') return;
  const list = index.get(key);
  if (list) list.push(id);
  else index.set(key, [id]);
}

/**
 * Turns candidate lists into expectations: one candidate → adopt, unless another QAD record of the
 * same kind also has it among its candidates (then nobody can tell whose it is: ambiguous).
 */
function decide(found: readonly { rule: MatchRule; candidates: string[] }[]): Expectation[] {
  const claims = new Map<string, number>();
  for (const f of found) for (const id of f.candidates) claims.set(id, (claims.get(id) ?? 0) + 1);
  return found.map((f): Expectation => {
    if (f.candidates.length === 0) return { expect: 'create' };
    const [only] = f.candidates;
    if (f.candidates.length === 1 && only !== undefined && claims.get(only) === 1)
      return { expect: 'adopt', hubspotId: only, rule: f.rule };
    return { expect: 'ambiguous', rule: f.rule, candidates: [...f.candidates] };
  });
}

function companyTruths(accounts: readonly GeneratedAccount[], portal: PortalView): CompanyTruth[] {
  const byDomain = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const c of portal.companies) {
    const domain = normaliseDomain(c.props['domain']);
    if (domain) push(byDomain, domain, c.id);
    else {
      const name = normaliseCompanyName(c.props['name']);
      const country = normaliseCountry(c.props['country']);
      if (name && country) push(byName, `${name}|${country}`, c.id);
    }
  }
  const found = accounts.map((a) => {
    const br = a.businessRelation;
    const domain = qadCompanyDomain(br.webSite, br.email);
    const byD = domain ? (byDomain.get(domain) ?? []) : [];
    if (byD.length > 0) return { rule: 'domain' as const, candidates: byD };
    const key = `${normaliseCompanyName(br.name1)}|${normaliseCountry(br.countryCode)}`;
    return { rule: 'name' as const, candidates: byName.get(key) ?? [] };
  });
  const expectations = decide(found);
  return accounts.map((a, i) => {
    const br = a.businessRelation;
    return {
      key: `${br.domainCode}/${br.businessRelationCode}`,
      businessRelationCode: br.businessRelationCode,
      customerCode: a.customer?.customerCode ?? null,
      supplierCode: a.supplier?.supplierCode ?? null,
      name: br.name1,
      countryCode: br.countryCode,
      domain: qadCompanyDomain(br.webSite, br.email),
      active: br.isActive,
      ...(expectations[i] as Expectation),
    };
  });
}

function contactTruths(accounts: readonly GeneratedAccount[], portal: PortalView): ContactTruth[] {
  const byEmail = new Map<string, string[]>();
  for (const c of portal.contacts) push(byEmail, normaliseEmail(c.props['email']), c.id);
  const holders = new Map<string, string[]>();
  for (const a of accounts) for (const c of a.contacts) push(holders, normaliseEmail(c.email), c.contactId);
  const out: ContactTruth[] = [];
  for (const a of accounts) {
    const br = a.businessRelation;
    for (const c of a.contacts) {
      const email = normaliseEmail(c.email);
      const candidates = email ? (byEmail.get(email) ?? []) : [];
      const sharing = email ? (holders.get(email) ?? []) : [];
      let expectation: Expectation;
      if (sharing.length > 1)
        expectation = {
          expect: 'conflict',
          sharedWith: sharing.filter((id) => id !== c.contactId),
          candidates: [...candidates],
        };
      else if (candidates.length === 1 && candidates[0] !== undefined)
        expectation = { expect: 'adopt', hubspotId: candidates[0], rule: 'email' };
      else if (candidates.length > 1) expectation = { expect: 'ambiguous', rule: 'email', candidates };
      else expectation = { expect: 'create' };
      out.push({
        key: `${br.domainCode}/${br.businessRelationCode}/${c.contactId}`,
        contactId: c.contactId,
        businessRelationCode: br.businessRelationCode,
        email: c.email,
        active: c.isActive,
        ...expectation,
      });
    }
  }
  return out;
}

function productTruths(items: readonly ItemRecord[], portal: PortalView): ProductTruth[] {
  const bySku = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const p of portal.products) {
    const sku = (p.props['hs_sku'] ?? '').trim();
    if (sku) push(bySku, sku, p.id);
    else push(byName, (p.props['name'] ?? '').trim(), p.id);
  }
  const found = items.map((item) => {
    const bySkuFound = bySku.get(item.itemCode) ?? [];
    if (bySkuFound.length > 0) return { rule: 'sku' as const, candidates: bySkuFound };
    return { rule: 'name' as const, candidates: byName.get(item.description.trim()) ?? [] };
  });
  const expectations = decide(found);
  return items.map((item, i) => ({
    key: `${item.domainCode}/${item.itemCode}`,
    itemCode: item.itemCode,
    description: item.description,
    active: item.isActive,
    ...(expectations[i] as Expectation),
  }));
}

function count(list: readonly Expectation[]): TruthCounts {
  const counts: TruthCounts = { adopt: {}, ambiguous: 0, conflict: 0, create: 0 };
  for (const e of list) {
    if (e.expect === 'adopt') counts.adopt[e.rule] = (counts.adopt[e.rule] ?? 0) + 1;
    else counts[e.expect] += 1;
  }
  return counts;
}

/** Computes the truth of `portal` for the tenant generated from (`qadSeed`, accounts, items). */
export function computeTruth(
  tenant: { qadSeed: number; accounts: readonly GeneratedAccount[]; items: readonly ItemRecord[] },
  portal: PortalView,
  unrelated: LivedInTruth['unrelated'],
): LivedInTruth {
  const companies = companyTruths(tenant.accounts, portal);
  const contacts = contactTruths(tenant.accounts, portal);
  const products = productTruths(tenant.items, portal);
  return {
    qadSeed: tenant.qadSeed,
    accounts: tenant.accounts.length,
    items: tenant.items.length,
    companies,
    contacts,
    products,
    unrelated,
    summary: { companies: count(companies), contacts: count(contacts), products: count(products) },
  };
}
