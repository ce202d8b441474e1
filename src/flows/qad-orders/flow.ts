/**
 * qad-orders: every QAD sales order of the connection's domain → a HubSpot order (object 0-123)
 * upserted on `qad_order_key`, its lines → line items upserted on `qad_order_line_key`; the
 * order associated with its company (the accounts flow's link), its contact (the contacts
 * flow's link) and the deal it came from (the orders flow's link, found by order number), and
 * the order life written on that deal (deal-status.ts).
 *
 * A line whose QAD item the catalog flow linked to a HubSpot product carries that product as
 * `hs_product_id` (part of its hash, so a product linked later updates the line once); a line whose
 * item is not linked is written without it, never held back, counted (log
 * `qad_orders.lines.without_product`, a note in its audit row) and read again once the catalog
 * links its item (line-products.ts).
 *
 * Each order is put in the order pipeline's stage of its QAD life status (order-stages.ts): the
 * stages are read once at run start, a pipeline or stage the portal lacks fails the run before
 * any write, and a change of the resolved stages re-reads every order once (the cursor keeps them).
 *
 * Two pipelines in one run, orders first (a line needs its order's HubSpot id), each with the
 * master-data day cursor (the stored cursor holds one per browse). Company, contact, deal and
 * the deal's status are part of the order's hash context, so a re-read order with nothing
 * changed costs no call, and an association or deal write happens only when its part changed.
 *
 * An order whose customer has no HubSpot company yet, and a line whose order is not written
 * yet, WAIT: outcome `skipped`, link state `waiting` with QAD_ORDER_WAITING and stage `pending` —
 * not failed (not counted, not in the error queue; `status` and the dashboard count it as
 * waiting), and read again by order number on every run until written (as is every order or
 * line whose link is not ok).
 */
import {
  LINE_ITEM_TO_ORDER,
  ORDER_TO_COMPANY,
  ORDER_TO_CONTACT,
  ORDER_TO_DEAL,
  type HubSpotObjectType,
} from '../../connectors/hubspot/index.js';
import type { QadOrder, QadOrderLine } from '../../connectors/qad/index.js';
import type { RecordOutcome } from '../../engine/flow.js';
import { checkMapping } from '../../engine/mapping-check.js';
import { resolveMapping } from '../../engine/mapping.js';
import { runPipeline, type PipelineCheckpoints } from '../../engine/pipeline.js';
import type { WriteItem, WrittenItem } from '../../engine/sink.js';
import { payloadOfSnapshot, snapshotOf } from '../../engine/snapshot.js';
import { associatePairs, type RecordErrors } from '../associate-written.js';
import type { SyncContext, SyncFlow } from '../connection.js';
import { prepareMapping, type HubSpotSink } from '../master-data.js';
import { QAD_PROPERTIES } from '../properties.js';
import { formatQadCursor, parseQadCursor, planQadRead, type QadCursor } from '../qad-cursor.js';
import { customerAccountKeys } from './customer-accounts.js';
import { dealStatusProperties } from './deal-status.js';
import { LINE_MAPPING, lineView, ORDER_MAPPING, orderView } from './default-mapping.js';
import { LINE_KEY_PROPERTY, ORDER_KEY_PROPERTY } from './hubspot-properties.js';
import {
  formatUnlinked,
  itemKeyOf,
  linkedProductId,
  linkedSince,
  mergeUnlinked,
  noteWithoutProduct,
  parseUnlinked,
  type UnlinkedItems,
} from './line-products.js';
import { readOrderLines, readOrders } from './order-source.js';
import { resolveStages, stagesKey } from './order-stages.js';

export const WAITING_CODE = 'QAD_ORDER_WAITING';

/**
 * The stored cursor: one day cursor per browse, the lines written without a product whose
 * items the catalog may link later (line-products.ts), and the pipeline stages the orders were
 * last read with (stagesKey; null before any).
 */
interface OrdersCursor {
  orders: QadCursor;
  lines: QadCursor;
  unlinked: UnlinkedItems;
  stages: string | null;
}

function parseCursor(raw: string | null): OrdersCursor {
  try {
    const parsed = raw === null ? {} : (JSON.parse(raw) as Record<string, unknown>);
    return {
      orders: parseQadCursor(parsed['orders'] === undefined ? null : JSON.stringify(parsed['orders'])),
      lines: parseQadCursor(parsed['lines'] === undefined ? null : JSON.stringify(parsed['lines'])),
      unlinked: parseUnlinked(parsed['unlinked']),
      stages: typeof parsed['stages'] === 'string' ? parsed['stages'] : null,
    };
  } catch {
    return { orders: parseQadCursor(null), lines: parseQadCursor(null), unlinked: new Map(), stages: null };
  }
}

function formatCursor(c: OrdersCursor): string {
  return JSON.stringify({
    orders: JSON.parse(formatQadCursor(c.orders)) as unknown,
    lines: JSON.parse(formatQadCursor(c.lines)) as unknown,
    ...(c.unlinked.size > 0 ? { unlinked: formatUnlinked(c.unlinked) } : {}),
    ...(c.stages === null ? {} : { stages: c.stages }),
  });
}

/** A waiting outcome: not failed, link `waiting`, read again next run. */
function waiting(ctx: SyncContext, item: WriteItem, message: string): RecordOutcome {
  if (ctx.dryRun)
    ctx.plan.add({
      flow: ctx.flowId,
      sourceKey: item.key,
      action: 'skip',
      targetId: null,
      properties: null,
      reason: message,
    });
  return {
    sourceKey: item.key,
    action: 'skipped',
    state: 'waiting',
    orderStage: 'pending',
    snapshot: snapshotOf(item),
    error: { code: WAITING_CODE, message },
    detail: { reason: message },
  };
}

/** The context a written item was last acknowledged with (empty when it must be redone). */
function acknowledgedContext(w: WrittenItem): Record<string, string | null> {
  const link = w.item.link;
  if (w.created || link === undefined || link.state !== 'ok' || link.targetId !== w.id) return {};
  return payloadOfSnapshot(link.snapshot)?.context ?? {};
}

/** Associates written orders with the record their context names under `field`, where that changed. */
async function associate(
  ctx: SyncContext,
  written: readonly WrittenItem[],
  field: string,
  toType: HubSpotObjectType,
  typeId: number,
  errors: RecordErrors,
): Promise<void> {
  const pairs = written
    .filter((w) => {
      const to = w.item.context[field];
      return typeof to === 'string' && to !== '' && acknowledgedContext(w)[field] !== to;
    })
    .map((w) => ({ key: w.item.key, from: w.id, to: w.item.context[field] as string }));
  await associatePairs(ctx.hubspot, 'orders', toType, [typeId], pairs, toType, errors);
}

/** The order sink of one run, with the key of its stages (stagesKey). */
export async function orderSink(ctx: SyncContext): Promise<HubSpotSink<QadOrder> & { stagesKey: string }> {
  const prepared = await prepareMapping(ctx, ORDER_MAPPING, 'orders', ORDER_KEY_PROPERTY);
  const { mapping } = prepared;
  const { stages, shapes } = await resolveStages(ctx, mapping, prepared.shapes);
  const accountKeys = customerAccountKeys(ctx.qad, ctx.connection.qad.domain);
  let facts = new Map<string, Record<string, string | null>>();
  return {
    target: ctx.hubspot,
    objectType: 'orders',
    idProperty: ORDER_KEY_PROPERTY,
    mapping,
    shapes,
    view: (o) => orderView(o, stages),
    key: (o) => o.key,
    stagesKey: stagesKey(stages),
    async preparePage(c, orders) {
      const name = c.connection.name;
      const accounts = await accountKeys(orders.map((o) => o.customerCode));
      const accountLinks = await c.store.getLinks(name, 'accounts', [
        ...new Set([...accounts.values()].filter((k): k is string => k !== null)),
      ]);
      const contactKeyOf = (o: QadOrder): string | null => {
        const account = accounts.get(o.customerCode) ?? null;
        return account === null || o.contactId === null ? null : `${account}/${o.contactId}`;
      };
      const contactKeys = orders.map(contactKeyOf).filter((k): k is string => k !== null);
      const contactLinks = await c.store.getLinks(name, 'contacts', contactKeys);
      const dealLinks = await c.store.getLinksByTarget(
        name,
        'orders',
        orders.map((o) => o.orderNumber),
      );
      const dealOf = new Map<string, string>();
      for (const link of dealLinks.values())
        if (link.targetId !== null) dealOf.set(link.targetId, link.sourceKey);
      facts = new Map();
      for (const o of orders) {
        const account = accounts.get(o.customerCode) ?? null;
        const companyId = account === null ? null : (accountLinks.get(account)?.targetId ?? null);
        const contactKey = contactKeyOf(o);
        const contactId = contactKey === null ? null : (contactLinks.get(contactKey)?.targetId ?? null);
        const dealId = dealOf.get(o.orderNumber) ?? null;
        facts.set(o.key, {
          customerCode: o.customerCode,
          companyId,
          contactId,
          dealId,
          dealStatus: dealId === null ? null : JSON.stringify(dealStatusProperties(o)),
        });
      }
    },
    context: (o) => facts.get(o.key) ?? {},
    screen(c, items) {
      const keep: WriteItem[] = [];
      const outcomes: RecordOutcome[] = [];
      for (const item of items) {
        if (item.op === 'upsert' && (item.context['companyId'] ?? null) === null) {
          outcomes.push(
            waiting(
              c,
              item,
              `QAD customer ${item.context['customerCode'] ?? '?'} has no HubSpot company yet (accounts flow); the order waits`,
            ),
          );
        } else keep.push(item);
      }
      return { keep, outcomes };
    },
    async afterWrite(c, written) {
      const errors: RecordErrors = new Map();
      // independent calls: in parallel, so a write group holds the limiter, not the round trips
      await Promise.all([
        associate(c, written, 'companyId', 'companies', ORDER_TO_COMPANY, errors),
        associate(c, written, 'contactId', 'contacts', ORDER_TO_CONTACT, errors),
        associate(c, written, 'dealId', 'deals', ORDER_TO_DEAL, errors),
      ]);
      const deals = written.filter((w) => {
        const status = w.item.context['dealStatus'];
        const before = acknowledgedContext(w);
        return (
          typeof status === 'string' &&
          (before['dealStatus'] !== status || before['dealId'] !== w.item.context['dealId'])
        );
      });
      if (deals.length > 0) {
        const updates = deals.map((w) => ({
          id: w.item.context['dealId'] as string,
          properties: JSON.parse(w.item.context['dealStatus'] as string) as Record<string, string>,
        }));
        const results = await c.hubspot.batchUpdate('deals', updates);
        const byId = new Map(results.map((r) => [r.key, r]));
        for (const w of deals) {
          const r = byId.get(w.item.context['dealId'] as string);
          if (r !== undefined && !r.ok && !errors.has(w.item.key))
            errors.set(w.item.key, {
              code: r.error.code,
              message: `order status on deal: ${r.error.message}`,
            });
        }
      }
      return errors;
    },
  };
}

/** The line-item sink of one run (its mapping is the flow's own, not overridable). */
export async function lineSink(
  ctx: SyncContext,
): Promise<HubSpotSink<QadOrderLine> & { withoutProduct: UnlinkedItems; withoutProductCount(): number }> {
  const mapping = resolveMapping(
    LINE_MAPPING,
    {},
    {
      flow: ctx.flowId,
      connection: ctx.connection.name,
      locked: [LINE_KEY_PROPERTY],
    },
  );
  const defs = await ctx.hubspot.getProperties('line_items');
  const shapes = checkMapping(
    'line_items',
    mapping,
    LINE_KEY_PROPERTY,
    defs,
    ctx.dryRun ? QAD_PROPERTIES.line_items : [],
  );
  let orderIds = new Map<string, string>();
  let productIds = new Map<string, string>();
  // line keys, not a count: a write group's remainder is screened again with the next pages
  const noted = new Set<string>();
  const withoutProduct: UnlinkedItems = new Map();
  return {
    target: ctx.hubspot,
    objectType: 'line_items',
    idProperty: LINE_KEY_PROPERTY,
    mapping,
    shapes,
    view: (l) => lineView(l, productIds.get(itemKeyOf(l)) ?? null),
    key: (l) => l.key,
    withoutProduct,
    withoutProductCount: () => noted.size,
    async preparePage(c, lines) {
      const links = await c.store.getLinks(c.connection.name, c.flowId, [
        ...new Set(lines.map((l) => l.orderKey)),
      ]);
      orderIds = new Map();
      for (const [key, link] of links)
        if (link.state === 'ok' && link.targetId !== null) orderIds.set(key, link.targetId);
      const products = await c.store.getLinks(c.connection.name, 'catalog', [
        ...new Set(lines.map(itemKeyOf)),
      ]);
      productIds = new Map();
      for (const [key, link] of products) {
        const id = linkedProductId(link);
        if (id !== null) productIds.set(key, id);
      }
    },
    context: (l) => ({ orderKey: l.orderKey, orderId: orderIds.get(l.orderKey) ?? null }),
    screen(c, items) {
      const keep: WriteItem[] = [];
      const outcomes: RecordOutcome[] = [];
      for (const item of items) {
        if (item.op === 'upsert' && (item.context['orderId'] ?? null) === null) {
          outcomes.push(
            waiting(
              c,
              item,
              `order ${item.context['orderKey'] ?? '?'} is not in HubSpot yet; its line waits`,
            ),
          );
          continue;
        }
        keep.push(item);
      }
      noteWithoutProduct(keep, noted, withoutProduct);
      return { keep, outcomes };
    },
    async afterWrite(c, written) {
      const errors: RecordErrors = new Map();
      const pairs = written
        .filter((w) => acknowledgedContext(w)['orderId'] !== w.item.context['orderId'])
        .map((w) => ({ key: w.item.key, from: w.id, to: w.item.context['orderId'] as string }));
      await associatePairs(c.hubspot, 'line_items', 'orders', [LINE_ITEM_TO_ORDER], pairs, 'order', errors);
      return errors;
    },
  };
}

/**
 * Order numbers of links not ok — waiting, or failed on the way (orders, and orders of such
 * lines): read again by number on every run, so a waiting order is never stranded behind the
 * cursor and `replay` (a re-read for this flow) retries them. One refused as bad data stays
 * unchanged by its hash and costs only the QAD read.
 */
async function retryOrderNumbers(ctx: SyncContext): Promise<{ orders: string[]; lines: string[] }> {
  const orders = new Set<string>();
  const lines = new Set<string>();
  const pageSize = 5_000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await ctx.store.listLinks({
      connection: ctx.connection.name,
      flow: ctx.flowId,
      states: ['failed', 'waiting'],
      limit: pageSize,
      offset,
    });
    for (const link of page) {
      const hash = link.sourceKey.indexOf('#');
      const orderKey = hash < 0 ? link.sourceKey : link.sourceKey.slice(0, hash);
      const orderNumber = orderKey.slice(orderKey.indexOf('/') + 1);
      (hash < 0 ? orders : lines).add(orderNumber);
    }
    if (page.length < pageSize) break;
  }
  return { orders: [...orders], lines: [...lines] };
}

export const qadOrdersFlow: SyncFlow = {
  id: 'qad-orders',
  dependsOn: ['accounts', 'contacts', 'orders'],
  async run(ctx) {
    const stored = parseCursor(await ctx.store.getCursor(ctx.connection.name, ctx.flowId));
    const now = ctx.clock.nowMs();
    // the sink first: a pipeline or stage the portal lacks fails the run before any read or write
    const orders = await orderSink(ctx);
    const stages = orders.stagesKey;
    // orders last read with other stages (or none) are read again in full, once
    const restage = stored.orders.day !== null && stored.stages !== stages;
    const ordersPlan = planQadRead(stored.orders, now, { full: ctx.full || restage });
    const linesPlan = planQadRead(stored.lines, now, { full: ctx.full });
    const retry = await retryOrderNumbers(ctx);
    // lines written without a product whose item the catalog has linked since: read them again
    const relinked = await linkedSince(ctx.store, ctx.connection.name, stored.unlinked);
    const retryLines = [...new Set([...retry.lines, ...relinked.orderNumbers])];
    const domain = ctx.connection.qad.domain;
    ctx.logger.info(
      {
        event: 'flow.read.planned',
        flow: ctx.flowId,
        sinceDay: ordersPlan.sinceDay,
        backfill: ordersPlan.sinceDay === null,
        waiting: retry.orders.length,
        linesForProducts: relinked.orderNumbers.length,
        restage,
      },
      ordersPlan.sinceDay === null
        ? `${ctx.flowId}: full read`
        : `${ctx.flowId}: reading changes since ${ordersPlan.sinceDay}`,
    );
    const orderCheckpoints: PipelineCheckpoints = {
      after: (lastKey) =>
        formatCursor({
          orders: { ...ordersPlan.checkpoint, key: lastKey },
          lines: stored.lines,
          unlinked: stored.unlinked,
          stages,
        }),
      final: formatCursor({
        orders: ordersPlan.final,
        lines: stored.lines,
        unlinked: stored.unlinked,
        stages,
      }),
    };
    const end = await runPipeline(
      ctx,
      orders,
      readOrders(ctx.qad, { sinceDay: ordersPlan.sinceDay, domain, retry: retry.orders }),
      orderCheckpoints,
    );
    if (end === 'stopped') return;
    const lines = await lineSink(ctx);
    // until the read completed, the relinked items stay remembered (a stopped run reads them again)
    const lineCheckpoints: PipelineCheckpoints = {
      after: (lastKey) =>
        formatCursor({
          orders: ordersPlan.final,
          lines: { ...linesPlan.checkpoint, key: lastKey },
          unlinked: mergeUnlinked(stored.unlinked, lines.withoutProduct),
          stages,
        }),
      get final() {
        return formatCursor({
          orders: ordersPlan.final,
          lines: linesPlan.final,
          unlinked: mergeUnlinked(relinked.rest, lines.withoutProduct),
          stages,
        });
      },
    };
    await runPipeline(
      ctx,
      lines,
      readOrderLines(ctx.qad, { sinceDay: linesPlan.sinceDay, domain, retry: retryLines }),
      lineCheckpoints,
    );
    const count = lines.withoutProductCount();
    if (count > 0)
      ctx.logger.info(
        { event: 'qad_orders.lines.without_product', flow: ctx.flowId, lines: count },
        `${ctx.flowId}: ${count} line items written without a HubSpot product (their QAD item is not linked by the catalog flow); they get it once it is`,
      );
  },
};
