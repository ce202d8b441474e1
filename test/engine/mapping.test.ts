import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { applyMapping, resolveMapping, type MappingTable } from '../../src/engine/mapping.js';
import { applyTransform, isoCountry } from '../../src/engine/transforms.js';
import { cleanValue } from '../../src/engine/sanitize.js';
import { CountryCodes } from '../../src/core/country-codes.js';

const countries = new CountryCodes();

const table: MappingTable = {
  fields: ['key', 'name', 'email', 'price', 'country', 'roles', 'active'],
  rows: [
    { property: 'qad_key', rule: { from: 'key', required: true }, description: 'key' },
    { property: 'name', rule: { from: 'name', transform: 'trim' }, description: 'name' },
    { property: 'email', rule: { from: 'email', transform: 'lower' }, description: 'email' },
    { property: 'price', rule: { from: 'price', transform: 'number' }, description: 'price' },
    { property: 'roles', rule: { from: 'roles' }, description: 'roles' },
  ],
};
const opts = { flow: 'accounts', connection: 'acme', locked: ['qad_key'] };

describe('resolveMapping', () => {
  it('applies string, object, const and null overrides', () => {
    const m = resolveMapping(
      table,
      {
        name: 'email',
        price: null,
        country: { from: 'country', transform: 'iso-country', default: 'US' },
        type: { const: 'VENDOR' },
      },
      opts,
    );
    expect(m.get('name')).toEqual({ from: 'email' });
    expect(m.has('price')).toBe(false);
    expect(m.get('country')).toEqual({ from: 'country', transform: 'iso-country', default: 'US' });
    expect(m.get('type')).toEqual({ const: 'VENDOR' });
  });

  it('reports every problem at once with the config path', () => {
    let error: unknown;
    try {
      resolveMapping(
        table,
        { name: 'nope', x: { from: 'name', transform: 'reverse' }, qad_key: 'name' },
        opts,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect((error as ConfigError).code).toBe('MAPPING_INVALID');
    expect(message).toContain('connections[acme].flows.accounts.mapping.name: unknown field "nope"');
    expect(message).toContain('mapping.x.transform: unknown transform "reverse"');
    expect(message).toContain('mapping.qad_key: is the upsert key');
  });
});

describe('applyMapping', () => {
  const m = resolveMapping(table, undefined, opts);

  it('maps, transforms and omits empty values', () => {
    const r = applyMapping(
      { key: 'D/1', name: '  Acme ', email: 'A@B.COM', price: 12.5, roles: ['customer', 'supplier'] },
      m,
      countries,
    );
    expect(r).toEqual({
      status: 'ok',
      properties: {
        qad_key: 'D/1',
        name: 'Acme',
        email: 'a@b.com',
        price: '12.5',
        roles: 'customer;supplier',
      },
      notes: [],
    });
    const sparse = applyMapping({ key: 'D/2', name: '', roles: [] }, m, countries);
    expect(sparse).toEqual({ status: 'ok', properties: { qad_key: 'D/2' }, notes: [] });
  });

  it('names the field of an invalid value', () => {
    expect(applyMapping({ key: 'D/1', email: 'not-an-email' }, m, countries)).toMatchObject({
      status: 'invalid',
      field: 'email',
    });
    const bad = applyMapping({ key: 'D/1', price: 'twelve' }, m, countries);
    expect(bad).toMatchObject({ status: 'invalid', field: 'price' });
    expect(bad.status === 'invalid' && bad.reason).toContain('price (from price): not a number');
    expect(applyMapping({ name: 'x' }, m, countries)).toMatchObject({
      status: 'invalid',
      field: 'key',
      reason: expect.stringContaining('required') as unknown,
    });
  });

  it('validates enumeration values against the HubSpot options', () => {
    const shapes = new Map([['roles', { type: 'enumeration', options: ['customer', 'supplier'] }]]);
    expect(applyMapping({ key: 'k', roles: ['customer'] }, m, countries, shapes).status).toBe('ok');
    const r = applyMapping({ key: 'k', roles: ['customer', 'partner'] }, m, countries, shapes);
    expect(r.status === 'invalid' && r.reason).toContain('"partner" is not an option');
  });
});

describe('transforms and cleaning', () => {
  it('transforms values', () => {
    expect(applyTransform('number', '1,234.50', countries)).toBe('1234.5');
    expect(applyTransform('date', '2026-03-01', countries)).toBe(String(Date.UTC(2026, 2, 1)));
    expect(applyTransform('boolean', 'Yes', countries)).toBe('true');
    expect(() => applyTransform('boolean', 'maybe', countries)).toThrow('not a boolean');
    expect(isoCountry('Germany', countries)).toBe('DE');
    expect(isoCountry('us', countries)).toBe('US');
    expect(isoCountry('USA', countries)).toBe('US');
    expect(() => isoCountry('Atlantis', countries)).toThrow('not a known country');
  });

  it('strips control characters and truncates with a note', () => {
    expect(cleanValue('name', 'Ac\u0000me\u0007')).toEqual({
      ok: true,
      value: 'Acme',
      notes: ['name: control characters removed'],
    });
    const long = cleanValue('name', 'x'.repeat(70_000));
    expect(long.ok && long.value.length).toBe(65_536);
    expect(long.ok && long.notes[0]).toContain('truncated from 70000 to 65536');
  });
});
