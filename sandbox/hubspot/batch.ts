/** Shared batch plumbing: input limits, the batch envelope, and 207 vs 2026-09's 200-with-errors. */
import { ApiError, errorBody, standardError, validationError, type StandardError } from './errors.js';
import type { HandlerResult, RequestContext } from './router.js';
import type { Problem } from './writes.js';

/** HubSpot's cap on inputs per batch call. */
export const MAX_BATCH_INPUTS = 100;

/** The `inputs` array of a batch body, or HubSpot's whole-batch 400. */
export function batchInputs(body: unknown, max = MAX_BATCH_INPUTS): unknown[] {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: "inputs" must be an array.');
  if (inputs.length > max)
    throw validationError(
      `The maximum number of inputs supported in a batch is ${max}. Please reduce the number of items and try again`,
    );
  return inputs;
}

/** A whole-request error from a per-input problem. */
export function problemError(p: Problem): ApiError {
  return new ApiError(p.status, {
    ...errorBody(p.category, p.message, {
      ...(p.errors ? { errors: p.errors } : {}),
      ...(p.context ? { context: p.context } : {}),
    }),
  });
}

/** A per-input batch error from a problem, optionally tagged with the input's trace id. */
export function problemStandard(p: Problem, traceId?: string): StandardError {
  const context = { ...(p.context ?? {}), ...(traceId ? { objectWriteTraceId: [traceId] } : {}) };
  return standardError(p.category, p.message, context, p.errors ?? []);
}

/**
 * The batch envelope. With errors: 207 plus `numErrors`/`errors` — except under `2026-09`,
 * whose spec documents no 207: there the same body comes back with the success status.
 */
export function batchResult(
  ctx: RequestContext,
  startedMs: number,
  results: unknown[],
  errors: StandardError[],
  okStatus: 200 | 201,
): HandlerResult {
  const body: Record<string, unknown> = {
    status: 'COMPLETE',
    results,
    startedAt: new Date(startedMs).toISOString(),
    completedAt: new Date(ctx.state.now()).toISOString(),
  };
  if (errors.length === 0) return { status: okStatus, body };
  body['numErrors'] = errors.length;
  body['errors'] = errors;
  return { status: ctx.version === '2026-09' ? okStatus : 207, body };
}

/** A string field of an input object, or undefined. */
export function field(input: unknown, key: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const v = (input as Record<string, unknown>)[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
