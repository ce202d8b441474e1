/** Request statistics for `/_sandbox/stats`: counts per route template and status. */
import type { ObjectType } from './object-types.js';

/** Per-object-type request counts. */
export interface TypeCounts {
  reads: number;
  writes: number;
  searches: number;
}

/** Counters of one sandbox. */
export class Stats {
  requests: Record<string, Record<string, number>> = {};
  byType: Partial<Record<ObjectType, TypeCounts>> = {};
  total = 0;
  rateLimited = 0;
  writeCalls = 0;
  searchCalls = 0;

  /** Clears every counter. */
  reset(): void {
    this.requests = {};
    this.byType = {};
    this.total = 0;
    this.rateLimited = 0;
    this.writeCalls = 0;
    this.searchCalls = 0;
  }

  /** Records one finished HubSpot request. */
  record(
    route: string,
    status: number | string,
    kind: 'read' | 'write' | 'search',
    type: ObjectType | undefined,
  ): void {
    const r = (this.requests[route] ??= {});
    r[String(status)] = (r[String(status)] ?? 0) + 1;
    this.total++;
    if (status === 429) this.rateLimited++;
    if (kind === 'write') this.writeCalls++;
    if (kind === 'search') this.searchCalls++;
    if (type) {
      const c = (this.byType[type] ??= { reads: 0, writes: 0, searches: 0 });
      if (kind === 'write') c.writes++;
      else if (kind === 'search') c.searches++;
      else c.reads++;
    }
  }
}
