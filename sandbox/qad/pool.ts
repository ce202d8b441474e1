/** A counting semaphore: at most `size` holders at once, the rest wait in FIFO order (QXtend connection pool). */
export class Pool {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(public size: number) {}

  /** Number of requests waiting for a slot. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `task` inside a slot. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.size) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active -= 1;
    }
  }

  /** Changes the size; waiting requests are admitted when it grows. */
  resize(size: number): void {
    this.size = Math.max(1, size);
    while (this.#active < this.size && this.#waiting.length > 0) {
      this.#active += 1;
      this.#waiting.shift()?.();
    }
  }
}
