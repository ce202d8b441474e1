/** Events the HTTP layer publishes (stable names; payloads never carry secrets). */
import type { HttpSystem, RateBucket } from './types.js';

declare module '../core/events.js' {
  interface EventMap {
    /** One attempt finished. `status` is 0 when no response arrived; `route` is the path without query. */
    'http.request': {
      system: HttpSystem;
      method: string;
      route: string;
      status: number;
      durationMs: number;
      attempt: number;
      /** Error code when the attempt failed without a usable response. */
      error?: string;
    };
    /** A failed attempt will be repeated after `delayMs`. */
    'retry.scheduled': {
      system: HttpSystem;
      reason: string;
      delayMs: number;
      attempt: number;
      route: string;
    };
    /** The limiter holds requests of `bucket` back for `delayMs` (window full or server asked to wait). */
    'ratelimit.wait': { bucket: RateBucket; delayMs: number };
  }
}

export {};
