/**
 * Exactly-once order creation (why it holds: docs/architecture.md). The caller has ALREADY committed
 * `submitted` in the ledger. The channel (REST `createSalesOrder` or QXtend `maintainSalesOrder`)
 * looks the deal's PO reference up first, treats a 2041 on an order carrying our PO as "already
 * done", resumes missing lines, and reads the order back. Here: a number held by an order of
 * ANOTHER PO (a hash collision, a hand-keyed order) moves to the next stable candidate number.
 *
 * Never throws for per-order problems: the result says confirmed / rejected / unconfirmed. Only
 * auth and config failures propagate (they abort the run; the link stays `submitted`).
 */
import { toConnectorError } from '../../core/errors.js';
import type {
  QadClient,
  QadSalesOrderInput,
  QadSalesOrderResult,
  QxtendClient,
  QxtendOptions,
} from '../../connectors/qad/index.js';
import { deriveOrderNumber } from './order-number.js';
import type { OrderDraft } from './validate.js';

/** How many order-number candidates are tried before giving up. */
export const MAX_ORDER_NUMBER_ATTEMPTS = 3;

/** The order as sent to QAD (also the link snapshot `replay` re-sends). */
export type OrderRequest = QadSalesOrderInput;

/** Creates one order exactly once (guarded by PO) and returns it as read back. */
export type OrderChannel = (order: OrderRequest) => Promise<QadSalesOrderResult>;

/** The REST channel over the connection's QAD client. */
export function restChannel(qad: Pick<QadClient, 'createSalesOrder'>): OrderChannel {
  return (order) => qad.createSalesOrder(order);
}

/**
 * The QXtend channel of on-premise sites: one `maintainSalesOrder` per order, operation A in one
 * whole-order transaction (the client guards it by PO and reads the order back like REST).
 */
export function qxtendChannel(
  qxtend: Pick<QxtendClient, 'maintainSalesOrder'>,
  options: Omit<QxtendOptions, 'operation' | 'scopeTransaction'>,
): OrderChannel {
  return (order) => qxtend.maintainSalesOrder(order, { ...options, operation: 'A', scopeTransaction: true });
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

/** Sends the order through `channel`; see the file comment. */
export async function submitOrder(
  channel: OrderChannel,
  dealId: string,
  request: OrderRequest,
  options: { prefix: string; maxLength?: number },
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
    let created: QadSalesOrderResult;
    try {
      created = await channel({ ...request, orderNumber });
    } catch (error) {
      const e = toConnectorError(error);
      if (e.code === 'QAD_ORDER_CONFLICT') {
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
      code: 'QAD_ORDER_CONFLICT',
      message: `order numbers ${collisions.join(', ')} are all held by orders of other deals; change qad.orders.orderNumberPrefix`,
    },
  };
}

/** The order number QAD holds under this PO reference, or null. */
export async function findOrderNumberByPo(
  qad: Pick<QadClient, 'findSalesOrderByPo'>,
  po: string,
): Promise<string | null> {
  const found = await qad.findSalesOrderByPo(po);
  return found?.orderNumber ?? null;
}
