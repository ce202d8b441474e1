/**
 * Reads QAD master data as typed pages for the pipeline: browse rows (filtered `ge` the cursor's
 * day on the browse's last-modified column) normalised at the connector edge; bad rows become
 * `invalid` entries naming the field (quarantined by the pipeline).
 *
 * Accounts need both halves of a business relation (DESIGN.md §1): changed customer and supplier
 * rows are merged per business relation, and a changed half is completed with the other role's
 * row (looked up by business relation, or by reading that browse whole when many are missing), so
 * an incremental run never drops a role.
 */
import {
  mergeQadAccounts,
  normaliseContactRow,
  normaliseCustomerRow,
  normaliseItemRow,
  normaliseSupplierRow,
  type QadAccount,
  type QadClient,
  type QadContact,
  type QadFilter,
  type QadItem,
  type QadNormaliseContext,
} from '../connectors/qad/index.js';
import type { NormaliseResult } from '../connectors/qad/types.js';
import type { SourcePage } from '../engine/sink.js';

/** Rows per browse page and records per pipeline page (one HubSpot batch). */
export const QAD_PAGE_SIZE = 500;
export const WRITE_PAGE_SIZE = 100;
/** Above this many accounts missing their other half, read the other browse whole. */
const COMPLETION_LOOKUP_LIMIT = 50;

export interface QadReadOptions {
  /** `ge` filter day (`YYYY-MM-DD`); null = everything. */
  sinceDay: string | null;
  normalise: QadNormaliseContext;
  pageSize?: number;
}

function sinceFilter(column: string, sinceDay: string | null): QadFilter[] {
  return sinceDay === null ? [] : [{ field: column, op: 'ge', value: sinceDay }];
}

function invalidEntry(
  r: Extract<NormaliseResult<unknown>, { status: 'invalid' }>,
  keyPrefix: string,
): SourcePage<never>['invalid'][number] {
  return { key: `${keyPrefix}/${r.rowKey ?? '?'}`, field: r.field, reason: r.reason };
}

async function* normalisedPages<T>(
  qad: QadClient,
  browseId: string,
  filters: QadFilter[],
  pageSize: number,
  normalise: (row: Record<string, unknown>) => NormaliseResult<T>,
  invalidKeyPrefix: (row: Record<string, unknown>) => string,
): AsyncGenerator<SourcePage<T>> {
  for await (const rows of qad.browse(browseId, { filters, pageSize })) {
    const page: SourcePage<T> = { records: [], invalid: [] };
    for (const row of rows) {
      const r = normalise(row);
      if (r.status === 'ok') page.records.push(r.record);
      else page.invalid.push(invalidEntry(r, invalidKeyPrefix(row)));
    }
    yield page;
  }
}

/** QAD items as pages. */
export function readItems(qad: QadClient, opts: QadReadOptions): AsyncIterable<SourcePage<QadItem>> {
  const spec = qad.browses.item;
  return normalisedPages(
    qad,
    spec.browseId,
    sinceFilter(spec.columns.modifiedDate, opts.sinceDay),
    opts.pageSize ?? QAD_PAGE_SIZE,
    (row) => normaliseItemRow(row, spec, opts.normalise),
    () => opts.normalise.domain,
  );
}

/** QAD contacts as pages. */
export function readContacts(qad: QadClient, opts: QadReadOptions): AsyncIterable<SourcePage<QadContact>> {
  const spec = qad.browses.contact;
  return normalisedPages(
    qad,
    spec.browseId,
    sinceFilter(spec.columns.modifiedDate, opts.sinceDay),
    opts.pageSize ?? QAD_PAGE_SIZE,
    (row) => normaliseContactRow(row, spec, opts.normalise),
    (row) => {
      const br = row[spec.columns.businessRelationCode];
      return `${opts.normalise.domain}/${typeof br === 'string' && br !== '' ? br : '?'}`;
    },
  );
}

type Role = 'customer' | 'supplier';

/** Merged accounts (one per business relation) as pages of WRITE_PAGE_SIZE. */
export async function* readAccounts(
  qad: QadClient,
  opts: QadReadOptions,
): AsyncGenerator<SourcePage<QadAccount>> {
  const pageSize = opts.pageSize ?? QAD_PAGE_SIZE;
  const parts: QadAccount[] = [];
  const invalid: SourcePage<QadAccount>['invalid'] = [];
  const read = async (role: Role, filters: QadFilter[]): Promise<QadAccount[]> => {
    const { records, rejected } = await readRole(role, filters);
    invalid.push(...rejected);
    return records;
  };
  const readRole = async (
    role: Role,
    filters: QadFilter[],
  ): Promise<{ records: QadAccount[]; rejected: SourcePage<QadAccount>['invalid'] }> => {
    const out: QadAccount[] = [];
    const rejected: SourcePage<QadAccount>['invalid'] = [];
    const spec = role === 'customer' ? qad.browses.customer : qad.browses.supplier;
    const normalise = (row: Record<string, unknown>): NormaliseResult<QadAccount> =>
      role === 'customer'
        ? normaliseCustomerRow(row, qad.browses.customer, opts.normalise)
        : normaliseSupplierRow(row, qad.browses.supplier, opts.normalise);
    for await (const page of normalisedPages(
      qad,
      spec.browseId,
      filters,
      pageSize,
      normalise,
      () => opts.normalise.domain,
    )) {
      out.push(...page.records);
      rejected.push(...page.invalid);
    }
    return { records: out, rejected };
  };
  const cols = { customer: qad.browses.customer.columns, supplier: qad.browses.supplier.columns };
  // both browses at once (independent reads); results kept in customer-then-supplier order
  const both = await Promise.all([
    readRole('customer', sinceFilter(cols.customer.modifiedDate, opts.sinceDay)),
    readRole('supplier', sinceFilter(cols.supplier.modifiedDate, opts.sinceDay)),
  ]);
  for (const { records, rejected } of both) {
    parts.push(...records);
    invalid.push(...rejected);
  }

  if (opts.sinceDay !== null) {
    // complete changed accounts with their unchanged other half
    const rolesByBr = new Map<string, Set<Role>>();
    for (const p of parts) {
      const set = rolesByBr.get(p.businessRelationCode) ?? new Set<Role>();
      for (const r of p.roles) set.add(r);
      rolesByBr.set(p.businessRelationCode, set);
    }
    for (const role of ['customer', 'supplier'] as const) {
      const missing = [...rolesByBr].filter(([, roles]) => !roles.has(role)).map(([br]) => br);
      if (missing.length === 0) continue;
      const column = cols[role].businessRelationCode;
      if (missing.length > COMPLETION_LOOKUP_LIMIT) {
        const wanted = new Set(missing);
        const whole = await read(role, []);
        parts.push(...whole.filter((p) => wanted.has(p.businessRelationCode)));
      } else {
        for (const br of missing) parts.push(...(await read(role, [{ field: column, op: 'eq', value: br }])));
      }
    }
  }
  const merged = mergeQadAccounts(parts);
  if (merged.length === 0 && invalid.length > 0) yield { records: [], invalid };
  for (let i = 0; i < merged.length; i += WRITE_PAGE_SIZE) {
    yield {
      records: merged.slice(i, i + WRITE_PAGE_SIZE),
      invalid: i === 0 ? invalid : [],
    };
  }
}
