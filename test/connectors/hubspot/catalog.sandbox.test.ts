import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/core/errors.js';
import type { PropertyDefinition } from '../../../src/connectors/hubspot/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', '/_sandbox/seed', {
    properties: [
      {
        objectType: 'companies',
        name: 'qad_region',
        label: 'Region',
        type: 'number',
        fieldType: 'number',
        groupName: 'companyinformation',
      },
      {
        objectType: 'companies',
        name: 'qad_tier',
        label: 'Tier',
        type: 'enumeration',
        fieldType: 'select',
        groupName: 'companyinformation',
        options: [{ label: 'A', value: 'A', displayOrder: 0, hidden: false }],
      },
    ],
    pipelines: [
      {
        id: '1038553758',
        label: 'Export',
        stages: [
          { id: '1038553759', label: 'Negotiation', isClosed: false, probability: 0.5 },
          { id: '1038553760', label: 'Won', isClosed: true, probability: 1.0 },
          { id: '1038553761', label: 'Lost', isClosed: true, probability: 0.0 },
        ],
      },
    ],
  });
});
afterAll(async () => h.close());

const KEY: PropertyDefinition = {
  name: 'qad_account_key',
  label: 'QAD account key',
  type: 'string',
  fieldType: 'text',
  groupName: 'qad',
  hasUniqueValue: true,
};

describe('properties, pipelines and account details against the sandbox', () => {
  it('creates the group and missing properties once, then finds them', async () => {
    await h.client.ensurePropertyGroup('companies', 'qad', 'QAD');
    await h.client.ensurePropertyGroup('companies', 'qad', 'QAD');
    expect(await h.client.ensureProperties('companies', [KEY])).toEqual(['qad_account_key']);
    expect(await h.client.ensureProperties('companies', [KEY])).toEqual([]);
    const created = (await h.client.getProperties('companies')).find((p) => p.name === 'qad_account_key');
    expect(created).toMatchObject({
      type: 'string',
      fieldType: 'text',
      hasUniqueValue: true,
      groupName: 'qad',
    });
  });

  it('throws HUBSPOT_PROPERTY_MISMATCH naming every mismatch', async () => {
    const error = await h.client
      .ensureProperties('companies', [
        { name: 'qad_region', label: 'Region', type: 'string', fieldType: 'text', hasUniqueValue: true },
        {
          name: 'qad_tier',
          label: 'Tier',
          type: 'enumeration',
          fieldType: 'select',
          options: [
            { label: 'A', value: 'A' },
            { label: 'B', value: 'B' },
          ],
        },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    const e = error as ConnectorError;
    expect(e.code).toBe('HUBSPOT_PROPERTY_MISMATCH');
    expect(e.details['mismatches']).toEqual([
      'companies.qad_region has type number, expected string',
      'companies.qad_region has fieldType number, expected text',
      'companies.qad_region is not unique (hasUniqueValue must be true; it cannot be changed — recreate it)',
      'companies.qad_tier lacks option B',
    ]);
  });

  it('finds closed-won stages across all deal pipelines', async () => {
    const won = await h.client.closedWonStageIds();
    expect([...won].sort()).toEqual(['1038553760', 'closedwon']);
  });

  it('reads the portal identity and locale', async () => {
    expect(await h.client.accountDetails()).toEqual({
      portalId: h.sandbox.portalId,
      timeZone: 'US/Eastern',
      currency: 'USD',
      utcOffsetMs: -18_000_000,
    });
  });
});
