/**
 * A typed event bus. Tests and metrics subscribe to it; the logger mirrors it as JSON lines with
 * the same stable, dotted event names. Each area declares its own events by merging into
 * `EventMap` from its own file, so no shared file has to change:
 *
 *   declare module '../core/events.js' {
 *     interface EventMap { 'retry.scheduled': { attempt: number; delayMs: number } }
 *   }
 */
import { EventEmitter } from 'node:events';

export interface EventMap {
  /** The process was asked to stop (SIGINT/SIGTERM); long work finishes its batch and exits. */
  'process.stopping': { signal: string };
}

export type EventName = Extract<keyof EventMap, string>;
export type Listener<E extends EventName> = (payload: EventMap[E]) => void;

/** Synchronous, typed publish/subscribe. Listener errors never reach the publisher. */
export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.#emitter.listeners(event)) {
      try {
        (listener as Listener<E>)(payload);
      } catch {
        // a faulty subscriber must not break a sync
      }
    }
    for (const listener of this.#emitter.listeners('*')) {
      try {
        (listener as (name: string, payload: unknown) => void)(event, payload);
      } catch {
        // ditto
      }
    }
  }

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    this.#emitter.on(event, listener);
    return () => this.#emitter.off(event, listener);
  }

  /** Every event, with its name: for the logger and metrics. */
  onAny(listener: (event: string, payload: unknown) => void): () => void {
    this.#emitter.on('*', listener);
    return () => this.#emitter.off('*', listener);
  }

  /** Resolves on the next event of that name matching `predicate`: tests synchronise on this, never on sleeps. */
  once<E extends EventName>(
    event: E,
    predicate: (payload: EventMap[E]) => boolean = () => true,
  ): Promise<EventMap[E]> {
    return new Promise((resolve) => {
      const off = this.on(event, (payload) => {
        if (predicate(payload)) {
          off();
          resolve(payload);
        }
      });
    });
  }
}
