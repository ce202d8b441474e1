/**
 * The orders flow's safety lag against HubSpot's search-index delay (docs/change-events.md, "The
 * safety lag"). The HubSpot sandbox makes every write searchable only after a random 0–10 s
 * (`MODELLED_SEARCH_JITTER_MS`); deals close at random moments while the orders flow polls every
 * 30 s in virtual time (the connector's and the sandbox's clocks jump together over idle time, as in
 * bench/latency.ts). A deal must be ordered by the first poll whose search window covers its close
 * (`hs_lastmodifieddate ≤ run start − lag`): ordered later means that poll's search missed it and
 * only the five-minute overlap rescued it. With the default lag no deal is missed; with a lag
 * shorter than the delay, some are.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MODELLED_SEARCH_JITTER_MS } from '../../../sandbox/hubspot/index.js';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { startQadSandbox, type QadSandbox } from '../../../sandbox/qad/index.js';
import { mulberry32 } from '../../../sandbox/data/prng.js';
import { DEFAULT_DEAL_SAFETY_LAG_MS } from '../../../src/config/flows.schema.js';
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { runPass } from '../../../src/engine/runner.js';
import { defaultFlowRegistry } from '../../../src/flows/index.js';
import { dealParties, dealSpecs, seedDeals } from '../../helpers/deals.js';
import { control, openSandboxApp, type SandboxApp } from '../../helpers/sandbox-app.js';

const POLL_MS = 30_000;
const DEALS = 48;
const POLLS = 8;

/** What one simulated day of polling saw. */
interface LagRun {
  lagMs: number;
  deals: number;
  ordered: number;
  /** Deals ordered after the first poll whose window covered their close (missed by its search). */
  late: string[];
  /** Orders in QAD per deal id (exactly one each expected). */
  ordersInQad: Map<string, number>;
}

describe('orders: the safety lag covers the search-index delay', () => {
  let hubspot: HubSpotSandbox | undefined;
  let qad: QadSandbox | undefined;
  let opened: SandboxApp | undefined;

  afterEach(async () => {
    await opened?.close();
    await hubspot?.close();
    await qad?.close();
    opened = hubspot = qad = undefined;
  });

  /** Fresh sandboxes and store; deals close at stratified random moments over POLLS polls. */
  async function pollThroughCloses(lagMs: number | undefined, seed: number): Promise<LagRun> {
    const shift = { ms: 0 };
    const now = (): number => Date.now() + shift.ms;
    const clock: Clock = {
      nowMs: now,
      now: () => new Date(now()),
      sleep: (ms, signal) => systemClock.sleep(ms, signal),
    };
    hubspot = await startHubSpotSandbox({ clock: now, randomSeed: seed });
    qad = await startQadSandbox({ seed: 7, accounts: 30, items: 20 });
    opened = await openSandboxApp(
      { hubspot, qad },
      {
        clock,
        ...(lagMs === undefined ? {} : { flowsYaml: `      orders: { safetyLagMs: ${lagMs} }` }),
      },
    );
    const rt = opened.rt;
    const registry = defaultFlowRegistry();
    const master = await runPass(rt, { registry, flows: ['accounts', 'catalog'] });
    expect(master.flows.map((f) => f.outcome)).toEqual(['ok', 'ok']);
    const parties = await dealParties(hubspot.url, qad.origin);
    const ids = (await seedDeals(hubspot.url, dealSpecs(parties, DEALS))).map((d) => d.id);
    await control(hubspot.url, 'POST', '/_sandbox/config', { indexingJitterMs: MODELLED_SEARCH_JITTER_MS });
    const lag = rt.connection.flows.orders.safetyLagMs;

    const random = mulberry32(seed);
    const start = now();
    const spanMs = POLLS * POLL_MS;
    const closes = ids.map((id, i) => ({
      id,
      atMs: start + Math.round(((i + random()) * spanMs) / DEALS),
      modifiedMs: 0,
    }));
    const jumpTo = (ms: number): void => {
      shift.ms += Math.max(0, ms - now());
    };
    const polls: number[] = [];
    const orderedAt = new Map<string, number>();
    let next = 0;
    // the polls of the span, then enough more for the overlap to rescue anything missed
    for (let p = 1; p <= POLLS + 3; p++) {
      const pollAt = start + p * POLL_MS;
      for (; next < closes.length && (closes[next]?.atMs ?? Infinity) < pollAt; next++) {
        const c = closes[next] as (typeof closes)[number];
        jumpTo(c.atMs);
        const moved = await control<{ properties: Record<string, string> }>(
          hubspot.url,
          'POST',
          `/_sandbox/deals/${c.id}/stage`,
          { stageId: 'closedwon' },
        );
        c.modifiedMs = Date.parse(moved.properties['hs_lastmodifieddate'] ?? '');
      }
      jumpTo(pollAt);
      polls.push(now());
      const pass = await runPass(rt, { registry, flows: ['orders'] });
      expect(pass.flows[0]?.error ?? null).toBeNull();
      const links = await rt.store.getLinks(rt.connection.name, 'orders', ids);
      for (const [id, link] of links)
        if (!orderedAt.has(id) && link.state === 'ok' && link.targetId !== null) orderedAt.set(id, p - 1);
    }

    // the first poll whose window (run start − lag) covers the deal's modified stamp
    const due = (modifiedMs: number): number => polls.findIndex((at) => modifiedMs <= at - lag);
    const late = closes.filter((c) => (orderedAt.get(c.id) ?? Infinity) > due(c.modifiedMs)).map((c) => c.id);
    const ordersInQad = new Map<string, number>();
    for (const id of ids) {
      const found = await control<{ salesOrders: unknown[] }>(
        qad.origin,
        'GET',
        `/_sandbox/sales-orders?purchaseOrder=HS-${id}`,
      );
      ordersInQad.set(id, found.salesOrders.length);
    }
    return { lagMs: lag, deals: ids.length, ordered: orderedAt.size, late, ordersInQad };
  }

  it('with the default lag, every deal is ordered by the first poll whose window covers it', async () => {
    expect(DEFAULT_DEAL_SAFETY_LAG_MS).toBeGreaterThanOrEqual(MODELLED_SEARCH_JITTER_MS);
    const run = await pollThroughCloses(undefined, 11);
    expect(run.lagMs).toBe(DEFAULT_DEAL_SAFETY_LAG_MS);
    expect(run.late).toEqual([]);
    expect(run.ordered).toBe(run.deals);
    expect([...run.ordersInQad.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);

  it('with a lag shorter than the delay, searches miss deals; only the overlap brings them in later', async () => {
    const run = await pollThroughCloses(2_000, 11);
    expect(run.lagMs).toBe(2_000);
    expect(run.late.length).toBeGreaterThan(0);
    // the five-minute overlap re-reads them: late, but still exactly one order each
    expect(run.ordered).toBe(run.deals);
    expect([...run.ordersInQad.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);
});
