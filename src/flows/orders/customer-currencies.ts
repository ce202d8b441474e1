/**
 * The currencies a QAD customer accepts, read from QAD (the accounts ledger carries the customer
 * code, not its currencies). One lookup per customer per run (the caller caches).
 */
import type { EngineConnection, EngineQad } from '../../engine/flow.js';
import type { CustomerCurrencyLookup } from './deal-facts.js';

/** Default customer browse id and columns (qad-api.md §9.1; overridable by `qad.browses.customers`). */
const CUSTOMER_BROWSE = 'urn:browse:bebrowse:com.qad.erp.base.customerV2s';
const COL_CODE = 'customerV2.customerCode';
const COL_CURRENCY = 'customerV2.currencyCode';
const COL_ACCEPTED = 'customerV2.acceptedCurrencies';

/** Looks the customer up through the QAD customer browse, filtered on its code. */
export function qadCurrencyLookup(qad: EngineQad, connection: EngineConnection): CustomerCurrencyLookup {
  const browseId = connection.qad.browses?.customers ?? CUSTOMER_BROWSE;
  return async (customerCode) => {
    for await (const rows of qad.browse(browseId, {
      filters: [{ field: COL_CODE, op: 'eq', value: customerCode }],
      pageSize: 10,
    })) {
      for (const row of rows) {
        if (row[COL_CODE] !== customerCode) continue;
        const currency = typeof row[COL_CURRENCY] === 'string' ? row[COL_CURRENCY] : null;
        const acceptedRaw = row[COL_ACCEPTED];
        const accepted = Array.isArray(acceptedRaw)
          ? acceptedRaw.filter((c): c is string => typeof c === 'string')
          : typeof acceptedRaw === 'string'
            ? acceptedRaw
                .split(',')
                .map((c) => c.trim())
                .filter((c) => c !== '')
            : [];
        return { currency, acceptedCurrencies: accepted.length > 0 ? accepted : null };
      }
    }
    return null;
  };
}
