/**
 * Content hashing (docs/architecture.md: "Content hash"): a payload whose hash equals the link's stored hash is not
 * written again, so a re-run with nothing changed makes zero write calls.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; `undefined` members are dropped. Stable across runs. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return value === undefined ? 'null' : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  // hot path (once per record per run): no intermediate arrays beyond the sorted keys;
  // the default sort orders by UTF-16 code units, as `<` does
  const object = value as Record<string, unknown>;
  let out = '';
  for (const key of Object.keys(object).sort()) {
    const member = object[key];
    if (member === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `{${out}}`;
}

/** sha256 (hex) of the canonical JSON of `value` — the content hash stored on links. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
