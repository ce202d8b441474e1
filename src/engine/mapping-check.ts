/**
 * The mapping check at run start: every mapped property is compared with the target's definition
 * of it, and the run fails BEFORE any write with one message listing every mismatch. On success
 * it returns the shapes (type, options) that values are validated against per record.
 */
import { ConfigError } from '../core/errors.js';
import type { MappingRule, ResolvedMapping } from './mapping.js';
import type { TargetProperty } from './ports.js';
import type { PropertyShape } from './sanitize.js';

const COMPATIBLE: Record<string, readonly string[]> = {
  number: ['number'],
  date: ['date', 'datetime'],
  boolean: ['bool', 'enumeration'],
};

/**
 * Checks a resolved mapping against the target's property definitions and returns the shapes
 * used to validate values per record. Throws HUBSPOT_PROPERTY_MISMATCH listing every problem: a
 * missing property, an incompatible type, a constant that is not an enumeration option, or an
 * upsert key without unique values. In dry-run, `pending` names properties the run would create
 * first.
 */
export function checkMapping(
  objectType: string,
  mapping: ResolvedMapping,
  idProperty: string,
  defs: readonly TargetProperty[],
  pending: readonly TargetProperty[] = [],
): Map<string, PropertyShape> {
  const byName = new Map<string, TargetProperty>(pending.map((d) => [d.name, d]));
  for (const d of defs) byName.set(d.name, d);
  const problems: string[] = [];
  const shapes = new Map<string, PropertyShape>();
  const key = byName.get(idProperty);
  if (!key) problems.push(`${objectType}.${idProperty}: the upsert key property does not exist`);
  else if (key.hasUniqueValue !== true) {
    problems.push(
      `${objectType}.${idProperty}: exists without unique values; archive it and let the connector recreate it`,
    );
  }
  for (const [property, rule] of mapping) {
    const def = byName.get(property);
    if (!def) {
      problems.push(`${objectType}.${property}: no such HubSpot property (mapped from ${describe(rule)})`);
      continue;
    }
    const shape: PropertyShape = { type: def.type };
    if (def.type === 'enumeration' && def.options) shape.options = def.options.map((o) => o.value);
    shapes.set(property, shape);
    if ('const' in rule) {
      if (shape.options) {
        const bad = rule.const.split(';').filter((v) => !shape.options?.includes(v));
        if (bad.length > 0) {
          problems.push(
            `${objectType}.${property}: constant ${JSON.stringify(rule.const)} is not an option (valid: ${shape.options.join(', ')})`,
          );
        }
      }
      if (def.type === 'number' && !/^-?\d+(\.\d+)?$/.test(rule.const)) {
        problems.push(`${objectType}.${property}: constant ${JSON.stringify(rule.const)} is not a number`);
      }
      continue;
    }
    const wanted = rule.transform ? COMPATIBLE[rule.transform] : undefined;
    if (wanted && !wanted.includes(def.type)) {
      problems.push(
        `${objectType}.${property}: is type ${def.type}, but the mapping's ${rule.transform ?? ''} transform needs ${wanted.join(' or ')}`,
      );
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      'HUBSPOT_PROPERTY_MISMATCH',
      `HubSpot properties do not fit the ${objectType} mapping:\n  ${problems.join('\n  ')}`,
      { details: { problems } },
    );
  }
  return shapes;
}

function describe(rule: MappingRule): string {
  return 'const' in rule ? `const ${JSON.stringify(rule.const)}` : `field ${rule.from}`;
}
