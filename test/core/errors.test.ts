import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DataError,
  EXIT,
  NetworkError,
  exitCodeFor,
  toConnectorError,
} from '../../src/core/errors.js';
import { ERROR_CODES } from '../../src/core/error-codes.js';

describe('error family', () => {
  it('takes kind and retryability from the code registry', () => {
    const error = new NetworkError('HTTP_NETWORK', 'connection reset by api.hubapi.com');
    expect(error.kind).toBe('transient');
    expect(error.retryable).toBe(true);
    expect(new DataError('HUBSPOT_VALIDATION', 'bad').retryable).toBe(false);
  });

  it('maps kinds to the documented exit codes', () => {
    expect(exitCodeFor(new ConfigError('CONFIG_INVALID', 'x'))).toBe(EXIT.usage);
    expect(exitCodeFor(new NetworkError('HTTP_NETWORK', 'x'))).toBe(EXIT.auth);
    expect(exitCodeFor(new DataError('RECORD_INVALID', 'x'))).toBe(EXIT.partial);
  });

  it('wraps foreign errors and keeps the cause', () => {
    const cause = new TypeError('boom');
    const wrapped = toConnectorError(cause);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.cause).toBe(cause);
  });

  it('documents every code with a summary and a remedy', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(info.summary.length).toBeGreaterThan(10);
      expect(info.remedy.length).toBeGreaterThan(3);
    }
  });
});
