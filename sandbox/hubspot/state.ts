/** The whole portal a sandbox serves: config, records, properties, pipelines, associations, limits. */
import { AssociationStore } from './associations.js';
import { FaultRegistry } from './faults.js';
import type { LivedInTruth } from './lived-in-truth.js';
import { OBJECT_TYPE_NAMES } from './object-types.js';
import type { SandboxConfig } from './options.js';
import { PipelineRegistry } from './pipelines.js';
import { PropertyRegistry } from './properties.js';
import { RateLimiter } from './rate-limiter.js';
import { Stats } from './stats.js';
import { RecordStore } from './store.js';
import { ValidationRules } from './validation-rules.js';

/** Mutable state shared by every handler of one sandbox. */
export class PortalState {
  readonly records = new RecordStore();
  readonly properties = new PropertyRegistry();
  readonly pipelines = new PipelineRegistry();
  readonly associations = new AssociationStore();
  /** Admin-configured validation rules (control API). */
  readonly rules = new ValidationRules();
  readonly stats = new Stats();
  readonly faults: FaultRegistry;
  readonly limiter: RateLimiter;
  readonly tokens = new Map<string, readonly string[]>();
  /** Seed refs (`ref` → id) from `/_sandbox/seed`. */
  readonly refs = new Map<string, string>();
  offsetMs = 0;
  /** Ground truth of the lived-in portal built by `/_sandbox/lived-in` (until the next reset). */
  livedIn: LivedInTruth | undefined;

  constructor(
    readonly config: SandboxConfig,
    private readonly clock: () => number,
  ) {
    this.faults = new FaultRegistry(config.randomSeed);
    this.limiter = new RateLimiter(() => this.config.rateLimit, config.timeZone);
  }

  /** The sandbox's current time in epoch ms (clock + offset). */
  now(): number {
    return this.clock() + this.offsetMs;
  }

  /** Back to the start state; tokens are kept. */
  reset(): void {
    this.records.reset();
    this.properties.reset();
    this.pipelines.reset();
    this.associations.reset();
    this.rules.clear();
    this.stats.reset();
    this.faults.clear();
    this.limiter.reset();
    this.refs.clear();
    this.offsetMs = 0;
    this.livedIn = undefined;
  }

  /** Makes sure every unique property has an index (after a property was created). */
  syncUniqueIndexes(): void {
    for (const t of OBJECT_TYPE_NAMES)
      for (const name of this.properties.uniqueNames(t)) this.records.of(t).ensureUniqueIndex(name);
  }
}
