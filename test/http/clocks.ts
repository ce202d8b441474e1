/** Test clocks for the HTTP layer: real time, but sleeps recorded and shortened. */
import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';

/** Real `nowMs`; `sleep` records the requested ms and resolves after `realMs` (default 0). */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private readonly realMs = 0) {}
  nowMs(): number {
    return Date.now();
  }
  now(): Date {
    return new Date();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return systemClock.sleep(Math.min(ms, this.realMs), signal);
  }
}
