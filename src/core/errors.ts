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

/**
 * The process exit codes: the one table (docs/cli.md shows it; a test pins every row through the
 * real CLI). When several apply to one command, the highest code wins.
 */
export const EXIT_CODES = [
  { code: 0, name: 'ok', meaning: 'Everything requested ran and nothing newly failed.' },
  {
    code: 1,
    name: 'partial',
    meaning:
      'Records failed (the rest was committed; `status` and `audit` name them), or a flow stopped on an internal error.',
  },
  {
    code: 2,
    name: 'usage',
    meaning:
      'Usage or configuration: a bad flag or argument, an unknown key or connection, an invalid config field, an unresolved secret, a dashboard or listener that cannot start.',
  },
  {
    code: 3,
    name: 'auth',
    meaning:
      'A system (HubSpot or QAD) could not be reached or refused the credentials; same for `ping`, `sync` and `connect`.',
  },
  {
    code: 4,
    name: 'leaseHeld',
    meaning:
      'Not run: another live run (this host or another) holds the flow; the output says who and until when.',
  },
  {
    code: 5,
    name: 'massChangeHeld',
    meaning:
      'Held by the mass-change guard: a flow would change more linked records than `massChange` allows; nothing was written. Confirm with `sync --confirm-mass-change` or on the dashboard.',
  },
  {
    code: 130,
    name: 'interrupted',
    meaning:
      'Interrupted (Ctrl-C or SIGTERM) before everything requested ran; the batches in flight were committed.',
  },
] as const;

type ExitName = (typeof EXIT_CODES)[number]['name'];

/** Exit codes by name, from EXIT_CODES. */
export const EXIT = Object.fromEntries(EXIT_CODES.map((row) => [row.name, row.code])) as {
  readonly [K in ExitName]: Extract<(typeof EXIT_CODES)[number], { name: K }>['code'];
};

/** Exit code for an error kind: config 2, auth and unreachable (transient) 3, anything else 1. */
export function exitCodeForKind(kind: ErrorKind | undefined): number {
  if (kind === 'config') return EXIT.usage;
  // A system that cannot be reached or refuses us is a connection failure.
  if (kind === 'auth' || kind === 'transient') return EXIT.auth;
  return EXIT.partial;
}

/** Exit code for an error code of the table (an unknown code counts as internal: 1). */
export function exitCodeForCode(code: string): number {
  return exitCodeForKind((ERROR_CODES as Record<string, { kind: ErrorKind } | undefined>)[code]?.kind);
}

/** Maps an error to the process exit code the CLI should use. */
export function exitCodeFor(error: unknown): number {
  return exitCodeForKind(error instanceof ConnectorError ? error.kind : undefined);
}
