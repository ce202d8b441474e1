/**
 * The qad-orders memory of lines written without a product (flows/qad-orders/line-products.ts), on
 * both store dialects: which remembered items the catalog has linked since (archived products do
 * not count), the cursor form and its bound, and the notes a write group gets. The whole path
 * through the CLI and both sandboxes is in test/e2e/qad-orders-cli.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { WriteItem } from '../../src/engine/sink.js';
import {
  formatUnlinked,
  linkedProductId,
  linkedSince,
  MAX_UNLINKED_ORDERS,
  mergeUnlinked,
  noteWithoutProduct,
  parseUnlinked,
  type UnlinkedItems,
} from '../../src/flows/qad-orders/line-products.js';
import { forEachDialect } from '../helpers/store.js';

const upsert = { op: 'upsert', properties: { name: 'x' }, context: {} };

forEachDialect('line products', (h) => {
  it('reads again the orders of remembered items the catalog linked since, not archived ones', async () => {
    await h.store.ensureConnection('acme', 0);
    await h.store.commitBatch({
      links: [
        {
          connection: 'acme',
          flow: 'catalog',
          sourceKey: '10USA/A',
          state: 'ok',
          targetId: '11',
          snapshot: upsert,
        },
        {
          connection: 'acme',
          flow: 'catalog',
          sourceKey: '10USA/B',
          state: 'ok',
          targetId: '12',
          snapshot: { op: 'archive', properties: {}, context: {} },
        },
        { connection: 'acme', flow: 'catalog', sourceKey: '10USA/C', state: 'quarantined' },
      ],
      events: [],
    });
    const remembered: UnlinkedItems = new Map([
      ['10USA/A', new Set(['SO1', 'SO2'])],
      ['10USA/B', new Set(['SO3'])],
      ['10USA/C', new Set(['SO4'])],
      ['10USA/D', new Set(['SO1'])],
    ]);
    const { orderNumbers, rest } = await linkedSince(h.store, 'acme', remembered);
    expect(orderNumbers.sort()).toEqual(['SO1', 'SO2']);
    expect([...rest.keys()].sort()).toEqual(['10USA/B', '10USA/C', '10USA/D']);
    const links = await h.store.getLinks('acme', 'catalog', ['10USA/A', '10USA/B', '10USA/C']);
    expect([...links.values()].map(linkedProductId).sort()).toEqual(['11', null, null]);
  });
});

describe('the cursor form of the memory', () => {
  it('round-trips, ignores anything malformed, and keeps at most MAX_UNLINKED_ORDERS order numbers', () => {
    const items: UnlinkedItems = new Map([
      ['10USA/B', new Set(['SO2', 'SO1'])],
      ['10USA/A', new Set(['SO9'])],
    ]);
    expect(formatUnlinked(items)).toEqual({ '10USA/A': ['SO9'], '10USA/B': ['SO1', 'SO2'] });
    expect(parseUnlinked(JSON.parse(JSON.stringify(formatUnlinked(items))))).toEqual(items);
    expect(parseUnlinked({ a: 'SO1', b: [1, 'SO2'], c: [] })).toEqual(new Map([['b', new Set(['SO2'])]]));
    expect(parseUnlinked(null).size).toBe(0);
    const many: UnlinkedItems = new Map(
      Array.from({ length: 3 }, (_, i) => [
        `10USA/I${i}`,
        new Set(Array.from({ length: MAX_UNLINKED_ORDERS / 2 }, (_, n) => `SO${n}`)),
      ]),
    );
    const kept = Object.values(formatUnlinked(many)).reduce((n, v) => n + v.length, 0);
    expect(kept).toBe(MAX_UNLINKED_ORDERS);
    const merged = mergeUnlinked(items, new Map([['10USA/A', new Set(['SO7'])]]));
    expect(merged.get('10USA/A')).toEqual(new Set(['SO9', 'SO7']));
    expect(items.get('10USA/A')).toEqual(new Set(['SO9']));
  });

  it('notes each line without a product once, with its item and order', () => {
    const item = (key: string, properties: Record<string, string>): WriteItem => ({
      key,
      op: 'upsert',
      properties,
      context: {},
      hash: 'h',
      link: undefined,
      notes: [],
    });
    const bare = item('10USA/SO1#1', { qad_item_code: 'A' });
    const linked = item('10USA/SO1#2', { qad_item_code: 'B', hs_product_id: '12' });
    const seen = new Set<string>();
    const into: UnlinkedItems = new Map();
    noteWithoutProduct([bare, linked], seen, into);
    noteWithoutProduct([bare], seen, into); // a group's remainder is screened again
    expect(into).toEqual(new Map([['10USA/A', new Set(['SO1'])]]));
    expect(bare.notes).toEqual([
      'QAD item A is not linked to a HubSpot product (catalog flow): written without hs_product_id',
    ]);
    expect(linked.notes).toEqual([]);
  });
});
