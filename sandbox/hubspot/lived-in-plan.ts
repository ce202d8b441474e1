/**
 * What years of sales work left in a portal, planned from the same generator and seed as the QAD
 * sandbox: companies a rep typed for QAD's customers and suppliers (domain or a name variant,
 * some without a domain, a few made twice by hand), contacts whose e-mails QAD also has, products
 * by SKU or only by name, and records that have nothing to do with QAD. Pure: (tenant, seed) →
 * the same list of planned records, in creation order.
 */
import { Rng, mixSeed, type GeneratedAccount, type ItemRecord } from '../data/index.js';
import {
  LEGAL_SUFFIX_WORDS,
  normaliseCompanyName,
  normaliseCountry,
  normaliseDomain,
  normaliseEmail,
} from './lived-in-rules.js';

/** The object types a lived-in portal holds. */
export type LivedInType = 'companies' | 'contacts' | 'products';

/** One record a rep created (and maybe edited later). */
export interface PlannedRecord {
  type: LivedInType;
  /** Properties as first entered. */
  props: Record<string, string>;
  /** Properties the rep changed afterwards (a later `hs_lastmodifieddate`). */
  edit?: Record<string, string>;
  /** Position (in the plan) of the company a contact works for. */
  companyAt?: number;
  /** Whether the record has nothing to do with the QAD tenant. */
  unrelated: boolean;
}

/** Salts of the lived-in streams (distinct from the QAD generator's). */
const SALT = { account: 0x11fe, unrelated: 0x0dd, item: 0x9f0d } as const;

/** How many distinct non-unique names may get a domain-less record (each makes its group ambiguous). */
const CONTENTION_BUDGET = 2;

const COUNTRY_LABEL: Readonly<Record<string, string>> = {
  US: 'United States',
  DE: 'Germany',
  CN: 'China',
  GB: 'United Kingdom',
};

const OTHER_SUFFIX: Readonly<Record<string, readonly string[]>> = {
  US: ['Inc', 'Corporation', 'LLC', 'Company'],
  DE: ['GmbH', 'AG'],
  GB: ['Limited', 'Ltd'],
};

const UNRELATED_STEMS = [
  'Northwind',
  'Bluewater',
  'Cedar Ridge',
  'Silverline',
  'Oakmont',
  'Harborview',
  'Brightpath',
  'Meridian',
] as const;
const UNRELATED_WORDS = [
  'Dental Group',
  'Marketing Agency',
  'Software',
  'Catering',
  'Consulting',
  'Realty',
  'Fitness Studio',
  'Print Shop',
] as const;
const UNRELATED_FIRST = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie'] as const;
const UNRELATED_LAST = ['Parker', 'Reed', 'Hughes', 'Foster', 'Bennett', 'Ward', 'Hayes', 'Brooks'] as const;
const FREE_MAIL = ['gmail.com', 'yahoo.com', 'outlook.com', 'gmx.de', 'hotmail.co.uk', 'qq.com'] as const;
const UNRELATED_PRODUCTS = [
  'Extended warranty 24 months',
  'Annual maintenance contract',
  'Operator training day',
  'Freight surcharge',
  'Legacy spare parts kit',
  'Site survey',
] as const;

/** The generated tenant a portal is planned for. */
export interface Tenant {
  seed: number;
  accounts: readonly GeneratedAccount[];
  items: readonly ItemRecord[];
}

function slugOf(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

/** The name without its trailing legal-form words (`Hamilton Hydraulics Inc.` → `Hamilton Hydraulics`). */
function withoutSuffix(name: string): string {
  const words = name.split(' ');
  while (words.length > 1) {
    const last = (words[words.length - 1] as string).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
    if (!LEGAL_SUFFIX_WORDS.has(last) && last !== '') break;
    words.pop();
  }
  return words.join(' ').replace(/[\s,&]+$/, '');
}

/** A variant of a QAD name as a rep types it: case, legal suffix or punctuation changed. */
function nameVariant(rng: Rng, name: string, country: string): string {
  const roll = rng.float();
  let variant = name;
  if (roll < 0.45) variant = name;
  else if (roll < 0.6) variant = name.toUpperCase();
  else if (roll < 0.75) variant = withoutSuffix(name);
  else if (roll < 0.85) {
    const others = OTHER_SUFFIX[country];
    variant = others ? `${withoutSuffix(name)} ${rng.pick(others)}` : name.toLowerCase();
  } else {
    const base = withoutSuffix(name);
    variant = base === name ? `${name}.` : `${base}, ${name.slice(base.length).trim().replace(/\./g, '')}`;
  }
  // every variant must still be the same company under the documented normalisation
  return normaliseCompanyName(variant) === normaliseCompanyName(name) ? variant : name;
}

function domainVariant(rng: Rng, domain: string): string {
  return rng.weighted<string>([
    [domain, 70],
    [`www.${domain}`, 12],
    [domain.charAt(0).toUpperCase() + domain.slice(1), 10],
    [`https://www.${domain}/`, 8],
  ]);
}

function countryAsTyped(rng: Rng, code: string): string {
  return rng.chance(0.6) ? (COUNTRY_LABEL[code] ?? code) : code;
}

function companyRecord(rng: Rng, account: GeneratedAccount, withDomain: boolean): PlannedRecord {
  const br = account.businessRelation;
  const domain = normaliseDomain(br.webSite);
  const props: Record<string, string> = {
    name: rng.chance(0.5) ? br.name1 : nameVariant(rng, br.name1, br.countryCode),
    city: br.city,
    country: countryAsTyped(rng, br.countryCode),
  };
  if (withDomain) {
    props['domain'] = domainVariant(rng, domain);
    if (rng.chance(0.5)) props['website'] = `https://www.${domain}`;
  }
  if (rng.chance(0.5)) props['phone'] = br.telephone;
  if (account.customer) props['lifecyclestage'] = rng.chance(0.8) ? 'customer' : 'opportunity';
  else if (rng.chance(0.7)) props['type'] = 'VENDOR';
  if (rng.chance(0.3)) props['industry'] = 'MANUFACTURING';
  const record: PlannedRecord = { type: 'companies', props, unrelated: false };
  if (rng.chance(0.25)) {
    const edited = nameVariant(rng, br.name1, br.countryCode);
    if (edited !== props['name']) record.edit = { name: edited };
  }
  return record;
}

function splitName(name: string): { firstname: string; lastname: string } {
  const space = name.indexOf(' ');
  if (space > 0) return { firstname: name.slice(0, space), lastname: name.slice(space + 1) };
  const chars = Array.from(name);
  return { firstname: chars.slice(1).join(''), lastname: chars[0] ?? '' };
}

function emailAsTyped(rng: Rng, email: string): string {
  if (!rng.chance(0.2)) return email;
  const at = email.indexOf('@');
  const local = email
    .slice(0, at)
    .split('.')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('.');
  return rng.chance(0.5) ? `${local}${email.slice(at)}` : email.toUpperCase();
}

function contactRecords(
  rng: Rng,
  account: GeneratedAccount,
  companyAt: number | undefined,
  emails: Set<string>,
): PlannedRecord[] {
  const out: PlannedRecord[] = [];
  for (const c of account.contacts) {
    const key = normaliseEmail(c.email);
    if (!key || emails.has(key)) continue;
    if (!rng.chance(companyAt === undefined ? 0.15 : 0.75)) continue;
    emails.add(key);
    const props: Record<string, string> = { email: emailAsTyped(rng, c.email), ...splitName(c.contactName) };
    if (rng.chance(0.5)) props['jobtitle'] = c.contactFunction;
    if (rng.chance(0.5)) props['phone'] = c.telephone;
    if (companyAt === undefined) props['company'] = account.businessRelation.name1;
    const record: PlannedRecord = { type: 'contacts', props, unrelated: false };
    if (companyAt !== undefined) record.companyAt = companyAt;
    if (rng.chance(0.1) && props['lastname']) record.edit = { lastname: props['lastname'].toUpperCase() };
    out.push(record);
  }
  return out;
}

function unrelatedRecords(rng: Rng, index: number): PlannedRecord[] {
  const out: PlannedRecord[] = [];
  if (rng.chance(0.1)) {
    const name = `${rng.pick(UNRELATED_STEMS)} ${rng.pick(UNRELATED_WORDS)}`;
    const props: Record<string, string> = {
      name,
      country: rng.pick(['United States', 'US', 'Germany', 'United Kingdom']),
    };
    if (rng.chance(0.7)) props['domain'] = `${slugOf(name)}-${index + 1}.com`;
    if (rng.chance(0.5)) props['lifecyclestage'] = rng.pick(['lead', 'subscriber', 'opportunity']);
    out.push({ type: 'companies', props, unrelated: true });
  }
  if (rng.chance(0.12)) {
    const first = rng.pick(UNRELATED_FIRST);
    const last = rng.pick(UNRELATED_LAST);
    const companyAt = out.length > 0 ? 0 : undefined;
    const domain =
      companyAt !== undefined && out[0]?.props['domain'] ? out[0].props['domain'] : rng.pick(FREE_MAIL);
    const props = {
      email: `${first}.${last}${index + 1}@${domain}`.toLowerCase(),
      firstname: first,
      lastname: last,
    };
    const record: PlannedRecord = { type: 'contacts', props, unrelated: true };
    if (companyAt !== undefined) record.companyAt = companyAt;
    out.push(record);
  }
  return out;
}

function productRecord(rng: Rng, item: ItemRecord, nameOnly: boolean): PlannedRecord {
  const props: Record<string, string> = {
    name: item.description,
    price: String(rng.chance(0.7) ? item.listPrice : Math.round(item.listPrice * 90) / 100),
  };
  if (!nameOnly) props['hs_sku'] = item.itemCode;
  if (rng.chance(0.4)) props['description'] = item.description2;
  props['hs_product_type'] = item.itemType === 'SERVICE' ? 'service' : 'inventory';
  const record: PlannedRecord = { type: 'products', props, unrelated: false };
  // a rep renames a SKU-keyed product now and then; a name-only one keeps the catalogue name
  if (!nameOnly && rng.chance(0.15)) record.edit = { name: `${item.description} (${item.productLine})` };
  return record;
}

function countBy<T>(list: readonly T[], key: (t: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of list) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return counts;
}

/** Plans the products: ~50% keyed by SKU, ~12% only by the exact catalogue name, a few unrelated. */
function planProducts(tenant: Tenant, plan: PlannedRecord[]): void {
  const names = countBy(tenant.items, (i) => i.description.trim());
  const contended = new Set<string>();
  for (const item of tenant.items) {
    const index = Number(item.itemCode.slice(-6)) - 1;
    const rng = new Rng(mixSeed(tenant.seed, index, SALT.item));
    const roll = rng.float();
    if (roll < 0.5) plan.push(productRecord(rng, item, false));
    else if (roll < 0.62) {
      const name = item.description.trim();
      const unique = names.get(name) === 1;
      if (!unique && !contended.has(name) && contended.size >= CONTENTION_BUDGET) continue;
      if (!unique && contended.has(name)) continue;
      if (!unique) contended.add(name);
      plan.push(productRecord(rng, item, true));
    }
    if (rng.chance(0.03)) {
      const props: Record<string, string> = {
        name: `${rng.pick(UNRELATED_PRODUCTS)} ${index + 1}`,
        price: String(rng.int(50, 5000)),
      };
      if (rng.chance(0.5)) props['hs_sku'] = `LEGACY-${index + 1}`;
      plan.push({ type: 'products', props, unrelated: true });
    }
  }
}

/** Plans the companies and contacts of one account (and the unrelated records around it). */
function planAccount(
  tenant: Tenant,
  account: GeneratedAccount,
  names: Map<string, number>,
  contended: Set<string>,
  emails: Set<string>,
  plan: PlannedRecord[],
): void {
  const rng = new Rng(mixSeed(tenant.seed, account.index, SALT.account));
  const br = account.businessRelation;
  const nameKey = `${normaliseCompanyName(br.name1)}|${normaliseCountry(br.countryCode)}`;
  const roll = rng.float();
  let companyAt: number | undefined;
  if (roll < 0.012 && account.customer) {
    // the same customer typed in twice or three times by different reps
    companyAt = plan.length;
    const copies = rng.int(2, 3);
    for (let k = 0; k < copies; k += 1) plan.push(companyRecord(rng, account, true));
  } else if (roll < 0.56) {
    companyAt = plan.length;
    plan.push(companyRecord(rng, account, true));
  } else if (roll < 0.68) {
    const unique = names.get(nameKey) === 1;
    const allowed = unique || (!contended.has(nameKey) && contended.size < CONTENTION_BUDGET);
    companyAt = plan.length;
    plan.push(companyRecord(rng, account, !allowed));
    if (!unique && allowed) contended.add(nameKey);
  }
  plan.push(...contactRecords(rng, account, companyAt, emails));
  const unrelated = unrelatedRecords(
    new Rng(mixSeed(tenant.seed, account.index, SALT.unrelated)),
    account.index,
  );
  const base = plan.length;
  for (const r of unrelated) {
    if (r.companyAt !== undefined) r.companyAt += base;
    plan.push(r);
  }
}

/** The records a lived-in portal holds for `tenant`, in creation order (products first). */
export function planLivedIn(tenant: Tenant): PlannedRecord[] {
  const plan: PlannedRecord[] = [];
  planProducts(tenant, plan);
  const names = countBy(
    tenant.accounts,
    (a) =>
      `${normaliseCompanyName(a.businessRelation.name1)}|${normaliseCountry(a.businessRelation.countryCode)}`,
  );
  const contended = new Set<string>();
  const emails = new Set<string>();
  for (const account of tenant.accounts) planAccount(tenant, account, names, contended, emails, plan);
  return plan;
}
