/** The contract suite's validator must be able to fail: known-bad shapes are reported. */
import { describe, expect, it } from 'vitest';
import { validate, type Schema } from './schema-validator.js';

const root: Schema = {
  components: {
    schemas: {
      Obj: {
        type: 'object',
        required: ['id', 'properties'],
        properties: {
          id: { type: 'string' },
          properties: { type: 'object', additionalProperties: { type: 'string' } },
          status: { type: 'string', enum: ['COMPLETE', 'PENDING'] },
          at: { type: 'string', format: 'date-time' },
          note: { type: 'string', nullable: true },
          n: { type: 'integer' },
        },
      },
      List: {
        type: 'object',
        properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Obj' } } },
      },
      Either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
      Both: { allOf: [{ $ref: '#/components/schemas/Obj' }, { type: 'object', required: ['n'] }] },
      Any: { anyOf: [{ type: 'boolean' }, { type: 'string' }] },
    },
  },
};
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

describe('schema validator', () => {
  it('accepts a conforming value', () => {
    const v = {
      results: [
        {
          id: '1',
          properties: { a: 'x' },
          status: 'COMPLETE',
          at: '2026-01-01T00:00:00.000Z',
          note: null,
          n: 3,
        },
      ],
    };
    expect(validate(ref('List'), v, root)).toEqual([]);
  });
  it('reports missing required, wrong types, enum, nullable, format and nested items', () => {
    const errs = validate(
      ref('List'),
      {
        results: [
          { id: 1, properties: { a: 2 }, status: 'DONE', at: 'yesterday', n: 1.5 },
          { properties: null },
        ],
      },
      root,
    );
    expect(errs.join('\n')).toMatch(/\$\.results\[0\]\.id: expected string, got integer/);
    expect(errs.join('\n')).toMatch(/\.properties\.a: expected string/);
    expect(errs.join('\n')).toMatch(/not in enum/);
    expect(errs.join('\n')).toMatch(/not a date-time/);
    expect(errs.join('\n')).toMatch(/\.n: expected integer, got number/);
    expect(errs.join('\n')).toMatch(/results\[1\]: missing required property "id"/);
    expect(errs.join('\n')).toMatch(/results\[1\]\.properties: null is not allowed/);
  });
  it('handles oneOf, anyOf and allOf', () => {
    expect(validate(ref('Either'), 'a', root)).toEqual([]);
    expect(validate(ref('Either'), true, root)).toHaveLength(1);
    expect(validate(ref('Any'), 3, root)).toHaveLength(1);
    expect(validate(ref('Both'), { id: '1', properties: {} }, root).join()).toMatch(
      /missing required property "n"/,
    );
  });
});
