import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/core/errors.js';
import { startHarness, type Harness, type SandboxStats } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ http: { defaultTimeoutMs: 1500 } });
  await h.client.ensurePropertyGroup('companies', 'qad', 'QAD');
  await h.client.ensureProperties('companies', [
    {
      name: 'qad_account_key',
      label: 'QAD account key',
      type: 'string',
      fieldType: 'text',
      groupName: 'qad',
      hasUniqueValue: true,
    },
  ]);
});
afterAll(async () => h.close());

const UPSERT = 'POST /crm/objects/{objectType}/batch/upsert';

describe('HubSpot client recovers from every sandbox fault, writing each record exactly once', () => {
  const cases: { kind: string; extra?: Record<string, unknown>; reason: string; delayMs?: number }[] = [
    { kind: '429', reason: '429 TEN_SECONDLY_ROLLING', delayMs: 1000 },
    { kind: '429', extra: { retryAfterSec: 2 }, reason: '429 TEN_SECONDLY_ROLLING', delayMs: 2000 },
    { kind: '423', reason: '423 locked', delayMs: 200 },
    { kind: '477', extra: { retryAfterSec: 1 }, reason: '477 migration in progress', delayMs: 1000 },
    { kind: '500', reason: '500' },
    { kind: '502', reason: '502' },
    { kind: '503', reason: '503' },
    { kind: '504', reason: '504' },
    { kind: 'reset', reason: 'HTTP_NETWORK' },
    { kind: 'slow', extra: { delayMs: 4000 }, reason: 'HTTP_TIMEOUT' },
    { kind: 'truncated', reason: 'HTTP_BAD_BODY' },
  ];
  for (const [i, c] of cases.entries()) {
    it(`${c.kind}${c.extra ? ` ${JSON.stringify(c.extra)}` : ''} → retried (${c.reason})`, async () => {
      await h.control('POST', '/_sandbox/faults', { kind: c.kind, route: UPSERT, count: 1, ...c.extra });
      const retries: { reason: string; delayMs: number }[] = [];
      const off = h.events.on('retry.scheduled', (e) => retries.push(e));
      const key = `K-${i}`;
      const outcomes = await h.client.batchUpsert('companies', 'qad_account_key', [
        { key, properties: { name: `Fault ${c.kind} ${i}` } },
      ]);
      off();
      expect(outcomes).toEqual([
        { key, ok: true, id: expect.any(String) as string, created: expect.any(Boolean) as boolean },
      ]);
      expect(retries.map((r) => r.reason)).toEqual([c.reason]);
      if (c.delayMs !== undefined) expect(retries[0]?.delayMs).toBe(c.delayMs);
      const all = (await h.control('GET', '/_sandbox/objects/companies')) as {
        results: { properties: Record<string, string> }[];
      };
      expect(all.results.filter((r) => r.properties['qad_account_key'] === key)).toHaveLength(1);
    });
  }

  it('a DAILY 429 stops with HUBSPOT_DAILY_LIMIT and the portal midnight, without sleeping', async () => {
    await h.client.accountDetails(); // tells the limiter the portal time zone
    await h.control('POST', '/_sandbox/faults', {
      kind: '429',
      policyName: 'DAILY',
      route: UPSERT,
      count: 1,
    });
    const error = await h.client
      .batchUpsert('companies', 'qad_account_key', [{ key: 'D-1', properties: { name: 'Daily' } }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('HUBSPOT_DAILY_LIMIT');
    const resumeAtMs = (error as ConnectorError).details['resumeAtMs'] as number;
    expect(new Date(resumeAtMs).toLocaleTimeString('en-GB', { timeZone: 'US/Eastern' })).toBe('00:00:00');
    const stats = (await h.control('GET', '/_sandbox/stats')) as SandboxStats;
    expect(stats.requests[UPSERT]?.['429']).toBeGreaterThanOrEqual(1);
  });
});
