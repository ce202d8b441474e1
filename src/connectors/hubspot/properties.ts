/**
 * Property groups and definitions (sandbox/hubspot/vendor-facts.md: "Unique properties", "Property definitions and groups"): create what the mapping needs, verify
 * what exists, and fail with HUBSPOT_PROPERTY_MISMATCH naming every mismatch.
 */
import { ConfigError } from '../../core/errors.js';
import type { HubSpotObjectType, HubSpotPaths } from './paths.js';
import { okJson, unexpected, type HubSpotTransport } from './transport.js';
import type { HubSpotProperty, HubSpotStandardError, PropertyDefinition } from './types.js';

/** Property reads cached per client (one run). */
export class PropertyCatalog {
  readonly #cache = new Map<string, Promise<HubSpotProperty[]>>();

  constructor(
    private readonly t: HubSpotTransport,
    private readonly paths: HubSpotPaths,
  ) {}

  /** All properties of `type`, read once per run. */
  getProperties(type: HubSpotObjectType): Promise<HubSpotProperty[]> {
    let cached = this.#cache.get(type);
    if (cached === undefined) {
      cached = this.t
        .call('GET', this.paths.properties(type))
        .then((res) => okJson<{ results: HubSpotProperty[] }>(res, 'GET').results);
      cached.catch(() => this.#cache.delete(type));
      this.#cache.set(type, cached);
    }
    return cached;
  }

  /** Creates the group unless it exists (409 counts as existing). */
  async ensurePropertyGroup(type: HubSpotObjectType, name: string, label: string): Promise<void> {
    const groups = okJson<{ results: { name: string }[] }>(
      await this.t.call('GET', `${this.paths.properties(type)}/groups`),
      'GET',
    );
    if (groups.results.some((g) => g.name === name)) return;
    const res = await this.t.call('POST', `${this.paths.properties(type)}/groups`, { body: { name, label } });
    if (res.status !== 201 && res.status !== 200 && res.status !== 409) unexpected(res, 'POST');
  }

  /**
   * Creates missing properties (one batch call per object type) and verifies existing ones (type,
   * fieldType, uniqueness, options). Returns the names created. Throws ConfigError
   * HUBSPOT_PROPERTY_MISMATCH listing every mismatch.
   */
  async ensureProperties(type: HubSpotObjectType, defs: PropertyDefinition[]): Promise<string[]> {
    const existing = new Map((await this.getProperties(type)).map((p) => [p.name, p]));
    const mismatches: string[] = [];
    for (const def of defs) {
      const have = existing.get(def.name);
      if (have !== undefined) mismatches.push(...compare(type, def, have));
    }
    const missing = defs.filter((def) => !existing.has(def.name));
    const created: string[] = [];
    if (missing.length > 0) {
      const res = await this.t.call('POST', `${this.paths.properties(type)}/batch/create`, {
        body: { inputs: missing.map(propertyCreateInput) },
      });
      const body = okJson<{ results?: HubSpotProperty[]; errors?: HubSpotStandardError[] }>(res, 'POST');
      const made = new Map((body.results ?? []).map((p) => [p.name, p]));
      created.push(...missing.filter((def) => made.has(def.name)).map((def) => def.name));
      // keep the cache current without a second read, unless something was refused (e.g. it
      // exists after all, created concurrently): then read again and verify what is there
      this.#cache.set(type, Promise.resolve([...existing.values(), ...made.values()]));
      const refused = missing.filter((def) => !made.has(def.name));
      if (refused.length > 0) {
        this.#cache.delete(type);
        const now = new Map((await this.getProperties(type)).map((p) => [p.name, p]));
        for (const def of refused) {
          const have = now.get(def.name);
          if (have !== undefined) mismatches.push(...compare(type, def, have));
          else {
            const why = (body.errors ?? []).find((e) => (e.context?.['name'] ?? []).includes(def.name));
            mismatches.push(
              `${type}.${def.name} could not be created: ${why?.message ?? 'HubSpot gave no reason'}`,
            );
          }
        }
      }
    }
    if (mismatches.length > 0) {
      throw new ConfigError(
        'HUBSPOT_PROPERTY_MISMATCH',
        `HubSpot ${type} properties do not match the mapping: ${mismatches.join('; ')}`,
        {
          details: { objectType: type, mismatches },
        },
      );
    }
    return created;
  }
}

/**
 * The `PropertyCreate` input of a definition: group `qad` unless named, and every option complete
 * — the specs' `OptionInput` requires `displayOrder` and `hidden` (default: its position, shown).
 */
export function propertyCreateInput(def: PropertyDefinition): PropertyDefinition {
  const input: PropertyDefinition = { groupName: 'qad', ...def };
  if (def.options !== undefined)
    input.options = def.options.map((o, i) => ({
      ...o,
      displayOrder: o.displayOrder ?? i,
      hidden: o.hidden ?? false,
    }));
  return input;
}

/** Human-readable differences between what the mapping needs and what HubSpot has. */
export function compare(type: string, want: PropertyDefinition, have: HubSpotProperty): string[] {
  const out: string[] = [];
  const at = `${type}.${want.name}`;
  if (have.type !== want.type) out.push(`${at} has type ${have.type}, expected ${want.type}`);
  if (have.fieldType !== want.fieldType)
    out.push(`${at} has fieldType ${have.fieldType}, expected ${want.fieldType}`);
  if ((want.hasUniqueValue ?? false) && have.hasUniqueValue !== true)
    out.push(`${at} is not unique (hasUniqueValue must be true; it cannot be changed — recreate it)`);
  const haveValues = new Set((have.options ?? []).map((o) => o.value));
  const missing = (want.options ?? []).map((o) => o.value).filter((v) => !haveValues.has(v));
  if (missing.length > 0)
    out.push(`${at} lacks option${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
  return out;
}
