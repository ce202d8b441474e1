/**
 * Deterministic QAD order identity for a HubSpot deal (docs/orders.md; sandbox/qad/vendor-facts.md: "Exactly once").
 *
 * Two independent guards make "exactly once" hold even when a response is lost:
 * - the customer-PO field (`so_po`) carries `HS-<dealId>`, looked up before every create;
 * - the order number is derived from the deal id, so a retried create hits QAD's duplicate
 *   reply (2041) instead of making a second order.
 */
import { createHash } from 'node:crypto';
import { ConfigError, SystemError } from '../../core/errors.js';

/** QAD's common display format for `so_nbr` is 8 characters (sandbox/qad/vendor-facts.md: "Data model"). */
export const DEFAULT_ORDER_NUMBER_MAX_LENGTH = 8;
/** Default `qad.orders.orderNumberPrefix`. */
export const DEFAULT_ORDER_NUMBER_PREFIX = 'HS';
/** Fewest hash characters we accept in a hashed number (36^4 ≈ 1.7 M values). */
const MIN_HASH_CHARS = 4;

/** The customer-PO reference (`so_po`) that ties an order to its deal: `HS-<dealId>`. */
export function orderPoReference(dealId: string): string {
  return `HS-${dealId}`;
}

/** Options for {@link deriveOrderNumber}. */
export interface OrderNumberOptions {
  /** Prefix from `qad.orders.orderNumberPrefix`; default `HS`. */
  prefix?: string;
  /** Longest order number the site accepts; default 8. */
  maxLength?: number;
  /**
   * 0 for the primary number. A higher attempt gives another stable candidate, used only when
   * the primary number is already taken by an order that does not carry this deal's PO
   * reference (a hash collision or a manually keyed order).
   */
  attempt?: number;
}

/**
 * The order number for a deal: `<prefix><dealId>` when it fits in `maxLength`, otherwise
 * `<prefix>` + an uppercase base-36 digest of the deal id (stable across runs and processes).
 * Throws a ConfigError when the prefix leaves fewer than 4 characters for the digest.
 */
export function deriveOrderNumber(dealId: string, options: OrderNumberOptions = {}): string {
  const prefix = options.prefix ?? DEFAULT_ORDER_NUMBER_PREFIX;
  const maxLength = options.maxLength ?? DEFAULT_ORDER_NUMBER_MAX_LENGTH;
  const attempt = options.attempt ?? 0;
  if (!/^\d+$/.test(dealId)) {
    throw new SystemError('INTERNAL', `deal id must be numeric, got ${JSON.stringify(dealId)}`);
  }
  const plain = `${prefix}${dealId}`;
  if (attempt === 0 && plain.length <= maxLength) return plain;
  const room = maxLength - prefix.length;
  if (room < MIN_HASH_CHARS) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `qad.orders.orderNumberPrefix: "${prefix}" leaves ${Math.max(0, room)} of ${maxLength} characters ` +
        `for the order number; use a prefix of at most ${maxLength - MIN_HASH_CHARS} characters`,
    );
  }
  return `${prefix}${digest36(attempt === 0 ? dealId : `${dealId}#${attempt}`, room)}`;
}

/** `length` uppercase base-36 characters from SHA-256 of `text`. */
function digest36(text: string, length: number): string {
  const hex = createHash('sha256').update(text).digest('hex');
  // 13 hex digits stay below 2^53; two chunks give up to 20 base-36 characters.
  const chunks = [hex.slice(0, 13), hex.slice(13, 26)].map((h) =>
    Number.parseInt(h, 16).toString(36).padStart(10, '0').slice(-10),
  );
  return chunks.join('').slice(0, length).toUpperCase();
}
