/**
 * Config and URL hardening (issue 8): plain-http QAD/HubSpot/QXtend URLs are rejected except on
 * loopback, URLs with embedded credentials are rejected without echoing them, and each malformed
 * field gets a clear, path-qualified message.
 */
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/index.js';
import { isConnectorError } from '../../src/core/errors.js';
import { recordResult } from './results.js';

function config(patch: {
  hubspot?: Record<string, unknown>;
  qad?: Record<string, unknown>;
  top?: Record<string, unknown>;
  name?: unknown;
}): unknown {
  return {
    ...(patch.top ?? {}),
    connections: [
      {
        name: patch.name ?? 'acme',
        hubspot: { hubId: 1, token: 'env:HS_TOKEN', ...(patch.hubspot ?? {}) },
        qad: {
          baseUrl: 'https://acme.qad.com/clouderp',
          clientId: 'c',
          username: 'u',
          password: 'env:QAD_PASSWORD',
          domain: '10USA',
          entity: '10USACO',
          ...(patch.qad ?? {}),
        },
      },
    ],
  };
}

/** The message of the config error, or null when the config is valid. */
function problem(data: unknown): string | null {
  try {
    validateConfig(data, 'ml-connector.yaml');
    return null;
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'CONFIG_INVALID') throw error;
    return error.message;
  }
}

describe('URL hardening', () => {
  const qadUrl = (baseUrl: string): string | null => problem(config({ qad: { baseUrl } }));

  it.each([
    'http://acme.qad.com/clouderp',
    'http://10.0.0.5/clouderp',
    'http://128.0.0.1/clouderp',
    'http://localhost.evil.com/clouderp',
    'ftp://acme.qad.com/clouderp',
  ])('rejects plain-http (non-loopback) QAD URL %s', (url) => {
    expect(qadUrl(url)).toMatch(
      /connections\[0\]\.qad\.baseUrl: must be an https URL \(http is allowed only on loopback\)/,
    );
  });

  it.each([
    'http://127.0.0.1:8080/clouderp',
    'http://localhost:3000/clouderp',
    'http://[::1]:8080/clouderp',
    'https://acme.qad.com/clouderp',
  ])('accepts %s', (url) => {
    expect(qadUrl(url)).toBeNull();
  });

  it.each([
    'https://integration:S3cretPw@acme.qad.com/clouderp',
    'https://integration@acme.qad.com/clouderp',
    'http://user:S3cretPw@127.0.0.1:8080/clouderp',
  ])('rejects embedded credentials without echoing them: %s', (url) => {
    const message = qadUrl(url);
    expect(message).toMatch(/qad\.baseUrl: must not embed credentials/);
    expect(message).not.toContain('S3cretPw');
    expect(message).not.toContain('integration@');
  });

  it('applies the same rules to the HubSpot and QXtend URLs', () => {
    expect(problem(config({ hubspot: { baseUrl: 'http://api.hubapi.com' } }))).toMatch(
      /hubspot\.baseUrl: must be an https URL/,
    );
    expect(problem(config({ hubspot: { baseUrl: 'https://t:pw@api.hubapi.com' } }))).toMatch(
      /hubspot\.baseUrl: must not embed credentials/,
    );
    expect(
      problem(
        config({
          qad: {
            orders: { channel: 'qxtend' },
            qxtend: { url: 'http://erp.example.com/qxi', receiver: 'QADERP' },
          },
        }),
      ),
    ).toMatch(/qad\.qxtend\.url: must be an https URL/);
    expect(problem(config({ qad: { baseUrl: 'not a url' } }))).toMatch(
      /qad\.baseUrl: must be an absolute URL/,
    );
  });
});

describe('a clear message for each malformed field', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'hubId not a number',
      config({ hubspot: { hubId: 'abc' } }),
      /hubspot\.hubId: must be a positive integer/,
    ],
    ['hubId negative', config({ hubspot: { hubId: -5 } }), /hubspot\.hubId: must be a positive integer/],
    [
      'token inline instead of a reference',
      config({ hubspot: { token: 'pat-na1-abcdef' } }),
      /hubspot\.token/,
    ],
    ['password inline', config({ qad: { password: 'hunter2-plain' } }), /qad\.password/],
    ['unknown api version', config({ hubspot: { apiVersion: '2020-01' } }), /hubspot\.apiVersion/],
    ['missing domain', config({ qad: { domain: undefined } }), /qad\.domain/],
    ['empty client id', config({ qad: { clientId: '' } }), /qad\.clientId/],
    ['unknown key (typo)', config({ qad: { usernme: 'x' } }), /qad.*usernme|usernme/],
    ['bad connection name', config({ name: 'Acme Corp' }), /connections\[0\]\.name: must match/],
    [
      'qxtend channel without qxtend block',
      config({ qad: { orders: { channel: 'qxtend' } } }),
      /qad\.qxtend: is required when orders\.channel is qxtend/,
    ],
    [
      'order number prefix too long',
      config({ qad: { orders: { orderNumberPrefix: 'TOOLONG' } } }),
      /qad\.orders\.orderNumberPrefix/,
    ],
    ['negative timeout', config({ top: { http: { timeoutMs: -1 } } }), /http\.timeoutMs/],
    ['unknown log level', config({ top: { log: { level: 'loud' } } }), /log\.level/],
  ];
  it.each(cases)('%s', (_name, data, expected) => {
    const message = problem(data);
    expect(message).toMatch(expected);
    expect(message).not.toContain('hunter2-plain');
    expect(message).not.toContain('pat-na1-abcdef');
  });

  it('lists every problem at once', () => {
    const message = problem(
      config({ hubspot: { hubId: 'x' }, qad: { baseUrl: 'http://erp.example.com', domain: '' } }),
    );
    expect(message).toMatch(/has 3 problems/);
    recordResult('config', 'URL and field hardening', {
      runs: 1,
      outcome:
        '5 non-loopback http URLs and 3 credential URLs rejected (credentials not echoed), 4 allowed, 13 malformed fields each named by path',
    });
  });
});
