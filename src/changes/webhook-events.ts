/**
 * Turns a verified webhook body (a JSON array of v3 events) into inbox rows. Only deal events are
 * kept: no flow needs company, contact or product events today, so they are counted and dropped.
 */
import type { ChangeEventInput } from '../core/store-port.js';

/** The inbox rows of one body, and how many events were ignored (other objects, unreadable). */
export interface ParsedWebhook {
  events: ChangeEventInput[];
  ignored: number;
}

/** Parses a body; throws only when it is not a JSON array. */
export function parseWebhookBody(connection: string, body: string, receivedAtMs: number): ParsedWebhook {
  const parsed = JSON.parse(body) as unknown;
  if (!Array.isArray(parsed)) throw new Error('the body is not a JSON array of events');
  const events: ChangeEventInput[] = [];
  let ignored = 0;
  for (const raw of parsed as unknown[]) {
    const e = (raw ?? {}) as Record<string, unknown>;
    const type = typeof e['subscriptionType'] === 'string' ? e['subscriptionType'] : '';
    const id = e['eventId'];
    const objectId = e['objectId'];
    if (
      !type.startsWith('deal.') ||
      (typeof id !== 'number' && typeof id !== 'string') ||
      (typeof objectId !== 'number' && typeof objectId !== 'string')
    ) {
      ignored++;
      continue;
    }
    events.push({
      connection,
      eventId: String(id),
      source: 'webhook',
      objectType: 'deals',
      objectId: String(objectId),
      occurredAtMs: typeof e['occurredAt'] === 'number' ? e['occurredAt'] : receivedAtMs,
      receivedAtMs,
    });
  }
  return { events, ignored };
}
