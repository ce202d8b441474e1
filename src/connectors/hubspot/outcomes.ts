/** Turns HubSpot errors into per-record outcome errors (data, not exceptions). */
import type { ErrorCode } from '../../core/error-codes.js';
import type { HubSpotStandardError, OutcomeError } from './types.js';

/** Maps a HubSpot category/status to our error code. */
export function outcomeCode(category: string | undefined, status: number): ErrorCode {
  if (category === 'CONFLICT' || status === 409) return 'HUBSPOT_CONFLICT';
  if (category === 'OBJECT_NOT_FOUND' || status === 404) return 'HUBSPOT_OBJECT_NOT_FOUND';
  return 'HUBSPOT_VALIDATION';
}

/** One outcome error from a HubSpot error object answered with `status`. */
export function toOutcomeError(err: HubSpotStandardError, status: number): OutcomeError {
  const category = err.category ?? (status === 409 ? 'CONFLICT' : 'VALIDATION_ERROR');
  const detail = (err.errors ?? [])
    .map((e) => [e.in, e.message].filter(Boolean).join(': '))
    .filter((s) => s !== '')
    .join('; ');
  const message = [err.message ?? `HubSpot rejected the record (${status})`, detail]
    .filter(Boolean)
    .join(' — ');
  const outcome: OutcomeError = {
    code: outcomeCode(category, status),
    message,
    status,
    category,
    context: err.context ?? {},
  };
  const existing = /Existing ID:\s*(\d+)/i.exec(err.message ?? '');
  if (existing?.[1] !== undefined) outcome.existingId = existing[1];
  return outcome;
}

/** An outcome error for an input HubSpot neither confirmed nor rejected. */
export function unanswered(status: number): OutcomeError {
  return {
    code: 'HUBSPOT_VALIDATION',
    message: `HubSpot answered ${status} without a result or an error for this record`,
    status,
    category: 'NO_RESULT',
    context: {},
  };
}
