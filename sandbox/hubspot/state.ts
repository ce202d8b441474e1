/** The whole portal a sandbox serves: config, records, properties, pipelines, associations, limits. */
import { AssociationStore } from './associations.js';
import { FaultRegistry, prng } from './faults.js';
import type { LivedInTruth } from './lived-in-truth.js';
import { OBJECT_TYPE_NAMES } from './object-types.js';
import type { SandboxConfig } from './options.js';
import { PipelineRegistry } from './pipelines.js';
import { PropertyRegistry } from './properties.js';
import { RateLimiter } from './rate-limiter.js';
import { Stats } from './stats.js';
import { RecordStore } from './store.js';
import { ValidationRules } from './validation-rules.js';
import { ChangeEvents } from './webhooks.js';

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
  /** Project apps: client id → client secret (client-credentials tokens). */
  readonly apps = new Map<string, string>();
  /** Seed refs (`ref` → id) from `/_sandbox/seed`. */
  readonly refs = new Map<string, string>();
  /** Webhook deliveries and the journal (README.md, "Change events"). */
  readonly events: ChangeEvents;
  /** Seeded PRNG of the search-visibility jitter. */
  private jitter: () => number;
  offsetMs = 0;
  /** Ground truth of the lived-in portal built by `/_sandbox/lived-in` (until the next reset). */
  livedIn: LivedInTruth | undefined;

  constructor(
    readonly config: SandboxConfig,
    private readonly clock: () => number,
  ) {
    this.faults = new FaultRegistry(config.randomSeed);
    this.limiter = new RateLimiter(() => this.config.rateLimit, config.timeZone);
    this.events = new ChangeEvents(
      () => this.config.portalId,
      () => this.now(),
    );
    this.jitter = prng(config.randomSeed);
  }

  /** When search sees a write made at `nowMs`: the indexing lag plus a random 0–jitter ms. */
  visibleAt(nowMs: number): number {
    const jitter =
      this.config.indexingJitterMs > 0 ? Math.floor(this.jitter() * this.config.indexingJitterMs) : 0;
    return nowMs + this.config.indexingLagMs + jitter;
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
    this.events.reset();
    this.jitter = prng(this.config.randomSeed);
    this.offsetMs = 0;
    this.livedIn = undefined;
  }

  /** Makes sure every unique property has an index (after a property was created). */
  syncUniqueIndexes(): void {
    for (const t of OBJECT_TYPE_NAMES)
      for (const name of this.properties.uniqueNames(t)) this.records.of(t).ensureUniqueIndex(name);
  }
}
