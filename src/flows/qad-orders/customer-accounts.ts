/**
 * QAD customer code → the accounts flow's key (`<domain>/<business relation>`), which a sales
 * order does not carry. Remembered for one run: a few unknown codes are looked up one browse
 * call each, more than `LOOKUP_LIMIT` at once read the customer browse whole (once per run).
 */
import {
  isFilterableValue,
  normaliseCustomerRow,
  type QadClient,
  type QadFilter,
} from '../../connectors/qad/index.js';
import { QAD_PAGE_SIZE } from '../qad-source.js';

const LOOKUP_LIMIT = 20;

/** Resolves customer codes to account keys (null: QAD knows no such customer). */
export function customerAccountKeys(
  qad: QadClient,
  domain: string,
): (codes: readonly string[]) => Promise<Map<string, string | null>> {
  const known = new Map<string, string | null>();
  let wholeRead = false;
  const spec = qad.browses.customer;
  const read = async (filters: QadFilter[]): Promise<void> => {
    for await (const rows of qad.browse(spec.browseId, { filters, pageSize: QAD_PAGE_SIZE })) {
      for (const row of rows) {
        const r = normaliseCustomerRow(row, spec, { domain });
        if (r.status === 'ok' && r.record.customerCode !== undefined)
          known.set(r.record.customerCode, r.record.key);
      }
    }
  };
  return async (codes) => {
    const unknown = [...new Set(codes)].filter((c) => !known.has(c));
    if (unknown.length > 0 && !wholeRead) {
      if (unknown.length > LOOKUP_LIMIT || !unknown.every((c) => isFilterableValue(c))) {
        await read([]);
        wholeRead = true;
      } else {
        for (const code of unknown) await read([{ field: spec.columns.customerCode, op: 'eq', value: code }]);
      }
    }
    const out = new Map<string, string | null>();
    for (const code of codes) {
      const key = known.get(code) ?? null;
      if (key === null && !known.has(code)) known.set(code, null);
      out.set(code, key);
    }
    return out;
  };
}
