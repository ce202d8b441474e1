/**
 * What went wrong on the way while one order was submitted — lost or failed QAD answers, retries,
 * re-logins, an order found already committed or resumed — so the audit row of the deal shows the
 * faults its order survived (issue 8: faults visible in the audit trail). Read from the events the
 * HTTP layer and the QAD connector publish; nothing secret is in them.
 */
import type { EventBus } from '../../core/events.js';

/** Starts collecting; `stop()` ends it and returns the faults seen (empty when none). */
export function collectSubmissionFaults(events: EventBus): { stop(): string[] } {
  const faults: string[] = [];
  const off = events.onAny((name, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (name === 'http.request' && p['system'] === 'qad') {
      const status = typeof p['status'] === 'number' ? p['status'] : 0;
      if (typeof p['error'] === 'string' || status >= 400)
        faults.push(
          `${String(p['method'])} ${String(p['route'])}: ${typeof p['error'] === 'string' ? p['error'] : status}`,
        );
    } else if (name === 'qad.relogin') faults.push('QAD token rejected: re-login');
    else if (name === 'qad.order.already-exists')
      faults.push(`order already in QAD (${String(p['reason'])})`);
    else if (name === 'qad.order.resumed')
      faults.push(`order resumed: lines ${JSON.stringify(p['missingLines'])} added`);
  });
  return {
    stop() {
      off();
      return faults;
    },
  };
}
