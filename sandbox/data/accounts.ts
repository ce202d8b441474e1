/**
 * Deterministic accounts of an industrial-equipment manufacturer: business relations that are
 * customers, suppliers or both, homed in several domains, with 0–4 contacts each (about 2 on
 * average). Account i depends only on (seed, i), so any slice can be computed or streamed
 * without holding the data set in memory.
 */
import { DOMAINS, SHARED_SET_CODE, type DomainSpec } from './domains.js';
import { FIELD_LIMITS, clip } from './field-limits.js';
import {
  CONTACT_FUNCTIONS,
  CONTACT_TITLES,
  NAME_POOLS,
  SPECIAL_COMPANY_NAMES,
  type NamePool,
} from './names.js';
import { Rng, mixSeed } from './prng.js';
import { asciiSlug, exactLength, pad } from './text.js';
import type {
  BusinessRelationRecord,
  ContactRecord,
  CustomerRecord,
  GeneratedAccount,
  SupplierRecord,
} from './types.js';

/** Default reference instant for generated modified stamps: 2026-01-01T00:00:00Z (stamps lie up to 2 years before). */
export const GENERATOR_EPOCH_MS = Date.UTC(2026, 0, 1);

const DAY_MS = 86_400_000;
const ACCOUNT_SALT = 0xacc0;
const CREDIT_TERMS = ['N30', 'N45', 'N60', 'COD'] as const;

/** Options for account generation. */
export interface AccountOptions {
  /** Modified stamps are drawn from the 730 days before this instant (epoch ms). Default GENERATOR_EPOCH_MS. */
  asOfMs?: number;
}

/** Business relation code of account i (0-based): `BR` + 7 digits, e.g. `BR0000001`. */
export function businessRelationCodeAt(index: number): string {
  return `BR${pad(index + 1, 7)}`;
}

/** Customer code of account i: `C` + 7 digits (8 characters, the cm_addr limit). */
export function customerCodeAt(index: number): string {
  return `C${pad(index + 1, 7)}`;
}

/** Supplier code of account i: `S` + 7 digits. */
export function supplierCodeAt(index: number): string {
  return `S${pad(index + 1, 7)}`;
}

function stampMs(rng: Rng, asOfMs: number): number {
  return asOfMs - rng.int(1, 730) * DAY_MS + rng.int(0, 86_399) * 1000;
}

function companyName(rng: Rng, pool: NamePool, index: number): string {
  if (index % 97 === 13)
    return SPECIAL_COMPANY_NAMES[Math.floor(index / 97) % SPECIAL_COMPANY_NAMES.length] ?? 'Special';
  const stem = rng.pick(pool.companyStems);
  const word = rng.pick(pool.companyWords);
  const suffix = rng.pick(pool.suffixes);
  const separator = pool === NAME_POOLS.CN ? '' : ' ';
  return [stem, word, suffix].join(separator);
}

function personName(rng: Rng, pool: NamePool): string {
  const first = rng.pick(pool.firstNames);
  const last = rng.pick(pool.lastNames);
  return pool === NAME_POOLS.CN ? `${last}${first}` : `${first} ${last}`;
}

function contactsFor(
  rng: Rng,
  index: number,
  br: BusinessRelationRecord,
  pool: NamePool,
  slug: string,
  asOfMs: number,
): ContactRecord[] {
  const count = rng.weighted<number>([
    [0, 10],
    [1, 25],
    [2, 30],
    [3, 20],
    [4, 15],
  ]);
  const contacts: ContactRecord[] = [];
  for (let j = 0; j < count; j += 1) {
    let name = personName(rng, pool);
    if (index % 41 === 5 && j === 0)
      name = exactLength(name, FIELD_LIMITS.contactName, 'von Hohenzollern-Sigmaringen');
    const local = asciiSlug(name, `contact${j + 1}`).replace(/-/g, '.');
    let email = `${local}@${slug}.example`;
    const roll = rng.float();
    if (roll < 0.1) email = '';
    else if (roll < 0.15 && j > 0) email = contacts[0]?.email || `info@${slug}.example`;
    else if (roll < 0.18) email = `purchasing@group${rng.int(0, 49)}.example`;
    contacts.push({
      contactId: `CN${pad(index + 1, 7)}-${j + 1}`,
      businessRelationCode: br.businessRelationCode,
      contactName: clip(name, FIELD_LIMITS.contactName),
      contactFunction: rng.pick(CONTACT_FUNCTIONS),
      contactTitle: rng.pick(CONTACT_TITLES),
      email,
      telephone: `${pool.phonePrefix} ${rng.int(1000000, 9999999)}`,
      mobilePhone: rng.chance(0.5) ? `${pool.phonePrefix} ${rng.int(1000000, 9999999)}` : '',
      isPrimary: j === 0,
      isActive: rng.chance(0.97),
      lastModifiedMs: stampMs(rng, asOfMs),
    });
  }
  return contacts;
}

/** Computes account i (0-based) of the data set for `seed`, independently of every other account. */
export function accountAt(seed: number, index: number, options: AccountOptions = {}): GeneratedAccount {
  const asOfMs = options.asOfMs ?? GENERATOR_EPOCH_MS;
  const rng = new Rng(mixSeed(seed, index, ACCOUNT_SALT));
  const role = rng.weighted<'customer' | 'supplier' | 'both'>([
    ['customer', 60],
    ['supplier', 20],
    ['both', 20],
  ]);
  const domain: DomainSpec = rng.weighted(DOMAINS.map((d) => [d, d.weight] as const));
  const pool = NAME_POOLS[domain.countryCode] ?? NAME_POOLS.US;
  if (pool === undefined) throw new Error('name pools missing');
  let name1 = companyName(rng, pool, index);
  if (index % 25 === 7)
    name1 = exactLength(name1, FIELD_LIMITS.businessRelationName, 'Industrial Equipment Holdings');
  name1 = clip(name1, FIELD_LIMITS.businessRelationName);
  const slug = `${asciiSlug(name1, 'acct')}-${index + 1}`;
  const [city, state, zipPrefix] = rng.pick(pool.cities);
  const brCode = businessRelationCodeAt(index);
  const isActive = rng.chance(0.95);
  const lastModifiedMs = stampMs(rng, asOfMs);
  let street1 = `${rng.int(1, 9999)} ${rng.pick(pool.streets)}`;
  if (index % 25 === 7) street1 = exactLength(street1, FIELD_LIMITS.street, 'Gewerbegebiet Nord Halle');
  const businessRelation: BusinessRelationRecord = {
    businessRelationCode: brCode,
    name1,
    name2: rng.chance(0.2)
      ? clip(`${rng.pick(['Werk', 'Plant', 'Division', '工厂'])} ${rng.int(1, 9)}`, 36)
      : '',
    searchName:
      index % 25 === 7
        ? exactLength(name1.toUpperCase(), FIELD_LIMITS.searchName, 'X')
        : clip(name1.toUpperCase(), FIELD_LIMITS.searchName),
    isActive,
    languageCode: domain.languageCode,
    domainCode: domain.domainCode,
    street1,
    street2: rng.chance(0.3) ? `Building ${rng.int(1, 20)}` : '',
    city: clip(city, FIELD_LIMITS.city),
    stateCode: state,
    zipCode: `${zipPrefix}${pad(rng.int(0, 999), 3)}`,
    countryCode: domain.countryCode,
    telephone: `${pool.phonePrefix} ${rng.int(1000000, 9999999)}`,
    email: `info@${slug}.example`,
    webSite: `https://www.${slug}.example`,
    lastModifiedMs,
  };
  const creditTermsCode = rng.pick(CREDIT_TERMS);
  const account: GeneratedAccount = { index, businessRelation, contacts: [] };
  if (role !== 'supplier') {
    const accepted = [domain.currencyCode];
    if (rng.chance(0.3)) accepted.push(domain.currencyCode === 'USD' ? 'EUR' : 'USD');
    const customer: CustomerRecord = {
      customerCode: customerCodeAt(index),
      businessRelationCode: brCode,
      sharedSetCode: SHARED_SET_CODE,
      domainCode: domain.domainCode,
      currencyCode: domain.currencyCode,
      acceptedCurrencies: accepted,
      creditTermsCode,
      isActive: isActive && rng.chance(0.97),
      lastModifiedMs: stampMs(rng, asOfMs),
    };
    account.customer = customer;
  }
  if (role !== 'customer') {
    const supplier: SupplierRecord = {
      supplierCode: supplierCodeAt(index),
      businessRelationCode: brCode,
      sharedSetCode: SHARED_SET_CODE,
      domainCode: domain.domainCode,
      currencyCode: domain.currencyCode,
      creditTermsCode,
      isActive: isActive && rng.chance(0.97),
      lastModifiedMs: stampMs(rng, asOfMs),
    };
    account.supplier = supplier;
  }
  account.contacts = contactsFor(rng, index, businessRelation, pool, slug, asOfMs);
  return account;
}

/**
 * Yields accounts 0..count-1 for `seed`, one at a time (nothing is retained), so a sandbox or a
 * benchmark can stream 1,000,000 accounts. `start` skips to a slice (default 0).
 */
export function* generateAccounts(
  seed: number,
  count: number,
  options: AccountOptions & { start?: number } = {},
): Generator<GeneratedAccount> {
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i += 1) yield accountAt(seed, i, options);
}
