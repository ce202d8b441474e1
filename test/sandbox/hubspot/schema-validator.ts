/**
 * A small JSON-Schema subset validator for OpenAPI 3 response schemas: type, nullable, required,
 * properties, additionalProperties, items, $ref (local), allOf/oneOf/anyOf, enum, date-time format.
 * Returns human-readable problems (empty = valid). Written for the HubSpot contract tests.
 */

/** A schema node (loosely typed: the specs are read from disk at test time). */
export type Schema = Record<string, unknown>;

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (!node || typeof node !== 'object') throw new Error(`unresolved $ref ${ref}`);
  return node as Schema;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Validates `value` against `schema`; `root` resolves `$ref`s. */
export function validate(schema: Schema, value: unknown, root: Schema, path = '$'): string[] {
  if (typeof schema['$ref'] === 'string')
    return validate(resolveRef(root, schema['$ref']), value, root, path);
  const errors: string[] = [];
  if (value === null) {
    if (schema['nullable'] === true || schema['type'] === 'null') return [];
    if (schema['type'] !== undefined || schema['properties'] !== undefined)
      return [`${path}: null is not allowed`];
  }
  if (Array.isArray(schema['allOf']))
    for (const s of schema['allOf'] as Schema[]) errors.push(...validate(s, value, root, path));
  if (Array.isArray(schema['anyOf'])) {
    const ok = (schema['anyOf'] as Schema[]).some((s) => validate(s, value, root, path).length === 0);
    if (!ok) errors.push(`${path}: matches none of anyOf`);
  }
  if (Array.isArray(schema['oneOf'])) {
    const n = (schema['oneOf'] as Schema[]).filter((s) => validate(s, value, root, path).length === 0).length;
    if (n !== 1) errors.push(`${path}: matches ${n} of oneOf (need exactly 1)`);
  }
  if (Array.isArray(schema['enum']) && !(schema['enum'] as unknown[]).includes(value))
    errors.push(`${path}: ${JSON.stringify(value)} not in enum ${JSON.stringify(schema['enum'])}`);
  const type = schema['type'];
  if (typeof type === 'string') {
    const actual = typeOf(value);
    const fits = actual === type || (type === 'number' && actual === 'integer');
    if (!fits) return [...errors, `${path}: expected ${type}, got ${actual}`];
  }
  if (typeof value === 'string' && schema['format'] === 'date-time' && Number.isNaN(Date.parse(value)))
    errors.push(`${path}: "${value}" is not a date-time`);
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of (schema['required'] as string[] | undefined) ?? [])
      if (!(r in obj)) errors.push(`${path}: missing required property "${r}"`);
    const props = (schema['properties'] as Record<string, Schema> | undefined) ?? {};
    for (const [k, v] of Object.entries(obj)) {
      const sub = props[k];
      if (sub) errors.push(...validate(sub, v, root, `${path}.${k}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unexpected property "${k}"`);
      else if (typeof schema['additionalProperties'] === 'object')
        errors.push(...validate(schema['additionalProperties'] as Schema, v, root, `${path}.${k}`));
    }
  }
  if (Array.isArray(value) && schema['items'] && typeof schema['items'] === 'object')
    value.forEach((item, i) =>
      errors.push(...validate(schema['items'] as Schema, item, root, `${path}[${i}]`)),
    );
  return errors;
}
