/**
 * Reads QAD master data as typed pages for the pipeline: browse rows (filtered `ge` the cursor's
 * day on the browse's last-modified column) normalised at the connector edge; bad rows become
 * `invalid` entries naming the field (quarantined by the pipeline).
 *
 * Accounts need both halves of a business relation (docs/architecture.md: "One company per business relation"): changed customer and supplier
 * rows are merged per business relation, and a changed half is completed with the other role's
 * row (looked up by business relation, or by reading that browse whole when many are missing), so
 * an incremental run never drops a role.
 */
import {
  isFilterableValue,
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
import { openKeyGroups } from '../engine/key-groups.js';
import type { SourcePage } from '../engine/sink.js';

/** Rows per QAD browse page. */
export const QAD_PAGE_SIZE = 500;
/**
 * Merged accounts per pipeline page. Accounts are regrouped after both browses were read, so
 * their pages are cut here: small pages let each write group commit its progress in small steps
 * (a failure re-sends little), and the pipeline fills write calls across pages anyway.
 */
export const ACCOUNTS_PAGE_SIZE = 100;
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

/**
 * Merged accounts (one per business relation) as pages of ACCOUNTS_PAGE_SIZE. Both browses are read
 * at once and their rows grouped by account key with bounded memory (key-groups.ts): past
 * `accountsInMemoryLimit` rows, the grouping spills to a temporary file, so a full read of a large
 * tenant does not hold every customer and supplier in memory.
 */
export async function* readAccounts(
  qad: QadClient,
  opts: QadReadOptions & { accountsInMemoryLimit?: number },
): AsyncGenerator<SourcePage<QadAccount>> {
  const pageSize = opts.pageSize ?? QAD_PAGE_SIZE;
  const invalid: SourcePage<QadAccount>['invalid'] = [];
  const parts = openKeyGroups<QadAccount>({
    key: (p) => p.key,
    ...(opts.accountsInMemoryLimit === undefined ? {} : { inMemoryLimit: opts.accountsInMemoryLimit }),
  });
  // incremental runs only: which roles each changed business relation has, to complete the other half
  const rolesByBr = opts.sinceDay === null ? null : new Map<string, Set<Role>>();
  const keep = (records: readonly QadAccount[]): void => {
    parts.add(records);
    if (rolesByBr === null) return;
    for (const p of records) {
      const set = rolesByBr.get(p.businessRelationCode) ?? new Set<Role>();
      for (const r of p.roles) set.add(r);
      rolesByBr.set(p.businessRelationCode, set);
    }
  };
  const readRole = async (
    role: Role,
    filters: QadFilter[],
    accept: (records: readonly QadAccount[]) => void,
  ): Promise<void> => {
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
      accept(page.records);
      invalid.push(...page.invalid);
    }
  };
  const cols = { customer: qad.browses.customer.columns, supplier: qad.browses.supplier.columns };
  try {
    // both browses at once (independent reads)
    await Promise.all([
      readRole('customer', sinceFilter(cols.customer.modifiedDate, opts.sinceDay), keep),
      readRole('supplier', sinceFilter(cols.supplier.modifiedDate, opts.sinceDay), keep),
    ]);
    if (rolesByBr !== null) {
      // complete changed accounts with their unchanged other half
      for (const role of ['customer', 'supplier'] as const) {
        const missing = [...rolesByBr].filter(([, roles]) => !roles.has(role)).map(([br]) => br);
        if (missing.length === 0) continue;
        const column = cols[role].businessRelationCode;
        // a code with a comma cannot be filtered on (no escape in the filter text): read the browse whole
        if (missing.length > COMPLETION_LOOKUP_LIMIT || !missing.every((br) => isFilterableValue(br))) {
          const wanted = new Set(missing);
          await readRole(role, [], (records) =>
            parts.add(records.filter((p) => wanted.has(p.businessRelationCode))),
          );
        } else {
          for (const br of missing) {
            await readRole(role, [{ field: column, op: 'eq', value: br }], (records) => parts.add(records));
          }
        }
      }
    }
    let page: QadAccount[] = [];
    let sent = false;
    for (const group of parts.groups()) {
      page.push(...mergeQadAccounts(group));
      if (page.length < ACCOUNTS_PAGE_SIZE) continue;
      yield { records: page, invalid: sent ? [] : invalid };
      sent = true;
      page = [];
    }
    if (page.length > 0 || (!sent && invalid.length > 0))
      yield { records: page, invalid: sent ? [] : invalid };
  } finally {
    parts.close();
  }
}
