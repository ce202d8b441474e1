/**
 * Exactly-once order creation (DESIGN.md §1, qad-api.md §5.3). The caller has ALREADY committed
 * `submitted` in the ledger. Here: create the order under its deterministic number with the deal
 * reference in the PO field — the QAD client looks the PO up first and treats 2041 as "already
 * done" — then verify by PO that the order found is ours and complete. A hash collision on the
 * number (another order, another PO) moves to the next stable candidate number.
 *
 * Never throws for per-order problems: the result says confirmed / rejected / unconfirmed. Only
 * auth and config failures propagate (they abort the run; the link stays `submitted`).
 */
import { isConnectorError, SystemError, toConnectorError } from '../../core/errors.js';
import type { EngineQad } from '../../engine/clients.js';
import { deriveOrderNumber } from './order-number.js';
import type { OrderDraft } from './validate.js';

/** How many order-number candidates are tried before giving up (each collision is logged). */
export const MAX_ORDER_NUMBER_ATTEMPTS = 3;

/** The order as sent to QAD (also the link snapshot `replay` re-sends). */
export interface OrderRequest {
  orderNumber: string;
  customerCode: string;
  po: string;
  currency: string;
  /** `YYYY-MM-DD`. */
  orderDate: string;
  site?: string;
  lines: { itemCode: string; quantity: number; price?: number; uom?: string }[];
}

/** QAD client surface the submitter needs; `maintainSalesOrder` is the QXtend channel when present. */
export interface OrdersQad {
  createSalesOrder: EngineQad['createSalesOrder'];
  findSalesOrderByPo(po: string): Promise<unknown>;
  maintainSalesOrder?: (input: OrderRequest) => Promise<unknown>;
}

export type SubmitResult =
  | {
      status: 'confirmed';
      orderNumber: string;
      alreadyExisted: boolean;
      lineCount: number;
      total: number;
      currency: string;
      /** Order numbers skipped because another order held them. */
      collisions: string[];
    }
  | { status: 'rejected'; error: { code: string; message: string } }
  | { status: 'unconfirmed'; error: { code: string; message: string } };

export interface SubmitOptions {
  channel: 'rest' | 'qxtend';
  prefix: string;
  maxLength?: number;
}

/** Builds the order request for a validated draft (primary order number). */
export function buildOrderRequest(
  draft: OrderDraft,
  po: string,
  orderNumber: string,
  orderDate: string,
  site: string | undefined,
): OrderRequest {
  return {
    orderNumber,
    customerCode: draft.customerCode,
    po,
    currency: draft.currency,
    orderDate,
    ...(site === undefined || site === '' ? {} : { site }),
    lines: draft.lines.map((l) => ({
      itemCode: l.itemCode,
      quantity: l.quantity,
      price: l.price,
      ...(l.uom === undefined ? {} : { uom: l.uom }),
    })),
  };
}

/** Sends the order through the configured channel and verifies it; see the file comment. */
export async function submitOrder(
  qad: OrdersQad,
  dealId: string,
  request: OrderRequest,
  options: SubmitOptions,
): Promise<SubmitResult> {
  const collisions: string[] = [];
  for (let attempt = 0; attempt < MAX_ORDER_NUMBER_ATTEMPTS; attempt++) {
    const orderNumber =
      attempt === 0
        ? request.orderNumber
        : deriveOrderNumber(dealId, {
            prefix: options.prefix,
            attempt,
            ...(options.maxLength === undefined ? {} : { maxLength: options.maxLength }),
          });
    let created: {
      orderNumber: string;
      lines: unknown[];
      total: number;
      currency: string;
      alreadyExisted: boolean;
    };
    try {
      created = await send(qad, { ...request, orderNumber }, options.channel);
    } catch (error) {
      const e = toConnectorError(error);
      if (e.code === 'QAD_DUPLICATE_ORDER') {
        // the number is taken; ours if the PO says so, else try the next candidate
        const mine = await findMine(qad, request.po);
        if (mine !== null) return confirmFound(mine, request, collisions);
        collisions.push(orderNumber);
        continue;
      }
      if (e.kind === 'auth' || e.kind === 'config') throw e;
      if (e.kind === 'data') return { status: 'rejected', error: { code: e.code, message: e.message } };
      return {
        status: 'unconfirmed',
        error: {
          code: 'ORDER_SUBMISSION_UNCONFIRMED',
          message: `order ${orderNumber} (PO ${request.po}) not confirmed: ${e.code}: ${e.message}`,
        },
      };
    }
    if (created.alreadyExisted) {
      const mine = await findMine(qad, request.po);
      if (mine === null) {
        collisions.push(orderNumber);
        continue;
      }
      if (mine.orderNumber !== created.orderNumber) return confirmFound(mine, request, collisions);
    }
    if (created.lines.length < request.lines.length) {
      return {
        status: 'unconfirmed',
        error: {
          code: 'ORDER_SUBMISSION_UNCONFIRMED',
          message: `order ${created.orderNumber} read back with ${created.lines.length} of ${request.lines.length} lines`,
        },
      };
    }
    return {
      status: 'confirmed',
      orderNumber: created.orderNumber,
      alreadyExisted: created.alreadyExisted,
      lineCount: created.lines.length,
      total: created.total,
      currency: created.currency,
      collisions,
    };
  }
  return {
    status: 'rejected',
    error: {
      code: 'QAD_DUPLICATE_ORDER',
      message: `order numbers ${collisions.join(', ')} are all held by orders of other deals; change qad.orders.orderNumberPrefix`,
    },
  };
}

/** The order QAD holds under this deal's PO reference, or null. */
export async function findMine(
  qad: Pick<OrdersQad, 'findSalesOrderByPo'>,
  po: string,
): Promise<{
  orderNumber: string;
  lineCount: number | null;
  total: number | null;
  currency: string | null;
} | null> {
  const found = await qad.findSalesOrderByPo(po);
  if (found === null || found === undefined || typeof found !== 'object') return null;
  const f = found as Record<string, unknown>;
  const orderNumber = typeof f['orderNumber'] === 'string' ? f['orderNumber'] : null;
  if (orderNumber === null) return null;
  const lines = Array.isArray(f['lines'])
    ? f['lines'].length
    : typeof f['lineCount'] === 'number'
      ? f['lineCount']
      : null;
  return {
    orderNumber,
    lineCount: lines,
    total: typeof f['total'] === 'number' ? f['total'] : null,
    currency: typeof f['currency'] === 'string' ? f['currency'] : null,
  };
}

function confirmFound(
  mine: NonNullable<Awaited<ReturnType<typeof findMine>>>,
  request: OrderRequest,
  collisions: string[],
): SubmitResult {
  if (mine.lineCount !== null && mine.lineCount < request.lines.length) {
    return {
      status: 'unconfirmed',
      error: {
        code: 'ORDER_SUBMISSION_UNCONFIRMED',
        message: `order ${mine.orderNumber} found with ${mine.lineCount} of ${request.lines.length} lines`,
      },
    };
  }
  return {
    status: 'confirmed',
    orderNumber: mine.orderNumber,
    alreadyExisted: true,
    lineCount: mine.lineCount ?? request.lines.length,
    total: mine.total ?? request.lines.reduce((s, l) => s + l.quantity * (l.price ?? 0), 0),
    currency: mine.currency ?? request.currency,
    collisions,
  };
}

async function send(
  qad: OrdersQad,
  request: OrderRequest,
  channel: 'rest' | 'qxtend',
): Promise<{
  orderNumber: string;
  lines: unknown[];
  total: number;
  currency: string;
  alreadyExisted: boolean;
}> {
  if (channel === 'qxtend' && qad.maintainSalesOrder !== undefined) {
    const result = (await qad.maintainSalesOrder(request)) as Record<string, unknown> | null;
    if (result !== null && typeof result === 'object' && Array.isArray(result['lines'])) {
      return result as unknown as Awaited<ReturnType<typeof send>>;
    }
    // A QXtend reply only says success/warning: verify by reading the order back (silent no-ops exist).
    const mine = await findMine(qad, request.po);
    if (mine === null) {
      throw new SystemError(
        'QAD_ORDER_NOT_FOUND_AFTER_CREATE',
        `QXtend answered success but order ${request.orderNumber} (PO ${request.po}) cannot be read back`,
      );
    }
    return {
      orderNumber: mine.orderNumber,
      lines: Array.from({ length: mine.lineCount ?? request.lines.length }),
      total: mine.total ?? 0,
      currency: mine.currency ?? request.currency,
      alreadyExisted: false,
    };
  }
  return qad.createSalesOrder(request);
}

/** True when `error` is an auth/config problem that must abort the run rather than fail one order. */
export function isFatal(error: unknown): boolean {
  return isConnectorError(error) && (error.kind === 'auth' || error.kind === 'config');
}
