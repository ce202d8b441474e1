/**
 * Faults on demand: latency, an injected HTTP status, a connection reset, or a response lost
 * after the write committed. Per route (method + path or path prefix), by count, skip and
 * seeded probability.
 */
import { mulberry32 } from '../data/index.js';

/** What a fault does. */
export type FaultKind = 'latency' | 'status' | 'reset' | 'lostResponse';

/** A fault as posted to `/_sandbox/faults`. */
export interface FaultSpec {
  method?: string;
  /** Pathname relative to the base path, or absolute; a trailing `*` matches a prefix. */
  path: string;
  kind: FaultKind;
  latencyMs?: number;
  status?: number;
  /** Fire at most this many times (default unlimited). */
  count?: number;
  /** Let this many matching requests pass first (default 0). */
  skip?: number;
  /** Chance of firing per matching request, 0..1 (default 1). */
  probability?: number;
  /** Seed of the probability draws (default 1). */
  seed?: number;
}

interface ActiveFault extends FaultSpec {
  id: string;
  fired: number;
  seen: number;
  random: () => number;
}

const KINDS: readonly FaultKind[] = ['latency', 'status', 'reset', 'lostResponse'];

/** Validates a posted fault spec; returns an error message when invalid. */
export function validateFault(value: Record<string, unknown>): FaultSpec | string {
  if (typeof value.path !== 'string' || value.path === '') return 'path is required';
  if (typeof value.kind !== 'string' || !KINDS.includes(value.kind as FaultKind))
    return `kind must be one of ${KINDS.join(', ')}`;
  const numbers = ['latencyMs', 'status', 'count', 'skip', 'probability', 'seed'] as const;
  for (const key of numbers)
    if (value[key] !== undefined && typeof value[key] !== 'number') return `${key} must be a number`;
  if (value.method !== undefined && typeof value.method !== 'string') return 'method must be a string';
  return value as unknown as FaultSpec;
}

/** The set of active faults of one sandbox. */
export class FaultRegistry {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  constructor(private readonly basePath: string) {}

  add(spec: FaultSpec): string {
    const id = `f${this.#nextId++}`;
    this.#faults.push({ ...spec, id, fired: 0, seen: 0, random: mulberry32(spec.seed ?? 1) });
    return id;
  }

  clear(): void {
    this.#faults = [];
  }

  list(): Record<string, unknown>[] {
    return this.#faults.map(({ random: _random, ...rest }) => rest);
  }

  /** The fault that fires for this request, if any (counts are consumed here). */
  match(method: string, pathname: string): ActiveFault | undefined {
    for (const fault of this.#faults) {
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
      if (!this.#pathMatches(fault.path, pathname)) continue;
      if (fault.count !== undefined && fault.fired >= fault.count) continue;
      fault.seen += 1;
      if (fault.seen <= (fault.skip ?? 0)) continue;
      if (fault.random() >= (fault.probability ?? 1)) continue;
      fault.fired += 1;
      return fault;
    }
    return undefined;
  }

  #pathMatches(pattern: string, pathname: string): boolean {
    const candidates = [pattern, pattern.startsWith(this.basePath) ? pattern : `${this.basePath}${pattern}`];
    return candidates.some((p) => (p.endsWith('*') ? pathname.startsWith(p.slice(0, -1)) : pathname === p));
  }
}
