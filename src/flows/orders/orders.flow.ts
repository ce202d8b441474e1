/**
 * HubSpot deals that reach a closed-won stage → QAD sales orders, exactly once, with the order
 * number (or the reason it could not be made) written back on the deal. The life of one deal
 * through these files: docs/architecture.md.
 *
 * A run: resolve the closed-won stages → read candidate deals (cursor window + ledger links that
 * still need work + replayed ids) → per batch (one HubSpot write call's worth): gather facts,
 * handle each deal (state machine), batch the write-backs, commit outcomes → commit the cursor
 * once everything was handled. Orders go out through the connection's `orderChannel` (REST or
 * QXtend, composed by app/runtime.ts).
 */
import type { HubSpotObject } from '../../connectors/hubspot/index.js';
import { chunk } from '../../core/chunk.js';
import { commitOutcomes, countOutcomes, type RecordOutcome } from '../../engine/flow.js';
import { contentHash } from '../../engine/hash.js';
import { HoldCheck, holdsAmong } from '../../engine/holds.js';
import type { SyncContext, SyncFlow } from '../connection.js';
import { gatherDealFacts, type CustomerCurrencyLookup } from './deal-facts.js';
import { handleDeal, type DealHandlerSettings, type DealResult } from './deal-handler.js';
import {
  dealModifiedMs,
  closedOnOrAfter,
  formatDealCursor,
  linksNeedingWork,
  parseDealCursor,
  parseOrdersCutoff,
  planDealRead,
  readDeals,
  resolveClosedWonStages,
  searchClosedWonDeals,
} from './deal-reader.js';
import { qadCurrencyLookup } from './customer-currencies.js';
import { alreadyOnDeal, writeBackDeals } from './write-back.js';

/** Options of one run: replay and test seams. */
export interface OrdersRunOptions {
  /** Deals to try again now; rejected deals among them are resubmitted even when unchanged. */
  replayDealIds?: readonly string[];
  /** QAD customer currencies; default reads the customer from QAD. */
  lookupCurrencies?: CustomerCurrencyLookup;
  /**
   * A change-event run: only the deals named by unhandled inbox events, read by id (no search, so
   * no index lag), and no cursor move. Every run, this one or a scheduled one, handles the inbox.
   */
  eventsOnly?: boolean;
}

/** At most this many inbox events are taken by one run; the rest wait for the next. */
const INBOX_EVENTS_PER_RUN = 5_000;

/** The orders flow for the engine (runs after accounts and catalog). */
export const ordersFlow: SyncFlow = {
  id: 'orders',
  dependsOn: ['accounts', 'catalog'],
  run: (ctx) => runOrders(ctx),
};

/** One orders run; see the file comment. `replay` is `runOrders(ctx, { replayDealIds })`. */
export async function runOrders(flowCtx: SyncContext, options: OrdersRunOptions = {}): Promise<void> {
  // Order work jumps the HubSpot queue ahead of master data (docs/architecture.md, "Decisions");
  // QAD order calls are sent with priority 'orders' by the QAD client itself.
  const ctx: SyncContext = { ...flowCtx, hubspot: flowCtx.hubspot.withPriority('orders') };
  const runStartMs = ctx.clock.nowMs();
  const stages = await resolveClosedWonStages(ctx);

  const stored = parseDealCursor(await ctx.store.getCursor(ctx.connection.name, 'orders'));
  const cutoffMs = parseOrdersCutoff(ctx.connection.flows.orders.since);
  const window = planDealRead(stored, runStartMs, ctx.full, {
    safetyLagMs: ctx.connection.flows.orders.safetyLagMs,
    cutoffMs,
  });
  const eventsOnly = options.eventsOnly === true;
  const inbox = await ctx.store.pendingChangeEvents(ctx.connection.name, 'deals', INBOX_EVENTS_PER_RUN);
  const searched = eventsOnly
    ? []
    : (await searchClosedWonDeals(ctx, stages, window)).filter((deal) => closedOnOrAfter(deal, cutoffMs));
  // deals an operator resolved or excluded are not re-read for their own sake: they come back
  // when HubSpot shows them modified (in the search window) with other facts
  const needing = eventsOnly ? [] : await linksNeedingWork(ctx);
  const heldKeys = await ctx.store.getHolds(
    ctx.connection.name,
    'orders',
    needing.map((l) => l.sourceKey),
  );
  const work = needing.filter((l) => !heldKeys.has(l.sourceKey) || l.orderStage === 'submitted');
  const replay = new Set(options.replayDealIds ?? []);
  const seen = new Set(searched.map((d) => d.id));
  const evented = new Set(inbox.map((e) => e.objectId));
  const extraIds = [...new Set([...work.map((l) => l.sourceKey), ...replay, ...evented])].filter(
    (id) => !seen.has(id),
  );
  // An evented deal outside closed-won has nothing to do unless the ledger tracks it (a link that
  // needs work is re-read anyway): dropping it here saves its fact reads.
  const tracked = new Set([...work.map((l) => l.sourceKey), ...replay]);
  const extra = (await readDeals(ctx, extraIds)).filter(
    (d) =>
      tracked.has(d.id) || (stages.includes(d.properties['dealstage'] ?? '') && closedOnOrAfter(d, cutoffMs)),
  );
  const deals = dedupe([...searched, ...extra]).sort(
    (a, b) => (dealModifiedMs(a) ?? 0) - (dealModifiedMs(b) ?? 0) || a.id.localeCompare(b.id),
  );
  ctx.counts.read += deals.length;
  ctx.logger.info(
    {
      event: 'orders.read',
      searched: searched.length,
      reexamined: extra.length,
      changeEvents: inbox.length,
      eventsOnly,
      stages,
    },
    'closed-won deals to examine',
  );

  const orders = ctx.connection.qad.orders;
  const settings: DealHandlerSettings = {
    stages,
    replay,
    channelName: orders.channel,
    channel: ctx.orderChannel,
    prefix: orders.orderNumberPrefix,
    site: orders.site,
    amountTolerance: ctx.connection.flows.orders.amountTolerance,
  };
  const lookup = options.lookupCurrencies ?? qadCurrencyLookup(ctx.qad);
  for (const batch of chunk(deals, ctx.hubspot.writeBatchSize)) {
    if (ctx.signal.aborted) break;
    await processBatch(ctx, settings, batch, lookup);
  }
  // Deals the ledger still tracks that HubSpot no longer returns (deleted): stop re-examining.
  const gone = extraIds.filter((id) => !extra.some((d) => d.id === id) && tracked.has(id));
  const goneOutcomes: RecordOutcome[] = work
    .filter((l) => gone.includes(l.sourceKey) && l.orderStage !== 'submitted')
    .map((l) => ({
      sourceKey: l.sourceKey,
      action: 'skipped',
      state: 'ok',
      detail: { reason: 'deal no longer exists' },
    }));
  if (ctx.signal.aborted) {
    await commitOutcomes(ctx, goneOutcomes);
    return;
  }
  await commitOutcomes(ctx, goneOutcomes, eventsOnly ? undefined : formatDealCursor(window.next));
  // Every evented deal now has its outcome in the ledger (a failed one is retried as a link that
  // needs work): only now are its events handled. A crash before this line re-reads them.
  if (!ctx.dryRun && inbox.length > 0)
    await ctx.store.markChangeEventsHandled(
      ctx.connection.name,
      inbox.map((e) => e.eventId),
      ctx.clock.nowMs(),
    );
}

async function processBatch(
  ctx: SyncContext,
  settings: DealHandlerSettings,
  deals: HubSpotObject[],
  lookup: CustomerCurrencyLookup,
): Promise<void> {
  const links = await ctx.store.getLinks(
    ctx.connection.name,
    'orders',
    deals.map((d) => d.id),
  );
  const facts = await gatherDealFacts(ctx, deals, lookup);
  const holds = new HoldCheck(await holdsAmong({ ...ctx, flowId: 'orders' }, links));
  const results: { deal: HubSpotObject; result: DealResult }[] = [];
  for (const deal of deals) {
    if (ctx.signal.aborted) break;
    const dealFacts = facts.get(deal.id);
    if (dealFacts === undefined) continue;
    const factsHash = contentHash(dealFacts);
    const link = links.get(deal.id) ?? null;
    // an in-flight order is always resolved, held or not: it may exist in QAD
    if (link?.orderStage !== 'submitted' && !settings.replay.has(deal.id) && holds.held(deal.id, factsHash)) {
      ctx.counts.skipped += 1;
      continue;
    }
    const result = await handleDeal(ctx, settings, deal, dealFacts, factsHash, link);
    results.push({ deal, result });
  }
  await holds.commit(ctx);

  const updates = ctx.dryRun
    ? []
    : results
        .filter(
          ({ deal, result }) => result.writeBack !== undefined && !alreadyOnDeal(deal, result.writeBack),
        )
        .map(({ deal, result }) => ({ id: deal.id, properties: result.writeBack ?? {} }));
  const written = await writeBackDeals(ctx.hubspot, updates);

  const commit: RecordOutcome[] = [];
  const quiet: RecordOutcome[] = [];
  for (const { deal, result } of results) {
    const wb = written.get(deal.id);
    let outcome = result.outcome;
    if (wb !== undefined && !wb.ok) {
      // The order stays confirmed; only the write-back is retried next run.
      outcome =
        outcome.action === 'failed'
          ? { ...outcome, detail: { ...(outcome.detail ?? {}), writeBackError: wb.error } }
          : {
              ...outcome,
              state: 'failed',
              error: { code: wb.error.code, message: `write-back failed: ${wb.error.message}` },
            };
    }
    (result.quiet === true && (wb === undefined || wb.ok) ? quiet : commit).push(outcome);
  }
  // a repeat of an already recorded failure is not a new attempt: counted unchanged, so one
  // bad deal makes one run partial, not every run after it
  countOutcomes(
    ctx.counts,
    quiet.map((o) => ({ ...o, action: o.action === 'failed' ? ('unchanged' as const) : o.action })),
  );
  await commitOutcomes(ctx, commit);
}

function dedupe(deals: HubSpotObject[]): HubSpotObject[] {
  const byId = new Map<string, HubSpotObject>();
  for (const d of deals) byId.set(d.id, d);
  return [...byId.values()];
}
