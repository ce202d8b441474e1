/**
 * Figure 5, one size in a fresh process: streams generated accounts through the real accounts
 * sink (map → hash → ledger lookup → write → ledger commit) with a null HubSpot (no HTTP, ids
 * handed out in memory) and the real store. Prints one JSON line: records, wall time, peak RSS
 * (process.resourceUsage().maxRSS). argv[2] = JSON {accounts, seed, location}.
 */
import { randomUUID } from 'node:crypto';
import { connectionSchema } from '../src/config/schema.js';
import { systemClock } from '../src/core/clock.js';
import { EventBus } from '../src/core/events.js';
import { MAX_BATCH_INPUTS } from '../src/connectors/hubspot/batch-write.js';
import type { QadAccount } from '../src/connectors/qad/index.js';
import { DryRunPlan, type FlowContext } from '../src/engine/flow.js';
import { resolveMapping } from '../src/engine/mapping.js';
import { runPipeline } from '../src/engine/pipeline.js';
import type { RecordWriter } from '../src/engine/ports.js';
import type { RecordSink, SourcePage } from '../src/engine/sink.js';
import {
  ACCOUNT_KEY_PROPERTY,
  ACCOUNTS_MAPPING,
  accountView,
} from '../src/flows/accounts/default-mapping.js';
import { createStore } from '../src/store/index.js';
import { generateAccounts, type GeneratedAccount } from '../sandbox/data/index.js';
import { CountryCodes } from '../src/core/country-codes.js';

/** The child's answer. */
export interface OverheadChildResult {
  records: number;
  wallMs: number;
  maxRssKb: number;
}

const PAGE = 500;

/** A generated account as the QAD source would hand it to the pipeline (already normalised). */
function toQadAccount(g: GeneratedAccount): QadAccount {
  const br = g.businessRelation;
  const roles: QadAccount['roles'] = [];
  if (g.customer) roles.push('customer');
  if (g.supplier) roles.push('supplier');
  const currency = g.customer?.currencyCode ?? g.supplier?.currencyCode ?? 'USD';
  return {
    key: `${br.domainCode}/${br.businessRelationCode}`,
    businessRelationCode: br.businessRelationCode,
    ...(g.customer ? { customerCode: g.customer.customerCode } : {}),
    ...(g.supplier ? { supplierCode: g.supplier.supplierCode } : {}),
    roles,
    name: br.name1,
    street1: br.street1,
    city: br.city,
    state: br.stateCode,
    zip: br.zipCode,
    country: br.countryCode,
    phone: br.telephone,
    currency,
    acceptedCurrencies: [...new Set([currency, ...(g.customer?.acceptedCurrencies ?? [])])].sort(),
    active: br.isActive,
    domain: br.domainCode,
    modifiedDate: new Date(br.lastModifiedMs).toISOString().slice(0, 10),
  };
}

/** Pages of generated accounts; yields to the event loop between pages like a real source would. */
async function* pages(seed: number, count: number): AsyncGenerator<SourcePage<QadAccount>> {
  let records: QadAccount[] = [];
  for (const g of generateAccounts(seed, count)) {
    records.push(toQadAccount(g));
    if (records.length === PAGE) {
      await Promise.resolve();
      yield { records, invalid: [] };
      records = [];
    }
  }
  if (records.length > 0) yield { records, invalid: [] };
}

/**
 * A target that accepts every upsert instantly (the write target of this figure), taking as many
 * inputs per call as HubSpot does.
 */
function nullTarget(): RecordWriter {
  let nextId = 1;
  return {
    writeBatchSize: MAX_BATCH_INPUTS,
    batchUpsert: (_type, _idProperty, inputs) =>
      Promise.resolve(
        inputs.map((i) => ({ key: i.key, ok: true as const, id: String(nextId++), created: true })),
      ),
    batchArchive: (_type, ids) =>
      Promise.resolve(ids.map((id) => ({ key: id, ok: true as const, id, created: false }))),
  };
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as { accounts: number; seed: number; location: string };
  const store = await createStore(o.location);
  const connection = connectionSchema.parse({
    name: 'bench',
    hubspot: { hubId: 1, token: 'env:UNUSED', baseUrl: 'http://127.0.0.1:9' },
    qad: {
      baseUrl: 'http://127.0.0.1:9/clouderp',
      clientId: 'x',
      username: 'x',
      password: 'env:UNUSED',
      domain: '10USA',
      entity: '10USACO',
    },
  });
  await store.ensureConnection('bench', systemClock.nowMs());
  const runId = randomUUID();
  const counts = { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
  await store.startRun({
    id: runId,
    connection: 'bench',
    flow: 'accounts',
    startedAtMs: systemClock.nowMs(),
    counts,
    calls: { hubspot: 0, qad: 0 },
    dryRun: false,
  });
  const noop = (): void => undefined;
  const ctx: FlowContext = {
    connection,
    flowId: 'accounts',
    store,
    clock: systemClock,
    events: new EventBus(),
    logger: { debug: noop, info: noop, warn: noop, error: noop },
    runId,
    dryRun: false,
    full: false,
    signal: new AbortController().signal,
    counts,
    plan: new DryRunPlan(),
    calls: { hubspot: 0, qad: 0 },
    countries: new CountryCodes(),
  };
  const sink: RecordSink<QadAccount> = {
    target: nullTarget(),
    objectType: 'companies',
    idProperty: ACCOUNT_KEY_PROPERTY,
    mapping: resolveMapping(ACCOUNTS_MAPPING, undefined, {
      flow: 'accounts',
      connection: 'bench',
      locked: [ACCOUNT_KEY_PROPERTY],
    }),
    view: accountView,
    key: (a) => a.key,
  };
  const t0 = performance.now();
  await runPipeline(ctx, sink, pages(o.seed, o.accounts));
  const wallMs = performance.now() - t0;
  await store.close();
  const result: OverheadChildResult = {
    records: counts.created + counts.updated,
    wallMs,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
