/**
 * Renders docs/configuration.md from the zod config schema itself (types, defaults, constraints and
 * the `.describe()` texts), so the reference cannot drift from what `config check` enforces.
 * Reads zod 4's schema definitions (`_zod.def`); a schema kind it does not know renders as `value`.
 */
import type { z } from 'zod';
import { appConfigSchema } from '../config/schema.js';
import { secretRefSchema } from '../config/secret-ref.js';
import { serviceUrlSchema } from '../config/url.js';

/** The parts of zod 4's internal definition this renderer reads. */
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  defaultValue?: unknown;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  options?: Schema[];
  entries?: Record<string, string>;
  values?: unknown[];
  checks?: { _zod: { def: CheckDef } }[];
  /** String formats (`z.iso.date()` …). */
  format?: string;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
}
interface Schema {
  _zod: { def: Def };
  description?: string;
}

/** A schema with its wrappers (optional/default/prefault/pipe) peeled off. */
interface Field {
  core: Schema;
  description: string | undefined;
  required: boolean;
  defaultValue: unknown;
  hasDefault: boolean;
  /** A named kind of value (secret reference, service URL) recognised by its schema definition. */
  named: string | undefined;
}

/** Shared schemas with a meaning beyond their type, recognised by definition identity. */
const NAMED: [Schema, string][] = [
  [secretRefSchema, 'secret reference: `env:NAME` or `vault:NAME`'],
  [serviceUrlSchema, 'URL: https (http only on loopback), no user:password@'],
];

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch']);

function unwrap(schema: Schema): Field {
  let s = schema;
  let description = s.description;
  let required = true;
  let hasDefault = false;
  let defaultValue: unknown;
  let named: string | undefined;
  for (;;) {
    const def = s._zod.def;
    named ??= NAMED.find(([known]) => known._zod.def === def)?.[1];
    if (def.type === 'optional') required = false;
    if ((def.type === 'default' || def.type === 'prefault') && !hasDefault) {
      required = false;
      hasDefault = true;
      defaultValue = def.defaultValue;
    }
    const next = WRAPPERS.has(def.type) ? def.innerType : def.type === 'pipe' ? def.in : undefined;
    if (next === undefined) break;
    s = next;
    description ??= s.description;
  }
  return { core: s, description, required, defaultValue, hasDefault, named };
}

function constraints(def: Def): string[] {
  const out: string[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'string_format' && c.format === 'regex' && c.pattern)
      out.push(`matches \`${c.pattern.source}\``);
    if (c.check === 'greater_than' && c.value !== undefined)
      out.push(`${c.inclusive ? '≥' : '>'} ${c.value}`);
    if (c.check === 'less_than' && c.value !== undefined) out.push(`${c.inclusive ? '≤' : '<'} ${c.value}`);
    if (c.check === 'max_length' && c.maximum !== undefined) out.push(`at most ${c.maximum} characters`);
  }
  return out;
}

const STRING_FORMATS: Record<string, string> = {
  date: 'ISO date (`2026-11-27`)',
  datetime: 'ISO date-time (`2026-11-27T09:00:00Z`)',
  url: 'URL',
  email: 'e-mail address',
};

/** A short type expression for a (wrapper-free) schema. */
function typeOf(schema: Schema): string {
  const def = schema._zod.def;
  const extra = constraints(def);
  const withExtra = (base: string): string => (extra.length > 0 ? `${base}, ${extra.join(', ')}` : base);
  switch (def.type) {
    case 'string':
      return withExtra(
        def.format !== undefined ? (STRING_FORMATS[def.format] ?? `string (${def.format})`) : 'string',
      );
    case 'number': {
      const int = def.checks?.some((c) => c._zod.def.check === 'number_format');
      return withExtra(int === true ? 'integer' : 'number');
    }
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'enum':
      return Object.values(def.entries ?? {})
        .map((v) => `\`${v}\``)
        .join(' | ');
    case 'literal':
      return (def.values ?? []).map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
    case 'array':
      return def.element ? `list of ${typeOf(unwrap(def.element).core)}` : 'list';
    case 'record':
      return def.valueType ? `map: property name → ${typeOf(unwrap(def.valueType).core)}` : 'map';
    case 'union':
      return [...new Set((def.options ?? []).map((o) => typeOf(unwrap(o).core)))].join(' | ');
    case 'object': {
      const keys = Object.entries(def.shape ?? {}).map(([k, v]) => (unwrap(v).required ? k : `${k}?`));
      return `{ ${keys.join(', ')} }`;
    }
    default:
      return 'value';
  }
}

function defaultText(field: Field): string {
  if (!field.hasDefault) return field.required ? '**required**' : '—';
  const value = field.defaultValue;
  if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) {
    if (Array.isArray(value)) return '`[]`';
    return field.core._zod.def.type === 'record' ? '`{}` (the default mapping)' : 'defaults below';
  }
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Object schemas reachable from a field: itself, or the element of a list of objects. */
function childObject(field: Field): { schema: Schema; suffix: string } | null {
  const def = field.core._zod.def;
  if (def.type === 'object') return { schema: field.core, suffix: '' };
  if (def.type === 'array' && def.element) {
    const element = unwrap(def.element).core;
    if (element._zod.def.type === 'object') return { schema: element, suffix: '[]' };
  }
  return null;
}

const TOP = 'top level';

function renderObject(
  pathName: string,
  schema: Schema,
  description: string | undefined,
  out: string[],
): void {
  out.push(pathName === TOP ? '## Top level' : `## \`${pathName}\``, '');
  if (description) out.push(description, '');
  out.push('| Key | Type | Default | Description |', '| --- | --- | --- | --- |');
  const nested: { path: string; schema: Schema; description: string | undefined }[] = [];
  for (const [key, child] of Object.entries(schema._zod.def.shape ?? {})) {
    const field = unwrap(child);
    const obj = childObject(field);
    const childPath = pathName === TOP ? key : `${pathName}.${key}`;
    const type = obj
      ? `${obj.suffix === '' ? 'object' : 'list of objects'} — see \`${childPath}${obj.suffix}\``
      : (field.named ?? typeOf(field.core));
    out.push(`| \`${key}\` | ${cell(type)} | ${defaultText(field)} | ${cell(field.description ?? '')} |`);
    if (obj)
      nested.push({ path: `${childPath}${obj.suffix}`, schema: obj.schema, description: field.description });
  }
  out.push('');
  for (const n of nested) renderObject(n.path, n.schema, n.description, out);
}

/** The whole Markdown document for a config schema (default: the app's). */
export function renderConfigDoc(schema: z.ZodType = appConfigSchema): string {
  const out = [
    '# Configuration reference (`ml-connector.yaml`)',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'The config file is YAML, found at `--config <path>`, else `$ML_CONNECTOR_CONFIG`, else `./ml-connector.yaml`.',
    'Every object is strict: an unknown key is an error, reported with its path (for example',
    '`connections[0].qad.baseUrl: must be an https URL (http is allowed only on loopback)`). Check a file with',
    '`ml-connector config check`. Secrets are never written in the file: fields that hold one take a reference,',
    '`env:NAME` (an environment variable) or `vault:NAME` (stored encrypted by `ml-connector connect hubspot|qad|change-events`).',
    'Relative paths are relative to the config file. *Default* **required** means the key must be present;',
    '"—" means optional without a default.',
    '',
  ];
  const top = unwrap(schema);
  renderObject(TOP, top.core, top.description, out);
  return `${out.join('\n').trimEnd()}\n`;
}
