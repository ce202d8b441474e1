/**
 * Property groups and definitions (reference §5.3–§5.4): create what the mapping needs, verify
 * what exists, and fail with HUBSPOT_PROPERTY_MISMATCH naming every mismatch.
 */
import { ConfigError } from '../../core/errors.js';
import type { HubSpotObjectType, HubSpotPaths } from './paths.js';
import { okJson, unexpected, type HubSpotTransport } from './transport.js';
import type { HubSpotProperty, PropertyDefinition } from './types.js';

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
   * Creates missing properties and verifies existing ones (type, fieldType, uniqueness, options).
   * Returns the names created. Throws ConfigError HUBSPOT_PROPERTY_MISMATCH listing every mismatch.
   */
  async ensureProperties(type: HubSpotObjectType, defs: PropertyDefinition[]): Promise<string[]> {
    const existing = new Map((await this.getProperties(type)).map((p) => [p.name, p]));
    const mismatches: string[] = [];
    const created: string[] = [];
    for (const def of defs) {
      const have = existing.get(def.name);
      if (have === undefined) {
        const res = await this.t.call('POST', this.paths.properties(type), {
          body: { groupName: 'qad', ...def },
        });
        if (res.status === 409) {
          this.#cache.delete(type);
          const fresh = (await this.getProperties(type)).find((p) => p.name === def.name);
          if (fresh !== undefined) mismatches.push(...compare(type, def, fresh));
          continue;
        }
        if (res.status !== 201 && res.status !== 200) unexpected(res, 'POST');
        created.push(def.name);
        continue;
      }
      mismatches.push(...compare(type, def, have));
    }
    if (created.length > 0) this.#cache.delete(type);
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
