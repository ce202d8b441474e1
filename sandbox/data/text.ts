/** Small text helpers for generated names: ASCII slugs for e-mail domains and exact-length fills. */

/** An ASCII slug (a-z, 0-9, dashes) of `value`; `fallback` when nothing ASCII remains (e.g. CJK). */
export function asciiSlug(value: string, fallback: string): string {
  const slug = value
    .replace(/ß/g, 'ss')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length > 0 ? slug.slice(0, 30).replace(/-+$/, '') : fallback;
}

/**
 * Returns `value` filled (with `filler`) and cut to exactly `length` characters (code points),
 * never ending in a space, so "names at the field-length limit" are really at the limit.
 */
export function exactLength(value: string, length: number, filler: string): string {
  let chars = Array.from(value);
  while (chars.length < length) chars = chars.concat(Array.from(` ${filler}`));
  chars = chars.slice(0, length);
  if (chars[length - 1] === ' ') chars[length - 1] = '.';
  return chars.join('');
}

/** Left-pads a non-negative integer with zeros. */
export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
