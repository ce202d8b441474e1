/**
 * Figure 6, measured: deals enter closed-won at spread-out moments while the orders flow polls
 * on a fixed cadence, and each deal's latency is the time from its close to its order being in
 * QAD with the number written back (the orders link committed). Runs in virtual time: the
 * connector's clock and the HubSpot sandbox's clock jump together over the idle time between
 * events, and run in real time during each poll, so every pass (search, QAD order, write-back)
 * is real and measured while a 4-minute timeline takes seconds.
 */
import type { FlowId } from '../src/core/store-port.js';
import { closeDealWon, seedOpenDeals } from '../src/demo/deals.js';
import type { FlowDefinition } from '../src/engine/flow.js';
import { runPass } from '../src/engine/runner.js';
import type { ConnectionRuntime } from '../src/app/runtime.js';
import { mulberry32 } from '../sandbox/data/prng.js';
import type { Sandboxes, ShiftedClock } from './env.js';

export interface LatencyOptions {
  sb: Sandboxes;
  rt: ConnectionRuntime;
  clock: ShiftedClock;
  registry: ReadonlyMap<FlowId, FlowDefinition>;
  deals: number;
  /** Poll cadence of the orders flow (ms). */
  cadenceMs: number;
  /** Deals close at stratified random moments over this span (ms). */
  spanMs: number;
  seed: number;
}

export interface LatencyResult {
  deals: number;
  ordered: number;
  polls: number;
  /** Per deal, close → order committed (ms), ascending. */
  latenciesMs: number[];
  /** Real duration of each poll that found work (ms). */
  busyPassMs: number[];
  hubspotCalls: number;
  qadCalls: number;
}

/** q-quantile (nearest rank) of ascending values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export async function measureDealToOrder(o: LatencyOptions): Promise<LatencyResult> {
  const jumpTo = async (virtualMs: number): Promise<void> => {
    const ahead = virtualMs - o.clock.nowMs();
    if (ahead > 0) o.clock.shiftMs += ahead;
    await o.sb.hs('POST', '/_sandbox/clock', { offsetMs: o.clock.shiftMs });
  };
  const open = await seedOpenDeals({
    hubspotUrl: o.sb.hubspot.url,
    qadOrigin: o.sb.qad.origin,
    domain: '10USA',
    count: o.deals,
  });
  const random = mulberry32(o.seed);
  const start = o.clock.nowMs();
  const closes = open.map((deal, i) => ({
    dealId: deal.dealId,
    atMs: start + Math.round(((i + random()) * o.spanMs) / o.deals),
    closedMs: 0,
  }));
  const orderedAt = new Map<string, number>();
  const busyPassMs: number[] = [];
  let polls = 0;
  let hubspotCalls = 0;
  let qadCalls = 0;
  let nextPoll = start;
  let pending = 0;
  // deadline: the last close, the reader's safety lag and two cadences, plus headroom
  const deadline = start + o.spanMs + 10 * o.cadenceMs;
  while (orderedAt.size < closes.length && nextPoll <= deadline) {
    for (; pending < closes.length && (closes[pending]?.atMs ?? Infinity) < nextPoll; pending += 1) {
      const c = closes[pending] as (typeof closes)[number];
      await jumpTo(c.atMs);
      c.closedMs = o.clock.nowMs();
      await closeDealWon(o.sb.hubspot.url, c.dealId);
    }
    await jumpTo(nextPoll);
    const began = o.clock.nowMs();
    const pass = await runPass(o.rt, { registry: o.registry, flows: ['orders'] });
    polls += 1;
    hubspotCalls += pass.calls.hubspot;
    qadCalls += pass.calls.qad;
    const before = orderedAt.size;
    const links = await o.rt.store.getLinks(
      o.rt.connection.name,
      'orders',
      closes.map((c) => c.dealId),
    );
    for (const [dealId, link] of links) {
      if (!orderedAt.has(dealId) && link.state === 'ok' && link.targetId !== null)
        orderedAt.set(dealId, link.updatedAtMs);
    }
    if (orderedAt.size > before) busyPassMs.push(o.clock.nowMs() - began);
    nextPoll = Math.max(began + o.cadenceMs, o.clock.nowMs());
  }
  const latenciesMs = closes
    .filter((c) => orderedAt.has(c.dealId))
    .map((c) => (orderedAt.get(c.dealId) as number) - c.closedMs)
    .sort((a, b) => a - b);
  return {
    deals: closes.length,
    ordered: orderedAt.size,
    polls,
    latenciesMs,
    busyPassMs,
    hubspotCalls,
    qadCalls,
  };
}
