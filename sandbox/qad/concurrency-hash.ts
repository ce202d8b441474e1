/** The document concurrency hash: a digest of the content (not the stamps), so an identical update keeps it. */
import { createHash } from 'node:crypto';

const STAMP_FIELDS = new Set(['lastModifiedDate', 'lastModifiedTime', 'lastModifiedUser', 'concurrencyHash']);

/** 16 hex characters derived from every non-stamp field of `doc`. */
export function concurrencyHash(doc: Record<string, unknown>): string {
  const content = Object.keys(doc)
    .filter((k) => !STAMP_FIELDS.has(k))
    .sort()
    .map((k) => [k, doc[k]]);
  return createHash('sha1').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
