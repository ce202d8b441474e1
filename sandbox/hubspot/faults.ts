/** Faults on demand: rules that make matching HubSpot requests fail in a chosen way. */

/** What a fault does to a matching request. */
export type FaultKind =
  '429' | '423' | '477' | '500' | '502' | '503' | '504' | 'reset' | 'slow' | 'truncated';

const KINDS: readonly FaultKind[] = [
  '429',
  '423',
  '477',
  '500',
  '502',
  '503',
  '504',
  'reset',
  'slow',
  'truncated',
];

/** One active rule (see README "Control API"). */
export interface FaultRule {
  id: string;
  kind: FaultKind;
  route?: string;
  method?: string;
  pathContains?: string;
  objectType?: string;
  /** Remaining firings; undefined = unlimited (probability-only rules). */
  remaining?: number;
  probability?: number;
  /** Matches still to let through before firing. */
  skip: number;
  retryAfterSec?: number;
  delayMs?: number;
  policyName?: string;
}

/** What the server knows about a request when faults are evaluated. */
export interface FaultTarget {
  method: string;
  /** `METHOD /template`. */
  route: string;
  path: string;
  objectType?: string | undefined;
}

/** Rejects a bad rule with a message for the control API's 400. */
export class FaultInputError extends Error {}

function optNum(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new FaultInputError(`${k} must be a number ≥ 0`);
  return v;
}

function optStr(o: Record<string, unknown>, k: string): string | undefined {
  const v = o[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new FaultInputError(`${k} must be a string`);
  return v;
}

/** Deterministic PRNG (mulberry32) so probabilistic faults repeat for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The active fault rules of a sandbox. */
export class FaultRegistry {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = prng(seed);
  }

  /** Removes every rule and restarts the PRNG. */
  clear(): void {
    this.rules = [];
    this.random = prng(this.seed);
  }

  /** Validates and adds one rule. */
  add(input: unknown): FaultRule {
    if (typeof input !== 'object' || input === null) throw new FaultInputError('a fault must be an object');
    const o = input as Record<string, unknown>;
    const kind = String(o['kind']) as FaultKind;
    if (!KINDS.includes(kind)) throw new FaultInputError(`kind must be one of ${KINDS.join(', ')}`);
    const probability = optNum(o, 'probability');
    if (probability !== undefined && probability > 1) throw new FaultInputError('probability must be ≤ 1');
    const count = optNum(o, 'count');
    const rule: FaultRule = { id: `f${this.nextId++}`, kind, skip: optNum(o, 'skip') ?? 0 };
    const remaining = count ?? (probability === undefined ? 1 : undefined);
    if (remaining !== undefined) rule.remaining = remaining;
    if (probability !== undefined) rule.probability = probability;
    for (const k of ['route', 'method', 'pathContains', 'objectType', 'policyName'] as const) {
      const v = optStr(o, k);
      if (v !== undefined) rule[k] = k === 'method' ? v.toUpperCase() : v;
    }
    const retryAfterSec = optNum(o, 'retryAfterSec');
    if (retryAfterSec !== undefined) rule.retryAfterSec = retryAfterSec;
    const delayMs = optNum(o, 'delayMs');
    if (delayMs !== undefined) rule.delayMs = delayMs;
    this.rules.push(rule);
    return rule;
  }

  /** The first rule that fires for this request (consuming one firing), or undefined. */
  fire(t: FaultTarget): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.remaining === 0) continue;
      if (r.route !== undefined && r.route !== t.route && `${t.method} ${r.route}` !== t.route) continue;
      if (r.method !== undefined && r.method !== t.method) continue;
      if (r.pathContains !== undefined && !t.path.includes(r.pathContains)) continue;
      if (r.objectType !== undefined && r.objectType !== t.objectType) continue;
      if (r.skip > 0) {
        r.skip--;
        continue;
      }
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      if (r.remaining !== undefined) r.remaining--;
      return r;
    }
    return undefined;
  }

  /** Active rules (for inspection). */
  list(): readonly FaultRule[] {
    return this.rules;
  }
}
