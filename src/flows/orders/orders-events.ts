/** Events of the orders flow; tests synchronise on them, the logger mirrors them. */
declare module '../../core/events.js' {
  interface EventMap {
    /** `submitted` is committed in the ledger and the order is about to be sent to QAD. */
    'orders.submitted': { connection: string; dealId: string; orderNumber: string; po: string };
    /** QAD holds the order (created now, or found by its PO reference). */
    'orders.confirmed': { connection: string; dealId: string; orderNumber: string; alreadyExisted: boolean };
    /** The deal failed validation or QAD rejected the order (the reason goes on the deal). */
    'orders.failed': { connection: string; dealId: string; code: string; message: string };
  }
}

export {};
