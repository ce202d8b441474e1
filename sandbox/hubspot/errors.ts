/** HubSpot-shaped error bodies and the exception the handlers throw to answer with one. */
import { randomUUID } from 'node:crypto';

/** One entry of `errors[]` inside a HubSpot error body (SPEC `ErrorDetail`). */
export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/** A HubSpot error response body (SPEC `Error`, plus the `status: "error"` seen in practice). */
export interface ErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: ErrorDetail[];
  links?: Record<string, string>;
}

/** Thrown by handlers; the server turns it into an HTTP response with `body` as JSON. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : `HTTP ${statusCode}`);
    this.name = 'ApiError';
  }
}

/** Builds a HubSpot error body with a fresh correlation id. */
export function errorBody(
  category: string,
  message: string,
  extra: Partial<Omit<ErrorBody, 'status' | 'category' | 'message' | 'correlationId'>> = {},
): ErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** 400 VALIDATION_ERROR for the whole request. */
export function validationError(message: string, errors?: ErrorDetail[]): ApiError {
  return new ApiError(400, { ...errorBody('VALIDATION_ERROR', message, errors ? { errors } : {}) });
}

/** 404 OBJECT_NOT_FOUND. */
export function notFound(message: string, context?: Record<string, string[]>): ApiError {
  return new ApiError(404, { ...errorBody('OBJECT_NOT_FOUND', message, context ? { context } : {}) });
}

/** 409 CONFLICT. */
export function conflict(message: string, context?: Record<string, string[]>): ApiError {
  return new ApiError(409, { ...errorBody('CONFLICT', message, context ? { context } : {}) });
}

/** A per-input error inside a batch response (SPEC `StandardError`: all of these are required). */
export interface StandardError {
  status: 'error';
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: ErrorDetail[];
  links: Record<string, string>;
}

/** Builds a `StandardError` for a batch response's `errors[]` (no `subCategory`: the spec types it as an object). */
export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]> = {},
  errors: ErrorDetail[] = [],
): StandardError {
  return {
    status: 'error',
    category,
    message,
    context,
    errors,
    links: {},
  };
}
