/**
 * Behaviours the sandbox never produces (it always answers traced batches per input and never
 * repeats a page token), driven by a scripted fake HubSpot over real HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConnectorError } from '../../../src/core/errors.js';
import { createHubSpotClient, type HubSpotClient } from '../../../src/connectors/hubspot/index.js';
import { createHttpClient } from '../../../src/http/client.js';
import { startFaultServer, type FaultServer } from '../../helpers/fault-server.js';

let server: FaultServer;
let client: HubSpotClient;
beforeEach(async () => {
  server = await startFaultServer();
  const http = createHttpClient({ clock: systemClock });
  client = createHubSpotClient({
    baseUrl: server.url,
    token: 'pat-na1-test-token-0000',
    apiVersion: '2026-03',
    http,
  });
});
afterEach(async () => server.close());

interface UpsertBody {
  inputs: { id: string; properties: Record<string, string>; objectWriteTraceId: string }[];
}

describe('whole-batch 400 is bisected', () => {
  it('isolates the bad records and still writes the good ones', async () => {
    const written: string[] = [];
    server.respond = (req) => {
      const body = JSON.parse(req.body) as UpsertBody;
      const bad = body.inputs.find((i) => i.properties['price'] === 'oops');
      if (bad !== undefined) {
        return {
          status: 400,
          body: {
            status: 'error',
            category: 'VALIDATION_ERROR',
            message: `Property values were not valid: price "oops" on ${bad.id}`,
          },
        };
      }
      written.push(...body.inputs.map((i) => i.id));
      return {
        status: 200,
        body: {
          status: 'COMPLETE',
          results: body.inputs.map((i, n) => ({
            id: String(1000 + n),
            new: true,
            properties: { sku: i.id },
          })),
        },
      };
    };
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      key: `S-${i}`,
      properties: { price: i === 3 || i === 8 ? 'oops' : '1' },
    }));
    const outcomes = await client.batchUpsert('products', 'sku', inputs);
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false, true, true, true, true, false, true]);
    const bad = outcomes[3];
    expect(bad?.ok === false && bad.error).toMatchObject({
      code: 'HUBSPOT_VALIDATION',
      status: 400,
      category: 'VALIDATION_ERROR',
    });
    expect(bad?.ok === false && bad.error.message).toContain('S-3');
    expect(written.sort()).toEqual(['S-0', 'S-1', 'S-2', 'S-4', 'S-5', 'S-6', 'S-7', 'S-9']);
    // 1 whole + bisect steps, far fewer than one call per record plus retries
    expect(server.requests.length).toBeLessThanOrEqual(12);
  });

  it('maps results without trace ids back by the idProperty value, and flags unanswered inputs', async () => {
    server.respond = () => ({
      status: 200,
      body: { results: [{ id: '7', new: false, properties: { sku: 'B' } }] },
    });
    const outcomes = await client.batchUpsert('products', 'sku', [
      { key: 'A', properties: {} },
      { key: 'B', properties: {} },
    ]);
    expect(outcomes[1]).toEqual({ key: 'B', ok: true, id: '7', created: false });
    expect(outcomes[0]?.ok === false && outcomes[0].error.category).toBe('NO_RESULT');
  });
});

describe('page-token loops are errors', () => {
  it('listPages stops with HUBSPOT_PAGING_LOOP on a repeated cursor', async () => {
    server.respond = () => ({
      body: { results: [{ id: '1', properties: {} }], paging: { next: { after: 'same' } } },
    });
    const pages: unknown[] = [];
    const error = await (async () => {
      for await (const page of client.listPages('companies')) pages.push(page);
    })().catch((e: unknown) => e);
    expect((error as ConnectorError).code).toBe('HUBSPOT_PAGING_LOOP');
    expect(pages).toHaveLength(1);
  });

  it('searchModifiedSince stops with HUBSPOT_PAGING_LOOP on a repeated cursor', async () => {
    const record = (id: string) => ({
      id,
      properties: { hs_lastmodifieddate: '2026-11-27T10:00:00.000Z', hs_object_id: id },
    });
    server.respond = (req) => {
      const body = JSON.parse(req.body) as { after?: string };
      return {
        body: {
          total: 3,
          results: [record(body.after === undefined ? '1' : '2')],
          paging: { next: { after: 'x' } },
        },
      };
    };
    const error = await (async () => {
      for await (const page of client.searchModifiedSince('companies', {
        since: { modifiedMs: 0, id: '0' },
        until: Date.now(),
        properties: [],
      }))
        expect(page).toBeDefined();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect((error as ConnectorError).code).toBe('HUBSPOT_PAGING_LOOP');
  });
});
