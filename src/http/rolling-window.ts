/**
 * A rolling-window counter that tracks real requests, not refilled tokens. Each request holds a
 * slot from the moment it is sent until `windowMs` after its response arrived: the server saw the
 * request no later than we saw the answer, so counting from the response time can never put more
 * than `limit` arrivals into any server-side window, whatever the latency — and it lets the next
 * request go the instant the slot frees, which keeps throughput at the ceiling.
 */

interface Entry {
  sentMs: number;
  /** When the response (or failure) arrived; undefined while in flight. */
  doneMs: number | undefined;
}

/** Handle for one counted request. */
export interface WindowSlot {
  /** Marks the request finished at `nowMs`; its slot frees `windowMs` later. */
  done(nowMs: number): void;
  /** Removes the request entirely (it provably never left this process). */
  cancel(): void;
}

export class RollingWindow {
  #entries: Entry[] = [];
  #blockedUntilMs = 0;

  /**
   * @param limit requests allowed per window.
   * @param windowMs window length in ms.
   * @param slackMs extra ms a slot stays held, absorbing clock granularity at the boundary (default 2).
   */
  constructor(
    public limit: number,
    public windowMs: number,
    public slackMs = 2,
  ) {}

  /** Requests counted against the window at `nowMs` (in flight, or answered within the window). */
  used(nowMs: number): number {
    this.#prune(nowMs);
    return this.#live(nowMs).length;
  }

  /** Ms until one more request may be sent: 0 = now; undefined = only when an in-flight one finishes. */
  waitMs(nowMs: number): number | undefined {
    this.#prune(nowMs);
    const blockedMs = Math.max(0, this.#blockedUntilMs - nowMs);
    const live = this.#live(nowMs);
    const excess = live.length - this.limit + 1;
    if (excess <= 0) return blockedMs;
    const done = live
      .filter((e) => e.doneMs !== undefined)
      .map((e) => this.#expiresAt(e))
      .sort((a, b) => a - b);
    const freeAt = done[excess - 1];
    return freeAt === undefined ? undefined : Math.max(1, blockedMs, freeAt - nowMs);
  }

  /** Counts a request sent at `nowMs`. */
  take(nowMs: number): WindowSlot {
    const entry: Entry = { sentMs: nowMs, doneMs: undefined };
    this.#entries.push(entry);
    return {
      done: (doneMs) => {
        if (entry.doneMs === undefined) entry.doneMs = doneMs;
      },
      cancel: () => {
        this.#entries = this.#entries.filter((e) => e !== entry);
      },
    };
  }

  /**
   * Requests the server might have counted when it answered a request sent at `sentMs`
   * (our upper bound): sent before `nowMs` and not expired before `sentMs`.
   */
  possiblyCountedBy(sentMs: number): number {
    return this.#entries.filter((e) => e.doneMs === undefined || e.doneMs + this.windowMs > sentMs).length;
  }

  /** Adds `count` requests someone else made, answered at `nowMs`: the server said fewer remain. */
  addForeign(count: number, nowMs: number): void {
    for (let i = 0; i < count; i += 1) this.#entries.push({ sentMs: nowMs, doneMs: nowMs });
  }

  /** Holds every request back until `untilMs` (after a 429 or 423). */
  blockUntil(untilMs: number): void {
    this.#blockedUntilMs = Math.max(this.#blockedUntilMs, untilMs);
  }

  #expiresAt(e: Entry): number {
    return (e.doneMs ?? Number.POSITIVE_INFINITY) + this.windowMs + this.slackMs;
  }

  #live(nowMs: number): Entry[] {
    return this.#entries.filter((e) => this.#expiresAt(e) > nowMs);
  }

  /** Keeps expired entries one extra window so `possiblyCountedBy` still sees them. */
  #prune(nowMs: number): void {
    if (this.#entries.length === 0) return;
    this.#entries = this.#entries.filter((e) => this.#expiresAt(e) + this.windowMs > nowMs);
  }
}
