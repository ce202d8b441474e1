/**
 * The normalised values companies are matched by (flows/match-keys.ts): the cases that decided
 * wrong adoptions and duplicates on a lived-in portal — legal forms joined by `&`, dotted initials,
 * and country names Intl also gives to withdrawn or reserved codes ("Germany" is `DD` too, "United
 * Kingdom" is `UK` too).
 */
import { describe, expect, it } from 'vitest';
import { CountryCodes } from '../../src/core/country-codes.js';
import { companyDomain, nameCountryKey, normaliseCompanyName } from '../../src/flows/match-keys.js';

describe('company match keys', () => {
  const countries = new CountryCodes();

  it('drops legal forms from the end only, however they are punctuated', () => {
    expect(normaliseCompanyName('Hoffmann Fördertechnik GmbH & Co. KG')).toBe('hoffmann fördertechnik');
    expect(normaliseCompanyName('HOFFMANN FÖRDERTECHNIK AG')).toBe('hoffmann fördertechnik');
    expect(normaliseCompanyName('Acme, Inc.')).toBe('acme');
    expect(normaliseCompanyName('Industrias Reunidas S.A.')).toBe('industrias reunidas');
    expect(normaliseCompanyName('Co-operative Supplies Ltd')).toBe('co operative supplies');
    expect(normaliseCompanyName('Inc')).toBe('inc'); // a name that is only a legal form stays
    expect(normaliseCompanyName('上海机械有限公司')).toBe('上海机械');
    // accents are kept: Müller and Muller may be two companies
    expect(normaliseCompanyName('Müller GmbH')).not.toBe(normaliseCompanyName('Muller GmbH'));
  });

  it('reads a country name as its current ISO code', () => {
    expect(countries.code('Germany')).toBe('DE');
    expect(countries.code('United Kingdom')).toBe('GB');
    expect(countries.code('UK')).toBe('GB');
    expect(countries.code('Serbia')).toBe('RS');
    expect(countries.code('European Union')).toBeUndefined();
    expect(nameCountryKey('Schäfer Fördertechnik KG Industrial.', 'Germany', countries)).toBe(
      nameCountryKey('Schäfer Fördertechnik KG Industrial.', 'DE', countries),
    );
  });

  it('takes the domain from the web site, else from a company mailbox, never from free mail', () => {
    expect(companyDomain('https://www.Acme.com/about', 'x@other.com')).toBe('acme.com');
    expect(companyDomain(undefined, 'sales@acme.de')).toBe('acme.de');
    expect(companyDomain('', 'someone@gmail.com')).toBeUndefined();
  });
});
