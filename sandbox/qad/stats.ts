/** Request counters by route (`METHOD /path`) and status (or `reset`), for test assertions. */
export class RequestStats {
  #routes = new Map<string, Map<string, number>>();
  #total = 0;

  record(method: string, pathname: string, outcome: number | 'reset'): void {
    const route = `${method} ${pathname}`;
    let byStatus = this.#routes.get(route);
    if (!byStatus) {
      byStatus = new Map();
      this.#routes.set(route, byStatus);
    }
    const key = String(outcome);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    this.#total += 1;
  }

  reset(): void {
    this.#routes.clear();
    this.#total = 0;
  }

  /** `{ total, routes: { "POST /clouderp/...": { "200": 3 } } }` */
  snapshot(): { total: number; routes: Record<string, Record<string, number>> } {
    const routes: Record<string, Record<string, number>> = {};
    for (const [route, byStatus] of this.#routes) routes[route] = Object.fromEntries(byStatus);
    return { total: this.#total, routes };
  }
}
