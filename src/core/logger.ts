/**
 * Logging: pino JSON lines with a stable `event` field, redaction of secret paths, and a second
 * line of defence that scrubs every known secret value from each line before it is written.
 * `redactSecrets` applies the same value scrubbing to anything (audit payloads, error text, CLI
 * output). `bridgeEventsToLogger` mirrors every EventBus event as a log line with the same name.
 */
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { EventBus } from './events.js';
import { isRecord } from './guards.js';

export type { Logger } from 'pino';
export type LogLevel = Extract<Level, 'trace' | 'debug' | 'info' | 'warn' | 'error'>;

/** What replaces a secret. */
export const REDACTED = '[redacted]';

/** Values shorter than this are not scrubbed by value (they would mangle ordinary text). */
export const MIN_SECRET_LENGTH = 4;

/** Field names that always hold secrets, at the top level and one level down. */
const SECRET_KEYS = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  'access_token',
  'refresh_token',
  'client_secret',
  'masterKey',
  'blob',
  'plaintext',
];

/** pino redact paths: every secret key at depth 0 and 1, plus request headers. */
export const REDACT_PATHS: string[] = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  'headers.authorization',
  '*.headers.authorization',
  'headers.Authorization',
  '*.headers.Authorization',
];

/**
 * The set of secret values this process knows (vault reveals, env refs). Shared by the logger,
 * the CLI and audit writers so any occurrence of a value is scrubbed.
 */
export class SecretRegistry {
  readonly #values = new Set<string>();

  /** Registers a secret value (and its JSON-escaped form); short values are ignored. */
  add(value: string | null | undefined): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    this.#values.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.#values.add(escaped);
  }

  /** Known values, longest first (so a secret containing another is replaced whole). */
  values(): string[] {
    return [...this.#values].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.#values.size;
  }

  /** `redactSecrets(value, this)`. */
  redact<T>(value: T): T {
    return redactSecrets(value, this);
  }
}

function scrubString(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (out.includes(v)) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * Replaces every known secret value anywhere in a string, array or plain object (keys named like
 * secrets are replaced whole). Returns a copy; the input is not modified. Errors become
 * `{ name, message, code? }` with scrubbed text.
 */
export function redactSecrets<T>(value: T, secrets: Iterable<string> | SecretRegistry): T {
  const values =
    secrets instanceof SecretRegistry
      ? secrets.values()
      : [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return scrubString(v, values);
    if (v === null || typeof v !== 'object' || depth > 20) return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v instanceof Error) {
      const code = (v as { code?: unknown }).code;
      return {
        name: v.name,
        message: scrubString(v.message, values),
        ...(code === undefined ? {} : { code }),
      };
    }
    if (v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = SECRET_KEYS.includes(k) && typeof x === 'string' ? REDACTED : walk(x, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}

export interface CreateLoggerOptions {
  /** Default `info`. */
  level?: LogLevel | 'silent';
  /** Where lines go; default stderr (stdout stays free for command output and --json). */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Values scrubbed from every line. */
  secrets?: SecretRegistry;
  /** Fields on every line (e.g. `{ service: 'ml-connector' }`). */
  base?: Record<string, unknown>;
}

/** A pino logger writing JSON lines; secret paths and known secret values never reach the output. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const secrets = options.secrets;
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? {},
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      ...(secrets
        ? {
            hooks: {
              streamWrite: (line: string) => (secrets.size > 0 ? scrubString(line, secrets.values()) : line),
            },
          }
        : {}),
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** Log level of a mirrored event: failures warn, chatty per-request events are debug. */
export function levelForEvent(event: string): LogLevel {
  if (/\.(failed|error|lost|aborted)$/.test(event)) return 'warn';
  if (event === 'http.request' || event.endsWith('.progress')) return 'debug';
  return 'info';
}

/** Mirrors every EventBus event as one log line `{ event, ...payload }`. Returns an unsubscribe. */
export function bridgeEventsToLogger(events: EventBus, logger: Logger): () => void {
  return events.onAny((event, payload) => {
    const fields = isRecord(payload) ? { ...payload, event } : { event, payload };
    logger[levelForEvent(event)](fields, event);
  });
}
