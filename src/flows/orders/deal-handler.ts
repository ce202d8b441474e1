/**
 * One deal, one decision (the state machine's action) carried out: validate, commit `submitted`,
 * create in QAD exactly once, commit `confirmed`. Returns the run outcome and the values to write
 * back on the deal; the flow batches the write-backs and commits the outcomes.
 */
import type { RecordLink } from '../../core/store-port.js';
import type { HubSpotObject } from '../../connectors/hubspot/index.js';
import type { RecordOutcome } from '../../engine/flow.js';
import type { SyncContext } from '../connection.js';
import { QAD_ORDER_NUMBER, QAD_SYNC_STATUS } from './deal-properties.js';
import { deriveOrderNumber, orderPoReference } from './order-number.js';
import { assertTransition, nextOrderAction } from './order-state.js';
import { errorProperties, syncedProperties } from './write-back.js';
import {
  buildOrderRequest,
  findOrderNumberByPo,
  submitOrder,
  type OrderChannel,
  type OrderRequest,
} from './submit-order.js';
import { propertyNotes } from './property-check.js';
import { summarizeProblems, validateDeal, type DealFacts } from './validate.js';
import { commitStage, orderDate } from './ledger-stage.js';
import './orders-events.js';
import { collectSubmissionFaults } from './submission-faults.js';

/** What the flow does after handling one deal. */
export interface DealResult {
  outcome: RecordOutcome;
  /** Properties to write back on the deal (skipped when the deal already shows them). */
  writeBack?: Record<string, string>;
  /** Count the outcome but do not commit it (a repeat of an already recorded failure). */
  quiet?: boolean;
}

/** Per-run settings the handler needs. */
export interface DealHandlerSettings {
  stages: readonly string[];
  replay: ReadonlySet<string>;
  /** Configured channel name (recorded in snapshots and audit detail). */
  channelName: 'rest' | 'qxtend';
  /** Creates one order exactly once (REST or QXtend). */
  channel: OrderChannel;
  prefix: string;
  site: string | undefined;
  amountTolerance: number;
}

type HandlerContext = Pick<
  SyncContext,
  'connection' | 'store' | 'qad' | 'clock' | 'events' | 'dryRun' | 'plan' | 'runId' | 'logger'
>;

/** Decides and carries out what this run does with one deal. */
export async function handleDeal(
  ctx: HandlerContext,
  settings: DealHandlerSettings,
  deal: HubSpotObject,
  facts: DealFacts,
  factsHash: string,
  link: RecordLink | null,
): Promise<DealResult> {
  const dealId = deal.id;
  const closedWon = settings.stages.includes(deal.properties['dealstage'] ?? '');
  const action = nextOrderAction(
    link,
    {
      closedWon,
      factsHash,
      orderNumberOnDeal: deal.properties[QAD_ORDER_NUMBER] ?? null,
      syncStatusOnDeal: deal.properties[QAD_SYNC_STATUS] ?? null,
    },
    { replay: settings.replay.has(dealId) },
  );
  const plan = (
    a: 'create' | 'update' | 'skip' | 'unchanged',
    reason: string | null,
    properties: Record<string, unknown> | null = null,
  ): void => {
    if (ctx.dryRun)
      ctx.plan.add({
        flow: 'orders',
        sourceKey: dealId,
        action: a,
        targetId: link?.targetId ?? null,
        properties,
        reason,
      });
  };

  switch (action) {
    case 'unchanged':
      plan('unchanged', null);
      return { outcome: { sourceKey: dealId, action: 'unchanged' } };
    case 'skip': {
      if (link?.orderStage === 'rejected' && closedWon) {
        plan('skip', `rejected by QAD and unchanged since: ${link.lastError?.message ?? ''}`);
        return { outcome: { sourceKey: dealId, action: 'failed', error: link.lastError }, quiet: true };
      }
      plan('skip', 'not in a closed-won stage');
      return {
        outcome: {
          sourceKey: dealId,
          action: 'skipped',
          detail: { reason: 'not in a closed-won stage' },
          ...(link === null ? {} : { state: 'ok' as const, orderStage: link.orderStage }),
        },
      };
    }
    case 'write-back': {
      const orderNumber = link?.targetId ?? '';
      plan('update', `write back QAD order ${orderNumber}`, syncedProperties(orderNumber));
      return {
        outcome: {
          sourceKey: dealId,
          action: 'updated',
          targetId: orderNumber,
          orderStage: 'confirmed',
          state: 'ok',
          detail: { writeBack: true },
        },
        writeBack: syncedProperties(orderNumber),
      };
    }
    case 'resolve': {
      const snapshotRequest = (link?.snapshot?.['request'] ?? null) as OrderRequest | null;
      const po = snapshotRequest?.po ?? orderPoReference(dealId);
      if (ctx.dryRun) {
        plan('update', `resolve the in-flight order with PO ${po}`);
        return { outcome: { sourceKey: dealId, action: 'skipped' } };
      }
      const mine = await findOrderNumberByPo(ctx.qad, po);
      if (mine !== null) {
        // QAD has it: confirm (and complete) the order we sent; the channel's PO guard finds it.
        return snapshotRequest !== null
          ? finishSubmission(ctx, settings, dealId, factsHash, snapshotRequest, link, true)
          : submit(ctx, settings, deal, facts, factsHash, link);
      }
      if (!closedWon) {
        assertTransition(dealId, 'submitted', 'pending');
        return {
          outcome: {
            sourceKey: dealId,
            action: 'skipped',
            state: 'ok',
            orderStage: 'pending',
            detail: { reason: `no QAD order with PO ${po}; deal left closed-won` },
          },
        };
      }
      return submit(ctx, settings, deal, facts, factsHash, link);
    }
    case 'submit':
      return submit(ctx, settings, deal, facts, factsHash, link);
  }
}

async function submit(
  ctx: HandlerContext,
  settings: DealHandlerSettings,
  deal: HubSpotObject,
  facts: DealFacts,
  factsHash: string,
  link: RecordLink | null,
): Promise<DealResult> {
  const dealId = deal.id;
  const validation = validateDeal(facts, { amountTolerance: settings.amountTolerance });
  // HubSpot properties that disagreed with the ledger (never used): reported in the audit detail
  const notes = propertyNotes(facts);
  const noteDetail = notes.length > 0 ? { ledgerDisagreements: notes } : {};
  if (!validation.ok) {
    const message = summarizeProblems(validation.problems);
    const code = validation.problems[0]?.code ?? 'ORDER_NO_LINES';
    assertTransition(dealId, link?.orderStage ?? null, 'pending');
    if (ctx.dryRun) {
      ctx.plan.add({
        flow: 'orders',
        sourceKey: dealId,
        action: 'skip',
        targetId: null,
        properties: null,
        reason: `would fail: ${message}`,
      });
    }
    const repeat =
      link?.orderStage === 'pending' &&
      link.snapshot?.['factsHash'] === factsHash &&
      link.lastError?.message === message;
    ctx.events.emit('orders.failed', { connection: ctx.connection.name, dealId, code, message });
    return {
      outcome: {
        sourceKey: dealId,
        action: 'failed',
        orderStage: 'pending',
        error: { code, message },
        snapshot: { factsHash, problems: validation.problems },
        ...(notes.length > 0 ? { detail: noteDetail } : {}),
      },
      writeBack: errorProperties(message),
      quiet: repeat,
    };
  }
  const po = orderPoReference(dealId);
  const orderNumber = deriveOrderNumber(dealId, { prefix: settings.prefix });
  const request = buildOrderRequest(
    validation.draft,
    po,
    orderNumber,
    orderDate(deal, ctx.clock.nowMs()),
    settings.site,
  );
  if (ctx.dryRun) {
    ctx.plan.add({
      flow: 'orders',
      sourceKey: dealId,
      action: 'create',
      targetId: null,
      properties: { ...request },
      reason: null,
    });
    return { outcome: { sourceKey: dealId, action: 'created' } };
  }
  // The ledger says "submitted" BEFORE QAD hears of it: a crash from here on is resolved by PO.
  assertTransition(dealId, link?.orderStage ?? null, 'submitted');
  await commitStage(ctx, {
    sourceKey: dealId,
    state: 'failed',
    orderStage: 'submitted',
    lastError: {
      code: 'ORDER_SUBMISSION_UNCONFIRMED',
      message: `order ${orderNumber} (PO ${po}) sent to QAD; not confirmed yet`,
    },
    snapshot: { factsHash, request, channel: settings.channelName },
  });
  ctx.events.emit('orders.submitted', { connection: ctx.connection.name, dealId, orderNumber, po });
  return finishSubmission(ctx, settings, dealId, factsHash, request, link, false, noteDetail);
}

async function finishSubmission(
  ctx: HandlerContext,
  settings: DealHandlerSettings,
  dealId: string,
  factsHash: string,
  request: OrderRequest,
  link: RecordLink | null,
  resumed: boolean,
  extraDetail: Record<string, unknown> = {},
): Promise<DealResult> {
  const collector = collectSubmissionFaults(ctx.events);
  let faults: string[];
  let result: Awaited<ReturnType<typeof submitOrder>>;
  try {
    result = await submitOrder(settings.channel, dealId, request, { prefix: settings.prefix });
  } finally {
    faults = collector.stop();
  }
  const faultDetail = faults.length > 0 ? { faults } : {};
  const snapshot = { factsHash, request, channel: settings.channelName };
  switch (result.status) {
    case 'confirmed': {
      await commitStage(ctx, {
        sourceKey: dealId,
        state: 'failed',
        orderStage: 'confirmed',
        targetId: result.orderNumber,
        lastError: {
          code: 'ORDER_WRITEBACK_PENDING',
          message: `order ${result.orderNumber} confirmed; deal not updated yet`,
        },
        snapshot,
      });
      ctx.events.emit('orders.confirmed', {
        connection: ctx.connection.name,
        dealId,
        orderNumber: result.orderNumber,
        alreadyExisted: result.alreadyExisted,
      });
      const { status: _status, ...facts } = result;
      return {
        outcome: {
          sourceKey: dealId,
          action: 'created',
          targetId: result.orderNumber,
          orderStage: 'confirmed',
          contentHash: factsHash,
          snapshot,
          detail: {
            ...facts,
            channel: settings.channelName,
            resumed,
            replay: settings.replay.has(dealId),
            previousStage: link?.orderStage ?? null,
            ...faultDetail,
            ...extraDetail,
          },
        },
        writeBack: syncedProperties(result.orderNumber),
      };
    }
    case 'rejected':
      ctx.events.emit('orders.failed', { connection: ctx.connection.name, dealId, ...result.error });
      return {
        outcome: {
          sourceKey: dealId,
          action: 'failed',
          orderStage: 'rejected',
          error: result.error,
          snapshot,
          ...(faults.length > 0 ? { detail: faultDetail } : {}),
        },
        writeBack: errorProperties(`QAD rejected the order: ${result.error.message}`),
      };
    case 'unconfirmed':
      ctx.logger.warn(
        { event: 'orders.unconfirmed', dealId, ...result.error },
        'order not confirmed; resolved next run',
      );
      return {
        outcome: {
          sourceKey: dealId,
          action: 'failed',
          orderStage: 'submitted',
          error: result.error,
          snapshot,
          ...(faults.length > 0 ? { detail: faultDetail } : {}),
        },
      };
  }
}
