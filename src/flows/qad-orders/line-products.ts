/**
 * Which HubSpot product a qad-orders line item points at (`hs_product_id`), and which lines must be
 * read again when their item gets linked later.
 *
 * A line's product is the catalog flow's link of its QAD item (`<domain>/<item code>`, the key
 * behind `qad_item_key`). A line whose item is not linked is written without a product and
 * remembered in the flow's cursor (`unlinked`: item key → order numbers). QAD does not restamp the
 * line when the catalog links its item later, so the day cursor alone would never read it again:
 * each run asks the ledger which remembered items are linked now and reads their orders' lines
 * again by number; the product id is part of the line's hash, so each such line is updated once.
 * The memory is bounded (`MAX_UNLINKED_ORDERS`); past it `sync qad-orders --full` catches up.
 */
import type { RecordLink, Store } from '../../core/store-port.js';
import { payloadOfSnapshot } from '../../engine/snapshot.js';
import type { WriteItem } from '../../engine/sink.js';

/** Order numbers remembered for unlinked items, at most (the cursor stays small). */
export const MAX_UNLINKED_ORDERS = 5_000;

/** Item key → order numbers whose lines were written without that item's product. */
export type UnlinkedItems = Map<string, Set<string>>;

/** The catalog flow's key of a line's QAD item: `<domain>/<item code>`, the domain the order's. */
export function itemKeyOf(line: { orderKey: string; itemCode: string }): string {
  return `${line.orderKey.slice(0, line.orderKey.indexOf('/'))}/${line.itemCode}`;
}

/** The HubSpot product a catalog link points at; null when there is none, or the link archived it. */
export function linkedProductId(link: RecordLink | undefined): string | null {
  if (link === undefined || link.targetId === null) return null;
  return payloadOfSnapshot(link.snapshot)?.op === 'archive' ? null : link.targetId;
}

/** Reads the cursor's `unlinked` value (anything malformed reads as none). */
export function parseUnlinked(value: unknown): UnlinkedItems {
  const out: UnlinkedItems = new Map();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, numbers] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(numbers)) continue;
    const set = new Set(numbers.filter((n): n is string => typeof n === 'string'));
    if (set.size > 0) out.set(key, set);
  }
  return out;
}

/** The cursor's `unlinked` value: sorted, at most MAX_UNLINKED_ORDERS order numbers in all. */
export function formatUnlinked(items: UnlinkedItems): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let left = MAX_UNLINKED_ORDERS;
  for (const key of [...items.keys()].sort()) {
    if (left <= 0) break;
    const numbers = [...(items.get(key) ?? [])].sort().slice(0, left);
    left -= numbers.length;
    if (numbers.length > 0) out[key] = numbers;
  }
  return out;
}

/** The union of two memories (new sets; the inputs are left alone). */
export function mergeUnlinked(a: UnlinkedItems, b: UnlinkedItems): UnlinkedItems {
  const out: UnlinkedItems = new Map([...a].map(([k, v]) => [k, new Set(v)]));
  for (const [key, numbers] of b) {
    const set = out.get(key) ?? new Set<string>();
    for (const n of numbers) set.add(n);
    out.set(key, set);
  }
  return out;
}

/**
 * The remembered items the catalog flow has linked since: their order numbers (to read their lines
 * again) and the memory without them.
 */
export async function linkedSince(
  store: Pick<Store, 'getLinks'>,
  connection: string,
  remembered: UnlinkedItems,
): Promise<{ orderNumbers: string[]; rest: UnlinkedItems }> {
  if (remembered.size === 0) return { orderNumbers: [], rest: remembered };
  const links = await store.getLinks(connection, 'catalog', [...remembered.keys()]);
  const orderNumbers = new Set<string>();
  const rest: UnlinkedItems = new Map();
  for (const [key, numbers] of remembered) {
    if (linkedProductId(links.get(key)) === null) rest.set(key, numbers);
    else for (const n of numbers) orderNumbers.add(n);
  }
  return { orderNumbers: [...orderNumbers], rest };
}

/**
 * Notes the line items a write group sends without a product (once per line per run): their item
 * and order go into `into`, and the item's audit row says why.
 */
export function noteWithoutProduct(
  items: readonly WriteItem[],
  seen: Set<string>,
  into: UnlinkedItems,
): void {
  for (const item of items) {
    if (item.op !== 'upsert' || item.properties['hs_product_id'] !== undefined || seen.has(item.key))
      continue;
    seen.add(item.key);
    const orderKey = item.key.slice(0, item.key.indexOf('#'));
    const itemCode = item.properties['qad_item_code'] ?? '';
    const itemKey = itemKeyOf({ orderKey, itemCode });
    const numbers = into.get(itemKey) ?? new Set<string>();
    numbers.add(orderKey.slice(orderKey.indexOf('/') + 1));
    into.set(itemKey, numbers);
    item.notes.push(
      `QAD item ${itemCode} is not linked to a HubSpot product (catalog flow): written without hs_product_id`,
    );
  }
}
