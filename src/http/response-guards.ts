/**
 * What the HTTP client refuses in a response, whoever sent it: a redirect (following it would
 * carry the request's credentials — a password grant body, a bearer token — to whatever host the
 * Location names, and would sidestep the https-or-loopback rule of the config), and a body larger
 * than the configured cap (a hostile or broken peer must not fill the process's memory).
 */
import { ConfigError, SystemError } from '../core/errors.js';

/** Default response body cap: 64 MiB, far above any HubSpot or QAD page we read. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** True for a status that asks the client to go elsewhere (304 Not Modified is not a redirect). */
export function isRedirectStatus(status: number): boolean {
  return status >= 300 && status < 400 && status !== 304;
}

/**
 * The error for a refused redirect: names the system, method, path and the target host only —
 * never the Location's path or query (they may carry tokens), nor anything of the request.
 */
export function redirectRefused(
  where: string,
  status: number,
  requestUrl: string,
  location: string | null,
): ConfigError {
  const target = targetHost(requestUrl, location);
  return new ConfigError(
    'HTTP_REDIRECT',
    `${where} answered ${status} redirecting to ${target}; redirects are never followed (they would carry credentials to another host): check the configured URL`,
    { details: { status, targetHost: target } },
  );
}

function targetHost(requestUrl: string, location: string | null): string {
  if (location === null || location.trim() === '') return '(no Location header)';
  try {
    return new URL(location, requestUrl).host || '(no host)';
  } catch {
    return '(an invalid Location header)';
  }
}

/** The error for a body past the cap. Not retryable: the same peer would send the same body. */
export function bodyTooLarge(
  where: string,
  status: number,
  maxBytes: number,
  readBytes: number,
): SystemError {
  return new SystemError(
    'HTTP_BODY_TOO_LARGE',
    `${where}: response body exceeds ${maxBytes} bytes (http.maxResponseBytes); aborted after ${readBytes} bytes (${status})`,
    { details: { status, maxBytes, readBytes } },
  );
}

/**
 * Reads a response body as UTF-8 text, at most `maxBytes`. A declared Content-Length past the cap
 * is refused before reading; otherwise the stream is cancelled as soon as the cap is passed and
 * `abort` is called so the connection is dropped rather than drained.
 */
export async function readCappedText(
  res: Response,
  maxBytes: number,
  onTooLarge: (readBytes: number) => Error,
  abort: () => void,
): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    abort();
    throw onTooLarge(0);
  }
  if (res.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let readBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    readBytes += value.byteLength;
    if (readBytes > maxBytes) {
      abort();
      await reader.cancel().catch(() => undefined);
      throw onTooLarge(readBytes);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
