import { describe, expect, it } from 'vitest';
import { validateQadBaseUrl } from '../../../src/connectors/qad/base-url.js';
import { ConfigError } from '../../../src/core/errors.js';

function failure(url: string): ConfigError {
  try {
    validateQadBaseUrl(url);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${url}`);
}

describe('validateQadBaseUrl', () => {
  it('accepts https tenants and trims trailing slashes', () => {
    expect(validateQadBaseUrl('https://acme.qad.com/clouderp/')).toBe('https://acme.qad.com/clouderp');
    expect(validateQadBaseUrl('https://erp.acme.local:22011/qad-central')).toBe(
      'https://erp.acme.local:22011/qad-central',
    );
  });

  it('allows plain http only on loopback', () => {
    expect(validateQadBaseUrl('http://127.0.0.1:9999/clouderp')).toBe('http://127.0.0.1:9999/clouderp');
    expect(validateQadBaseUrl('http://127.5.6.7/clouderp')).toBe('http://127.5.6.7/clouderp');
    expect(validateQadBaseUrl('http://localhost:8080/clouderp//')).toBe('http://localhost:8080/clouderp');
    expect(validateQadBaseUrl('http://[::1]:8080/clouderp')).toBe('http://[::1]:8080/clouderp');
    const error = failure('http://acme.qad.com/clouderp');
    expect(error.code).toBe('QAD_URL_INVALID');
    expect(error.message).toContain('https://');
    expect(error.message).toContain('acme.qad.com');
    expect(failure('http://128.0.0.1/clouderp').code).toBe('QAD_URL_INVALID');
  });

  it('rejects embedded credentials without echoing the password', () => {
    const error = failure('https://bob:s3cret@acme.qad.com/clouderp');
    expect(error.message).toContain('credentials');
    expect(error.message).not.toContain('s3cret');
  });

  it('rejects query strings, fragments, other schemes and garbage', () => {
    expect(failure('https://acme.qad.com/clouderp?x=1').message).toContain('query');
    expect(failure('https://acme.qad.com/clouderp?').message).toContain('query');
    expect(failure('https://acme.qad.com/clouderp#top').message).toContain('fragment');
    expect(failure('ftp://acme.qad.com/clouderp').message).toContain('scheme');
    expect(failure('acme.qad.com/clouderp').message).toContain('absolute');
    expect(failure('  ').message).toContain('empty');
  });
});
