/**
 * Mappings: which HubSpot property gets which source value. Each flow has a default table
 * (src/flows/<flow>/default-mapping.ts, rendered into the docs) that a connection overrides per
 * property in config (`mapping:` — a field name, `{from, transform, default}`, `{const}`, or null
 * to stop sending a property). Mapping one record returns ok or invalid (naming the field);
 * skipping is a flow decision.
 */
import type { CountryCodes } from '../core/country-codes.js';
import { ConfigError } from '../core/errors.js';
import type { MappingOverride } from './ports.js';
import { cleanValue, type PropertyShape } from './sanitize.js';
import {
  applyTransform,
  isTransformName,
  TransformError,
  TRANSFORMS,
  type TransformName,
} from './transforms.js';

/** How one HubSpot property gets its value. */
export type MappingRule =
  { from: string; transform?: TransformName; default?: string; required?: boolean } | { const: string };

/** One row of a flow's default mapping table (also the docs). */
export interface DefaultMappingRow {
  property: string;
  rule: MappingRule;
  /** One line for the docs: what the value means. */
  description: string;
}

/** A flow's default mapping plus the source fields a mapping may name. */
export interface MappingTable {
  /** Source fields (keys of the flow's record view) a mapping may read. */
  fields: readonly string[];
  rows: readonly DefaultMappingRow[];
}

/** The effective mapping of one connection and flow: property → rule, in table order. */
export type ResolvedMapping = ReadonlyMap<string, MappingRule>;

/**
 * Applies config overrides to a default table. Every problem (unknown field or transform, a
 * missing required key) is reported at once as MAPPING_INVALID naming the config path.
 * `locked` properties (the upsert key) cannot be overridden.
 */
export function resolveMapping(
  table: MappingTable,
  override: Readonly<Record<string, MappingOverride>> | undefined,
  opts: { flow: string; connection: string; locked?: readonly string[] },
): ResolvedMapping {
  const out = new Map<string, MappingRule>(table.rows.map((r) => [r.property, r.rule]));
  const problems: string[] = [];
  const path = (p: string): string => `connections[${opts.connection}].flows.${opts.flow}.mapping.${p}`;
  for (const [property, value] of Object.entries(override ?? {})) {
    if (opts.locked?.includes(property)) {
      problems.push(`${path(property)}: is the upsert key and cannot be remapped`);
      continue;
    }
    if (value === null) {
      out.delete(property);
      continue;
    }
    if (typeof value === 'string') {
      if (!table.fields.includes(value))
        problems.push(
          `${path(property)}: unknown field ${JSON.stringify(value)} (known: ${table.fields.join(', ')})`,
        );
      else out.set(property, { from: value });
      continue;
    }
    if ('const' in value) {
      out.set(property, { const: String(value.const) });
      continue;
    }
    if (!table.fields.includes(value.from)) {
      problems.push(
        `${path(property)}.from: unknown field ${JSON.stringify(value.from)} (known: ${table.fields.join(', ')})`,
      );
      continue;
    }
    if (value.transform !== undefined && !isTransformName(value.transform)) {
      problems.push(
        `${path(property)}.transform: unknown transform ${JSON.stringify(value.transform)} (known: ${TRANSFORMS.join(', ')})`,
      );
      continue;
    }
    const rule: MappingRule = { from: value.from };
    if (value.transform !== undefined) rule.transform = value.transform;
    if (value.default !== undefined) rule.default = value.default;
    out.set(property, rule);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      'MAPPING_INVALID',
      `mapping for ${opts.flow} is invalid:\n  ${problems.join('\n  ')}`,
      {
        details: { problems },
      },
    );
  }
  return out;
}

export type MapResult =
  | { status: 'ok'; properties: Record<string, string>; notes: string[] }
  | { status: 'invalid'; field: string; reason: string };

/** Turns a view value into HubSpot's string form; empty → undefined (property not sent). */
export function toHubSpotString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = value
      .map((v) => toHubSpotString(v))
      .filter((v): v is string => v !== undefined && v !== '');
    return parts.length === 0 ? undefined : parts.join(';');
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (value instanceof Date) return String(value.getTime());
  return JSON.stringify(value);
}

/**
 * Maps one record view. Values are transformed, then cleaned (control characters stripped,
 * overlong values truncated with a note, emails/enumerations/numbers validated against `shapes`).
 * Empty values are not sent. The first bad value makes the record invalid, naming the property
 * and the source field.
 */
export function applyMapping(
  view: Readonly<Record<string, unknown>>,
  mapping: ResolvedMapping,
  countries: CountryCodes,
  shapes?: ReadonlyMap<string, PropertyShape>,
): MapResult {
  const properties: Record<string, string> = {};
  const notes: string[] = [];
  for (const [property, rule] of mapping) {
    let value: string | undefined;
    let field = property;
    if ('const' in rule) {
      value = rule.const;
    } else {
      field = rule.from;
      value = toHubSpotString(view[rule.from]);
      if (value !== undefined && rule.transform !== undefined) {
        try {
          value = applyTransform(rule.transform, value, countries);
        } catch (error) {
          if (!(error instanceof TransformError)) throw error;
          return {
            status: 'invalid',
            field: rule.from,
            reason: `${property} (from ${rule.from}): ${error.message}`,
          };
        }
      }
      if ((value === undefined || value === '') && rule.default !== undefined) value = rule.default;
      if ((value === undefined || value === '') && rule.required === true) {
        return {
          status: 'invalid',
          field: rule.from,
          reason: `${property} (from ${rule.from}): required value is missing`,
        };
      }
    }
    if (value === undefined || value === '') continue;
    const cleaned = cleanValue(property, value, shapes?.get(property));
    if (!cleaned.ok)
      return {
        status: 'invalid',
        field,
        reason: `${cleaned.reason}${field === property ? '' : ` (from ${field})`}`,
      };
    notes.push(...cleaned.notes);
    if (cleaned.value !== '') properties[property] = cleaned.value;
  }
  return { status: 'ok', properties, notes };
}
