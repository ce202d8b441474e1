/**
 * The currencies a QAD customer accepts, read from QAD: the accounts ledger carries the customer
 * code, not its currencies. One browse per customer per run (the caller caches). The browse id
 * and column names are the QAD client's resolved ones (defaults + `qad.browses` overrides).
 */
import type { QadClient } from '../../connectors/qad/index.js';
import type { CustomerCurrencyLookup } from './deal-facts.js';

/** Looks the customer up through the QAD customer browse, filtered on its code. */
export function qadCurrencyLookup(qad: Pick<QadClient, 'browse' | 'browses'>): CustomerCurrencyLookup {
  const { browseId, columns } = qad.browses.customer;
  return async (customerCode) => {
    for await (const rows of qad.browse(browseId, {
      filters: [{ field: columns.customerCode, op: 'eq', value: customerCode }],
      pageSize: 10,
    })) {
      for (const row of rows) {
        if (row[columns.customerCode] !== customerCode) continue;
        const currency = row[columns.currency];
        return {
          currency: typeof currency === 'string' && currency !== '' ? currency : null,
          acceptedCurrencies: currencyList(row[columns.acceptedCurrencies]),
        };
      }
    }
    return null;
  };
}

/** A comma list or an array of codes; null when empty. */
function currencyList(raw: unknown): string[] | null {
  const list = Array.isArray(raw)
    ? raw.filter((c): c is string => typeof c === 'string')
    : typeof raw === 'string'
      ? raw.split(',')
      : [];
  const codes = list.map((c) => c.trim()).filter((c) => c !== '');
  return codes.length > 0 ? codes : null;
}
