/**
 * Faults: transient HubSpot errors are retried and recorded in the audit detail; a revoked token
 * fails the run with a clear error and leaves the cursor where it was committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowId } from '../../src/core/store-port.js';
import type { FlowDefinition } from '../../src/engine/flow.js';
import { buildRuntime } from '../../src/app/runtime.js';
import { runPass } from '../../src/engine/runner.js';
import { catalogFlow } from '../../src/flows/index.js';
import { startHarness, type Harness } from './harness.js';

const registry = new Map<FlowId, FlowDefinition>([['catalog', catalogFlow]]);

describe('faults during a sync', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 2, items: 8 });
  });
  afterAll(async () => {
    await h.close();
  });

  it('retries a 503 on batch upsert and records the retries in the audit detail', async () => {
    await h.hs('POST', '/_sandbox/faults', {
      kind: '503',
      route: 'POST /crm/objects/{objectType}/batch/upsert',
      objectType: 'products',
      count: 1,
    });
    const pass = await runPass(h.rt, { registry });
    expect(pass.flows[0]?.outcome).toBe('ok');
    const link = (await h.rt.store.listLinks({ flow: 'catalog', states: ['ok'], limit: 1 }))[0];
    const history = await h.rt.store.auditHistory(link?.sourceKey ?? '');
    expect(history.at(-1)?.detail).toMatchObject({ retriesInRun: 1 });
  });

  it('a revoked token fails the run with a clear error; the cursor stays where it was', async () => {
    const cursorBefore = await h.rt.store.getCursor('acme', 'catalog');
    const items = (await h.qadControl<{ records: { itemCode: string }[] }>('GET', '/_sandbox/records/items'))
      .records;
    await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(items[0]?.itemCode ?? '')}`, {
      description: 'Changed while the token is revoked',
    });
    // swap the runtime's token for one HubSpot does not know
    const secrets = h.app as unknown as { secret: (c: string, p: string) => Promise<string> };
    const original = secrets.secret.bind(h.app);
    secrets.secret = (c, p) =>
      p === 'hubspot.token' ? Promise.resolve('pat-revoked-token') : original(c, p);
    const rt = await buildRuntime(h.app, 'acme');
    secrets.secret = original;
    const pass = await runPass(rt, { registry });
    expect(pass.flows[0]?.outcome).toBe('failed');
    expect(pass.flows[0]?.error?.code).toMatch(/^HUBSPOT_AUTH/);
    expect(await h.rt.store.getCursor('acme', 'catalog')).toBe(cursorBefore);
  });
});
