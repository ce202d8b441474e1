/**
 * The one error family. Every error the product throws is a ConnectorError with a stable `code`
 * (documented in docs/errors.md, generated from ERROR_CODES), a `kind` that tells the engine what
 * to do with it, and `retryable`. Messages never contain secrets: callers pass redacted context.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export type ErrorKind = 'transient' | 'config' | 'auth' | 'data' | 'system';

export interface ConnectorErrorOptions {
  /** Overrides the kind registered for the code. */
  kind?: ErrorKind;
  retryable?: boolean;
  cause?: unknown;
  /** Structured, secret-free detail for logs and the audit trail. */
  details?: Record<string, unknown>;
}

export class ConnectorError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? ERROR_CODES[code].kind;
    this.retryable = options.retryable ?? this.kind === 'transient';
    this.details = options.details ?? {};
  }

  /** A JSON-safe view for logs, audit rows and `--json` output. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      kind: this.kind,
      retryable: this.retryable,
      message: this.message,
      ...this.details,
    };
  }
}

/** A config file, flag or environment problem; the message names the field. Exit code 2. */
export class ConfigError extends ConnectorError {}
/** Credentials rejected or missing; the message names the system and the check. Exit code 3. */
export class AuthError extends ConnectorError {}
/** A remote system answered with an unexpected HTTP status. */
export class HttpError extends ConnectorError {
  get status(): number | undefined {
    return typeof this.details['status'] === 'number' ? this.details['status'] : undefined;
  }
}
/** Connection refused/reset, DNS failure, truncated body. */
export class NetworkError extends ConnectorError {}
/** A request exceeded its timeout. */
export class TimeoutError extends ConnectorError {}
/** A rate limit was hit or would be exceeded (e.g. HubSpot's daily budget). */
export class RateLimitError extends ConnectorError {}
/** One record cannot be mapped or was rejected by the target: a per-record outcome, not a crash. */
export class DataError extends ConnectorError {}
/** Store, vault or other infrastructure failure inside this process. */
export class SystemError extends ConnectorError {}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

/** The message of anything thrown (an Error's message, or the value as text). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Wraps anything thrown into a ConnectorError, keeping the original as `cause`. */
export function toConnectorError(error: unknown, code: ErrorCode = 'INTERNAL'): ConnectorError {
  if (error instanceof ConnectorError) return error;
  return new SystemError(code, messageOf(error), { cause: error });
}

/** Process exit codes (docs/operations.md). */
export const EXIT = { ok: 0, partial: 1, usage: 2, auth: 3 } as const;

/** Maps an error to the process exit code the CLI should use. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof ConnectorError) {
    if (error.kind === 'config') return EXIT.usage;
    // A system that cannot be reached or refuses us is a connection failure.
    if (error.kind === 'auth' || error.kind === 'transient') return EXIT.auth;
  }
  return EXIT.partial;
}
