import { describe, expect, it } from 'vitest';
import { hubSpotPaths, modifiedProperty } from '../../../src/connectors/hubspot/paths.js';

describe('HubSpot path mapping per API version (vendor facts: "Paths and versions")', () => {
  it('maps every family for a date version', () => {
    const p = hubSpotPaths('2026-03');
    expect(p.objects('companies')).toBe('/crm/objects/2026-03/companies');
    expect(p.associations('deals', 'line_items')).toBe('/crm/associations/2026-03/deals/line_items');
    expect(p.properties('contacts')).toBe('/crm/properties/2026-03/contacts');
    expect(p.pipelines('deals')).toBe('/crm/pipelines/2026-03/deals');
    expect(p.accountDetails()).toBe('/account-info/2026-03/details');
    expect(hubSpotPaths('2026-09').objects('0-3')).toBe('/crm/objects/2026-09/0-3');
  });

  it('maps the legacy family: v3 objects, v4 associations', () => {
    const p = hubSpotPaths('v3');
    expect(p.objects('companies')).toBe('/crm/v3/objects/companies');
    expect(p.associations('contacts', 'companies')).toBe('/crm/v4/associations/contacts/companies');
    expect(p.properties('products')).toBe('/crm/v3/properties/products');
    expect(p.pipelines('deals')).toBe('/crm/v3/pipelines/deals');
    expect(p.accountDetails()).toBe('/account-info/v3/details');
  });

  it('uses lastmodifieddate for contacts, hs_lastmodifieddate otherwise', () => {
    expect(modifiedProperty('contacts')).toBe('lastmodifieddate');
    expect(modifiedProperty('companies')).toBe('hs_lastmodifieddate');
    expect(modifiedProperty('deals')).toBe('hs_lastmodifieddate');
  });
});
