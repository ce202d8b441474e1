/**
 * Property bootstrap and mapping check (run start). The connector owns a `qad` property group per
 * object type holding the unique upsert keys and the other `qad_*` properties its default mappings
 * and the orders flow use. Creation is idempotent and cached per process; the mapping check then
 * compares every mapped property with HubSpot's definition and fails the run BEFORE any write
 * with one message listing every mismatch.
 */
import { ConfigError } from '../core/errors.js';
import type { EngineHubSpot, HsPropertyDef } from './clients.js';
import type { MappingRule, ResolvedMapping } from './mapping.js';
import type { PropertyShape } from './sanitize.js';

export type QadObjectType = 'companies' | 'contacts' | 'products' | 'deals';

const text = (name: string, label: string, unique = false): HsPropertyDef => ({
  name,
  label,
  type: 'string',
  fieldType: 'text',
  groupName: 'qad',
  ...(unique ? { hasUniqueValue: true } : {}),
});
const options = (values: string[]): NonNullable<HsPropertyDef['options']> =>
  values.map((value, i) => ({ label: value[0]?.toUpperCase() + value.slice(1), value, displayOrder: i }));

/** Every property the connector creates, per object type. Unique keys are created first. */
export const QAD_PROPERTIES: Record<QadObjectType, HsPropertyDef[]> = {
  companies: [
    text('qad_account_key', 'QAD account key', true),
    text('qad_customer_code', 'QAD customer code'),
    text('qad_supplier_code', 'QAD supplier code'),
    {
      name: 'qad_account_roles',
      label: 'QAD account roles',
      type: 'enumeration',
      fieldType: 'checkbox',
      groupName: 'qad',
      options: options(['customer', 'supplier']),
    },
    {
      name: 'qad_status',
      label: 'QAD status',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'qad',
      options: options(['active', 'inactive']),
    },
    text('qad_domain', 'QAD domain'),
  ],
  contacts: [text('qad_contact_key', 'QAD contact key', true), text('qad_account_key', 'QAD account key')],
  products: [
    text('qad_item_key', 'QAD item key', true),
    text('qad_uom', 'QAD unit of measure'),
    text('qad_product_line', 'QAD product line'),
    text('qad_domain', 'QAD domain'),
  ],
  deals: [
    text('qad_order_number', 'QAD order number'),
    {
      name: 'qad_sync_status',
      label: 'QAD sync status',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'qad',
      options: options(['pending', 'synced', 'error']),
    },
    {
      name: 'qad_sync_error',
      label: 'QAD sync error',
      type: 'string',
      fieldType: 'textarea',
      groupName: 'qad',
    },
  ],
};

const bootstrapped = new Set<string>();

/**
 * Ensures the `qad` group and properties exist for `types` (once per process per portal and
 * type; `portalKey` identifies the portal, e.g. `${baseUrl}#${hubId}`).
 */
export async function bootstrapProperties(
  hubspot: EngineHubSpot,
  portalKey: string,
  types: readonly QadObjectType[],
): Promise<void> {
  for (const type of types) {
    const cacheKey = `${portalKey}|${type}`;
    if (bootstrapped.has(cacheKey)) continue;
    await hubspot.ensurePropertyGroup(type, 'qad', 'QAD');
    await hubspot.ensureProperties(type, QAD_PROPERTIES[type]);
    bootstrapped.add(cacheKey);
  }
}

/** Forgets the bootstrap cache (tests that reset a sandbox). */
export function resetPropertyBootstrapCache(): void {
  bootstrapped.clear();
}

const COMPATIBLE: Record<string, readonly string[]> = {
  number: ['number'],
  date: ['date', 'datetime'],
  boolean: ['bool', 'enumeration'],
};

/**
 * Checks a resolved mapping against HubSpot's property definitions and returns the shapes used to
 * validate values per record. Throws HUBSPOT_PROPERTY_MISMATCH listing every problem: a missing
 * property, an incompatible type, a constant that is not an enumeration option, or an upsert key
 * without unique values. In dry-run, `pending` names properties the bootstrap would create.
 */
export function checkMapping(
  objectType: QadObjectType,
  mapping: ResolvedMapping,
  idProperty: string,
  defs: readonly HsPropertyDef[],
  pending: readonly HsPropertyDef[] = [],
): Map<string, PropertyShape> {
  const byName = new Map<string, HsPropertyDef>(pending.map((d) => [d.name, d]));
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
