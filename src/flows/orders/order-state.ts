/**
 * The per-deal order state machine (docs/orders.md: "The state machine in the ledger"): pending → submitted → confirmed | rejected,
 * kept in the ledger link (flow `orders`, sourceKey = deal id). This file decides, from the link
 * and what HubSpot says about the deal now, what the flow must do next. It never talks to a system.
 *
 * Link `state` doubles as the "needs work" flag: `ok` only when the order is confirmed AND written
 * back on the deal (or the deal needs nothing); anything in flight or failing is `failed`, so each
 * run re-examines exactly `listLinks({ flow: 'orders', states: ['failed'] })`.
 */
import { SystemError } from '../../core/errors.js';
import type { OrderStage, RecordLink } from '../../core/store-port.js';

/** Legal transitions; `new` is a deal the ledger has never seen. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStage | 'new', readonly OrderStage[]>> = {
  new: ['pending', 'submitted'],
  // validation failed (or the deal left closed-won): re-validated, then submitted
  pending: ['pending', 'submitted'],
  // in flight: resolved by the PO lookup; back to pending only if no order exists and the deal
  // is no longer closed-won
  submitted: ['submitted', 'confirmed', 'rejected', 'pending'],
  // terminal for the order; only the write-back may still be retried
  confirmed: ['confirmed'],
  // QAD refused it: resubmitted on replay or when the deal changes
  rejected: ['rejected', 'pending', 'submitted'],
};

/** True when `from → to` is allowed. */
export function canTransition(from: OrderStage | null, to: OrderStage): boolean {
  return ORDER_TRANSITIONS[from ?? 'new'].includes(to);
}

/** Throws when `from → to` is not allowed: a bug, never a data problem. */
export function assertTransition(dealId: string, from: OrderStage | null, to: OrderStage): void {
  if (!canTransition(from, to)) {
    throw new SystemError(
      'INTERNAL',
      `order for deal ${dealId}: illegal transition ${from ?? 'new'} → ${to}`,
    );
  }
}

/** What the flow does with one deal this run. */
export type OrderAction =
  /** validate, commit `submitted`, look up by PO, create if absent, read back, confirm */
  | 'submit'
  /** an earlier attempt may have reached QAD: look up by PO; confirm, or resubmit / fall back */
  | 'resolve'
  /** the order is confirmed; only the deal write-back is missing or stale */
  | 'write-back'
  /** confirmed and written back: nothing to do */
  | 'unchanged'
  /** not closed-won (and nothing in flight), or rejected and unchanged since: leave alone */
  | 'skip';

/** What the run knows about the deal right now. */
export interface DealNow {
  /** The deal sits in a closed-won stage. */
  closedWon: boolean;
  /**
   * Hash of the order-relevant facts (companies, lines, amount, currency) as read now. A rejected
   * deal is retried only when this differs from the link snapshot's `factsHash` (our own write-back
   * changes `hs_lastmodifieddate`, so the modified date cannot tell).
   */
  factsHash: string;
  /** The deal's current `qad_order_number`, `qad_sync_status`. */
  orderNumberOnDeal: string | null;
  syncStatusOnDeal: string | null;
}

/**
 * Decides the next action. `replay` forces rejected and pending deals to be tried again.
 * A link in `submitted` is always resolved first, whatever the deal looks like now: an order may
 * already exist in QAD and must be confirmed, never duplicated.
 */
export function nextOrderAction(
  link: Pick<RecordLink, 'orderStage' | 'state' | 'targetId' | 'snapshot'> | null,
  deal: DealNow,
  options: { replay?: boolean } = {},
): OrderAction {
  const stage = link?.orderStage ?? null;
  switch (stage) {
    case 'submitted':
      return 'resolve';
    case 'confirmed': {
      const writtenBack =
        link?.state === 'ok' &&
        deal.orderNumberOnDeal === link.targetId &&
        deal.syncStatusOnDeal === 'synced';
      return writtenBack ? 'unchanged' : 'write-back';
    }
    case 'rejected': {
      if (!deal.closedWon) return 'skip';
      if (options.replay === true) return 'submit';
      return link?.snapshot?.['factsHash'] === deal.factsHash ? 'skip' : 'submit';
    }
    case 'pending':
    case null:
      return deal.closedWon ? 'submit' : 'skip';
  }
}
