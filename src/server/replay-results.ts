/**
 * Results of replays started from the no-script form, kept briefly in memory so the page the form
 * redirects to can show them. The redirect carries only a random id, and a result is shown only
 * to the caller who replayed (their session, or Bearer callers), so no URL can make the
 * dashboard display text of someone else's choosing.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** What the banner shows. */
export interface ReplayFlash {
  text: string;
  bad: boolean;
}

interface Recorded extends ReplayFlash {
  owner: string;
  expiresAtMs: number;
}

/** Short-lived replay results by id (default: 10 minutes, at most 1000 kept). */
export class ReplayResults {
  readonly #results = new Map<string, Recorded>();
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 10 * 60 * 1000,
    private readonly maxKept = 1000,
  ) {}

  /** Records a result for `owner`; returns the id to put in the redirect. */
  record(owner: string, flash: ReplayFlash): string {
    this.#sweep();
    const id = randomBytes(16).toString('base64url');
    this.#results.set(id, { ...flash, owner, expiresAtMs: this.clock.nowMs() + this.ttlMs });
    while (this.#results.size > this.maxKept) {
      const oldest = this.#results.keys().next().value;
      if (oldest === undefined) break;
      this.#results.delete(oldest);
    }
    return id;
  }

  /** The result recorded under `id` for `owner`; undefined when unknown, expired or someone else's. */
  get(owner: string, id: string | null): ReplayFlash | undefined {
    if (id === null) return undefined;
    const found = this.#results.get(id);
    if (found === undefined || found.owner !== owner || found.expiresAtMs <= this.clock.nowMs())
      return undefined;
    return { text: found.text, bad: found.bad };
  }

  #sweep(): void {
    const nowMs = this.clock.nowMs();
    for (const [id, r] of this.#results) if (r.expiresAtMs <= nowMs) this.#results.delete(id);
  }
}
