/** The manufacturer's QAD domains: each with its entity, default site, currency and country. */

/** One QAD domain of the generated tenant. */
export interface DomainSpec {
  readonly domainCode: string;
  readonly entityCode: string;
  readonly siteCode: string;
  readonly currencyCode: string;
  readonly countryCode: string;
  readonly languageCode: string;
  /** Share of accounts homed in this domain (weights, not necessarily summing to 1). */
  readonly weight: number;
}

/** Domains of the generated tenant; `10USA` is the primary domain that owns the item catalogue. */
export const DOMAINS: readonly DomainSpec[] = [
  {
    domainCode: '10USA',
    entityCode: '10USACO',
    siteCode: '10-100',
    currencyCode: 'USD',
    countryCode: 'US',
    languageCode: 'us',
    weight: 50,
  },
  {
    domainCode: '20DEU',
    entityCode: '20DEUCO',
    siteCode: '20-100',
    currencyCode: 'EUR',
    countryCode: 'DE',
    languageCode: 'de',
    weight: 25,
  },
  {
    domainCode: '30CHN',
    entityCode: '30CHNCO',
    siteCode: '30-100',
    currencyCode: 'CNY',
    countryCode: 'CN',
    languageCode: 'ch',
    weight: 15,
  },
  {
    domainCode: '40GBR',
    entityCode: '40GBRCO',
    siteCode: '40-100',
    currencyCode: 'GBP',
    countryCode: 'GB',
    languageCode: 'uk',
    weight: 10,
  },
];

/** The shared set that customers and suppliers are keyed by (EE keys them by shared set, not domain). */
export const SHARED_SET_CODE = 'SS1';

/** The domain holding the item catalogue. */
export const PRIMARY_DOMAIN_CODE = '10USA';

/** Looks a domain up by code; undefined when unknown. */
export function findDomain(domainCode: string): DomainSpec | undefined {
  return DOMAINS.find((d) => d.domainCode === domainCode);
}
