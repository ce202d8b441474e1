import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/engine/hash.js';

describe('content hash', () => {
  it('is independent of key order and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    expect(contentHash({ name: 'Acme', city: 'Austin' })).toBe(contentHash({ city: 'Austin', name: 'Acme' }));
  });

  it('stays the same across versions: stored ledger hashes must keep matching unchanged records', () => {
    const payload = { properties: { name: 'Acme', zip: '78701', é: 'x' }, context: { companyId: null } };
    expect(contentHash(payload)).toBe('9436b1d0cb1e68c002936f12705b6cf30be0473dcf6a397bd909bbde330c8e97');
  });

  it('changes when any value changes', () => {
    expect(contentHash({ name: 'Acme' })).not.toBe(contentHash({ name: 'Acme ' }));
    expect(contentHash({ name: 'Acme' })).toMatch(/^[0-9a-f]{64}$/);
  });
});
