/**
 * The engine's side of a write: it reads one result per record from its `RecordWriter` port and
 * takes the write-call size from it. Batching, bisecting and error codes are the writer's job
 * (for HubSpot: test/connectors/hubspot/bisect-and-loops.test.ts and batch.sandbox.test.ts); here
 * the writer is a small in-memory target that keeps every call, over a real SQLite ledger.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { EventBus } from '../../src/core/events.js';
import { DryRunPlan, type FlowContext } from '../../src/engine/flow.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import type { RecordWriter, WriteResult } from '../../src/engine/ports.js';
import type { RecordSink, SourcePage, WriteItem } from '../../src/engine/sink.js';
import { writeItems } from '../../src/engine/write-step.js';
import { createStore, type KyselyStore } from '../../src/store/index.js';
import { CountryCodes } from '../../src/core/country-codes.js';

interface Row {
  key: string;
  name: string;
}

/** A target that takes `writeBatchSize` inputs per call, refuses names in `refuse`, and records calls. */
function memoryTarget(writeBatchSize: number, refuse: ReadonlySet<string> = new Set()) {
  const calls: string[][] = [];
  let nextId = 1;
  const target: RecordWriter = {
    writeBatchSize,
    batchUpsert: (_type, _idProperty, inputs) => {
      calls.push(inputs.map((i) => i.key));
      return Promise.resolve(
        inputs.flatMap((i): WriteResult[] => {
          if (i.properties['name'] === 'silent') return [];
          return refuse.has(i.properties['name'] ?? '')
            ? [
                {
                  key: i.key,
                  ok: false,
                  error: { code: 'HUBSPOT_CONFLICT', message: 'taken', existingId: '77' },
                },
              ]
            : [{ key: i.key, ok: true, id: String(nextId++), created: true }];
        }),
      );
    },
    batchArchive: (_type, ids) =>
      Promise.resolve(ids.map((id) => ({ key: id, ok: true, id, created: false }))),
  };
  return { target, calls };
}

function sinkOver(target: RecordWriter): RecordSink<Row> {
  return {
    target,
    objectType: 'companies',
    idProperty: 'qad_account_key',
    mapping: new Map([
      ['qad_account_key', { from: 'key' }],
      ['name', { from: 'name' }],
    ]),
    view: (r) => ({ ...r }),
    key: (r) => r.key,
  };
}

let dir: string;
let store: KyselyStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mlc-write-step-'));
  store = await createStore(path.join(dir, 'state.db'));
  await store.ensureConnection('acme', systemClock.nowMs());
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function context(): FlowContext {
  const noop = (): void => undefined;
  return {
    connection: {
      name: 'acme',
      flows: {
        accounts: { enabled: true },
        contacts: { enabled: true },
        catalog: { enabled: true },
        orders: { enabled: true },
        'qad-orders': { enabled: false },
      },
    },
    flowId: 'accounts',
    store,
    clock: systemClock,
    events: new EventBus(),
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    runId: 'run-1',
    dryRun: false,
    full: false,
    signal: new AbortController().signal,
    counts: { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
    plan: new DryRunPlan(),
    calls: { hubspot: 0, qad: 0 },
    countries: new CountryCodes(),
  };
}

const item = (key: string, name: string): WriteItem => ({
  key,
  op: 'upsert',
  properties: { qad_account_key: key, name },
  context: {},
  hash: `h-${key}`,
  link: undefined,
  notes: [],
});

describe('write step', () => {
  it('turns the target’s answer for each record into its outcome', async () => {
    const { target } = memoryTarget(100, new Set(['bad']));
    const outcomes = await writeItems(context(), sinkOver(target), [
      item('a', 'good'),
      item('b', 'bad'),
      item('c', 'silent'),
    ]);
    expect(outcomes.map((o) => [o.sourceKey, o.action, o.error?.code ?? null])).toEqual([
      ['a', 'created', null],
      ['b', 'failed', 'HUBSPOT_CONFLICT'],
      ['c', 'failed', 'INTERNAL'],
    ]);
    const refused = outcomes.find((o) => o.sourceKey === 'b');
    // the conflicting record's id is reported, never taken as this record's target id
    expect(refused).toMatchObject({ targetId: null, detail: { existingId: '77' } });
    // a record the target did not answer for is not taken as bad data: it carries no content hash
    expect(outcomes.find((o) => o.sourceKey === 'c')?.contentHash).toBeUndefined();
  });
});

describe('pipeline', () => {
  it('fills write calls to the batch size the target declares', async () => {
    const { target, calls } = memoryTarget(7);
    const pages = async function* (): AsyncGenerator<SourcePage<Row>> {
      for (let p = 0; p < 5; p++) {
        await Promise.resolve();
        yield {
          records: Array.from({ length: 30 }, (_, i) => ({ key: `k${p * 30 + i}`, name: `n${p * 30 + i}` })),
          invalid: [],
        };
      }
    };
    const ctx = context();
    await expect(runPipeline(ctx, sinkOver(target), pages())).resolves.toBe('completed');
    expect(calls.flat()).toHaveLength(150);
    // every call but the last carries whole multiples of the target's batch size
    for (const call of calls.slice(0, -1)) expect(call.length % 7).toBe(0);
    expect(ctx.counts.created).toBe(150);
    expect((await store.getLinks('acme', 'accounts', ['k0', 'k149'])).size).toBe(2);
  });

  it('writes a key read twice in one page once, as its last row', async () => {
    const { target, calls } = memoryTarget(100);
    const pages = async function* (): AsyncGenerator<SourcePage<Row>> {
      await Promise.resolve();
      yield {
        records: [
          { key: 'k1', name: 'first' },
          { key: 'k2', name: 'other' },
          { key: 'k1', name: 'last' },
        ],
        invalid: [],
      };
    };
    const ctx = context();
    await runPipeline(ctx, sinkOver(target), pages());
    expect(calls).toEqual([['k1', 'k2']]);
    const link = (await store.getLinks('acme', 'accounts', ['k1'])).get('k1');
    expect(link?.snapshot).toMatchObject({ properties: { name: 'last' } });
  });
});
