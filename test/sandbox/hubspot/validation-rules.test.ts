/**
 * Portal validation rules (control API `/_sandbox/validation-rules`): value rules refuse writes on
 * every version, required rules only from `2026-09` on; a refusal is a 400 VALIDATION_ERROR
 * naming the rule's message, per input (207, or 200 under 2026-09) when every batch input is
 * traced — the rest of the batch is written — and for the whole batch otherwise.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { SandboxClient, type BatchBody, type ErrBody, type Rec } from './client.js';

const KEY_RULE = {
  objectType: 'companies',
  property: 'erp_key',
  kind: 'regex',
  value: '^C-[0-9]+$',
  message: 'ERP keys look like C-123',
};
const CLOSE_RULE = {
  objectType: 'deals',
  property: 'closedate',
  kind: 'required',
  when: { property: 'dealstage', equals: 'closedlost' },
  message: 'A lost deal needs a close date',
};

describe('HubSpot sandbox: validation rules', () => {
  let hs: HubSpotSandbox;
  let api: SandboxClient;

  beforeAll(async () => {
    hs = await startHubSpotSandbox();
    api = new SandboxClient(hs);
  });
  beforeEach(async () => {
    await api.control('POST', 'reset');
    await api.control('POST', 'seed', {
      properties: [
        {
          objectType: 'companies',
          name: 'erp_key',
          label: 'ERP key',
          type: 'string',
          fieldType: 'text',
          groupName: 'erp',
          hasUniqueValue: true,
        },
      ],
    });
  });
  afterAll(async () => {
    await hs?.close();
  });

  const upsert = (base: string, keys: string[], traced: boolean) =>
    api.call<BatchBody>('POST', `${base}/companies/batch/upsert`, {
      inputs: keys.map((k, i) => ({
        idProperty: 'erp_key',
        id: k,
        properties: { name: `N ${k}` },
        ...(traced ? { objectWriteTraceId: `t${i}` } : {}),
      })),
    });

  it('the control API adds, lists and clears rules, and names a bad field', async () => {
    const added = await api.control<{ rules: { id: string; kind: string }[] }>('POST', 'validation-rules', {
      rules: [KEY_RULE, CLOSE_RULE],
    });
    expect(added.rules.map((r) => r.kind)).toEqual(['regex', 'required']);
    expect((await api.control<{ rules: unknown[] }>('GET', 'validation-rules/deals')).rules).toHaveLength(1);
    await api.control('DELETE', 'validation-rules/deals');
    expect((await api.control<{ rules: unknown[] }>('GET', 'validation-rules')).rules).toHaveLength(1);
    const res = await fetch(`${hs.url}/_sandbox/validation-rules`, {
      method: 'POST',
      body: JSON.stringify({ ...KEY_RULE, kind: 'min-length', value: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('value');
    await api.control('POST', 'reset');
    expect((await api.control<{ rules: unknown[] }>('GET', 'validation-rules')).rules).toEqual([]);
  });

  it.each(['/crm/v3/objects', '/crm/objects/2026-03', '/crm/objects/2026-09'])(
    'a value rule refuses a single create under %s with the rule message',
    async (base) => {
      await api.control('POST', 'validation-rules', KEY_RULE);
      const bad = await api.call<ErrBody>('POST', `${base}/companies`, {
        properties: { name: 'x', erp_key: 'K-1' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.category).toBe('VALIDATION_ERROR');
      expect(bad.body.message).toMatch(/^Property values were not valid: \[/);
      const listed = JSON.parse(
        bad.body.message.slice('Property values were not valid: '.length),
      ) as unknown[];
      expect(listed).toEqual([
        { isValid: false, message: KEY_RULE.message, error: 'INVALID_REGEX', name: 'erp_key' },
      ]);
      expect(bad.body.errors?.[0]).toMatchObject({ code: 'INVALID_REGEX', in: 'erp_key' });
      const ok = await api.call('POST', `${base}/companies`, { properties: { name: 'y', erp_key: 'C-1' } });
      expect(ok.status).toBe(201);
    },
  );

  it('a traced batch reports the offenders per input and writes the rest (2026-09: 200, v3: 207)', async () => {
    await api.control('POST', 'validation-rules', KEY_RULE);
    for (const [base, status] of [
      ['/crm/objects/2026-09', 200],
      ['/crm/v3/objects', 207],
    ] as const) {
      const keys = [`C-1${status}`, `bad-${status}`, `C-2${status}`, `C-${status}x`];
      const r = await upsert(base, keys, true);
      expect(r.status).toBe(status);
      expect(r.body.results.map((x) => x.properties['erp_key']).sort()).toEqual([
        `C-1${status}`,
        `C-2${status}`,
      ]);
      expect(r.body.numErrors).toBe(2);
      expect(r.body.errors?.map((e) => e.context?.['objectWriteTraceId'])).toEqual([['t1'], ['t3']]);
      expect(r.body.errors?.[0]).toMatchObject({ category: 'VALIDATION_ERROR' });
      expect(r.body.errors?.[0]?.message).toContain(KEY_RULE.message);
    }
  });

  it('an untraced batch with one offender is refused whole, nothing written', async () => {
    await api.control('POST', 'validation-rules', KEY_RULE);
    const r = await upsert('/crm/objects/2026-09', ['C-7', 'oops'], false);
    expect(r.status).toBe(400);
    const all = await api.control<{ results: Rec[] }>('GET', 'objects/companies');
    expect(all.results).toHaveLength(0);
  });

  it('required rules (conditional) apply from 2026-09 on only, on create and on update', async () => {
    await api.control('POST', 'validation-rules', CLOSE_RULE);
    const body = { properties: { dealname: 'L', dealstage: 'closedlost' } };
    const old = await api.call<Rec>('POST', '/crm/objects/2026-03/deals', body);
    expect(old.status).toBe(201);
    const refused = await api.call<ErrBody>('POST', '/crm/objects/2026-09/deals', body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]).toMatchObject({
      code: 'MISSING_REQUIRED_PROPERTY',
      in: 'closedate',
      message: CLOSE_RULE.message,
    });
    const withDate = { properties: { ...body.properties, closedate: '2026-10-01T00:00:00.000Z' } };
    expect((await api.call('POST', '/crm/objects/2026-09/deals', withDate)).status).toBe(201);
    const open = await api.call<Rec>('POST', '/crm/objects/2026-09/deals', {
      properties: { dealname: 'O', dealstage: 'contractsent' },
    });
    expect(open.status).toBe(201);
    const move = await api.call<ErrBody>('PATCH', `/crm/objects/2026-09/deals/${open.body.id}`, {
      properties: { dealstage: 'closedlost' },
    });
    expect(move.status).toBe(400);
    expect(move.body.message).toContain(CLOSE_RULE.message);
  });
});
