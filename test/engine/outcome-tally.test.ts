/**
 * The tally behind ml_connector_record_attempts_total and ml_connector_records_total, on both
 * store dialects: every audited outcome is an attempt; a record counts when it reaches a result,
 * and a refusal only when the record was not already refused with the same code — including the
 * orders flow's outcomes whose `state` overrides their action.
 */
import { expect, it } from 'vitest';
import { tallyOutcomes, type TalliedOutcome } from '../../src/engine/outcome-tally.js';
import { forEachDialect } from '../helpers/store.js';

const validation = { code: 'HUBSPOT_VALIDATION', message: 'bad' };

forEachDialect('outcome tally', (h) => {
  it('counts attempts and records apart, against the links before the batch', async () => {
    const store = h.store;
    await store.ensureConnection('acme', 0);
    await store.commitBatch({
      links: [
        { connection: 'acme', flow: 'orders', sourceKey: 'd1', state: 'failed', lastError: validation },
        {
          connection: 'acme',
          flow: 'orders',
          sourceKey: 'd2',
          state: 'failed',
          lastError: { code: 'ORDER_SUBMISSION_UNCONFIRMED', message: 'sent' },
        },
        { connection: 'acme', flow: 'orders', sourceKey: 'd3', state: 'quarantined', lastError: validation },
      ],
      events: [],
    });
    const outcomes: TalliedOutcome[] = [
      // already failed for the same code: a re-attempt only
      { sourceKey: 'd1', action: 'failed', state: 'failed', error: validation },
      // marked failed while in flight, then refused by QAD: a new failure
      { sourceKey: 'd2', action: 'failed', state: 'failed', error: { code: 'QAD_ORDER_REJECTED' } },
      // was quarantined, now fails for the same code: a new state, so a new failed record
      { sourceKey: 'd3', action: 'failed', state: 'failed', error: validation },
      // a write-back that failed: action updated, state failed → counted as failed
      { sourceKey: 'd4', action: 'updated', state: 'failed', error: { code: 'HUBSPOT_VALIDATION' } },
      // created; skipped leaving the link ok; unchanged (neither)
      { sourceKey: 'd5', action: 'created', state: 'ok' },
      { sourceKey: 'd6', action: 'skipped', state: 'ok' },
      { sourceKey: 'd7', action: 'unchanged', state: null },
    ];
    expect(await tallyOutcomes(store, 'acme', 'orders', outcomes)).toEqual({
      attempts: { failed: 4, created: 1, skipped: 1 },
      records: { failed: 3, created: 1 },
    });
  });

  it('reads nothing when no outcome is refused', async () => {
    const calls: string[][] = [];
    const store = {
      getLinks: (_c: string, _f: string, keys: readonly string[]) => {
        calls.push([...keys]);
        return h.store.getLinks('acme', 'orders', keys);
      },
    };
    const tally = await tallyOutcomes(store, 'acme', 'orders', [
      { sourceKey: 'x', action: 'updated', state: 'ok' },
    ]);
    expect(tally).toEqual({ attempts: { updated: 1 }, records: { updated: 1 } });
    expect(calls).toEqual([]);
  });
});
