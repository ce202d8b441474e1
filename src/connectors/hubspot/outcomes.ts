/** Turns HubSpot errors into per-record outcome errors (data, not exceptions). */
import type { ErrorCode } from '../../core/error-codes.js';
import type { HubSpotStandardError, OutcomeError } from './types.js';

/** Maps a HubSpot category/status to our error code. */
export function outcomeCode(category: string | undefined, status: number): ErrorCode {
  if (category === 'CONFLICT' || status === 409) return 'HUBSPOT_CONFLICT';
  if (category === 'OBJECT_NOT_FOUND' || status === 404) return 'HUBSPOT_OBJECT_NOT_FOUND';
  return 'HUBSPOT_VALIDATION';
}

/**
 * Property error codes of values a portal validation rule refused. HubSpot's announcement that
 * rules apply to API writes shows `INVALID_ALPHA`
 * (https://developers.hubspot.com/changelog/upcoming-property-validations-rules-will-be-enforced-for-apis-and-integrations);
 * it names rule types, not their codes, so the others — and the code of a required property
 * missing under 2026-09 — are ASSUMED, the same the sandbox answers (sandbox/hubspot/README.md).
 */
export const VALIDATION_RULE_ERRORS: ReadonlySet<string> = new Set([
  'INVALID_ALPHA',
  'INVALID_REGEX',
  'INVALID_MIN_LENGTH',
  'INVALID_MAX_LENGTH',
  'INVALID_ALLOWED_VALUE',
  'MISSING_REQUIRED_PROPERTY',
]);

const PROPERTY_ERRORS = 'Property values were not valid: ';

/** The property errors of a validation error: `errors[]`, else the list HubSpot embeds in its message. */
function propertyErrors(err: HubSpotStandardError): { name: string; code: string; message: string }[] {
  const details = (err.errors ?? []).filter((e) => e.code !== undefined && e.in !== undefined);
  if (details.length > 0)
    return details.map((e) => ({ name: e.in ?? '', code: e.code ?? '', message: e.message ?? '' }));
  const text = err.message ?? '';
  if (!text.startsWith(PROPERTY_ERRORS)) return [];
  try {
    const listed: unknown = JSON.parse(text.slice(PROPERTY_ERRORS.length));
    if (!Array.isArray(listed)) return [];
    return listed.map((e: { name?: unknown; error?: unknown; message?: unknown }) => ({
      name: typeof e.name === 'string' ? e.name : '',
      code: typeof e.error === 'string' ? e.error : '',
      message: typeof e.message === 'string' ? e.message : '',
    }));
  } catch {
    return [];
  }
}

/**
 * "property: rule message" for each value a validation rule refused, when rules are all the
 * error is about; undefined otherwise (a rule next to a bad number is an ordinary validation error).
 */
function ruleViolations(err: HubSpotStandardError): string[] | undefined {
  if (err.category !== 'VALIDATION_ERROR') return undefined;
  const found = propertyErrors(err);
  if (found.length === 0 || !found.every((e) => VALIDATION_RULE_ERRORS.has(e.code))) return undefined;
  return found.map((e) => `${e.name}: ${e.message}`);
}

/** One outcome error from a HubSpot error object answered with `status`. */
export function toOutcomeError(err: HubSpotStandardError, status: number): OutcomeError {
  const category = err.category ?? (status === 409 ? 'CONFLICT' : 'VALIDATION_ERROR');
  const rules = ruleViolations({ ...err, category });
  if (rules !== undefined)
    return {
      code: 'HUBSPOT_VALIDATION_RULE',
      message: `HubSpot validation rule refused ${rules.join('; ')}`,
      quarantine: true,
      status,
      category,
      context: err.context ?? {},
    };
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
