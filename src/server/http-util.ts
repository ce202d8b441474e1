/**
 * Small response/request helpers over node:http: security headers on every response, bounded
 * body reading, and the same-origin check for state-changing requests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../core/guards.js';
import type { SafeHtml } from './html.js';

/**
 * Headers sent with every response. The CSP allows scripts and styles only from this origin
 * (served from /assets), so no inline script can run even if escaping were ever bypassed.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // not no-referrer: with it Chromium sends `Origin: null` on same-origin form POSTs, which the CSRF check refuses
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Writes status, security headers, extra headers and body. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string | string[]> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  page: SafeHtml,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, 'text/html; charset=utf-8', page.toString(), headers);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), headers);
}

/** 303 See Other to a same-site path (after a form POST). */
export function redirect(
  res: ServerResponse,
  location: string,
  headers: Record<string, string | string[]> = {},
): void {
  send(res, 303, 'text/plain; charset=utf-8', '', { Location: location, ...headers });
}

/** Thrown when a request body exceeds the limit or is malformed; becomes a 4xx. */
export class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** Reads the whole body as UTF-8, refusing more than `limitBytes` (default 64 KiB). */
export async function readBody(req: IncomingMessage, limitBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BadRequest(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON or urlencoded body into a plain object. */
export async function readForm(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const value: unknown = JSON.parse(text || '{}');
      if (isRecord(value)) return value;
    } catch {
      // fall through
    }
    throw new BadRequest(400, 'body must be a JSON object');
  }
  if (type === 'application/x-www-form-urlencoded' || type === '' || type === undefined) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  throw new BadRequest(415, `unsupported content type ${type}`);
}

/**
 * True when the request's Origin (or, lacking it, Referer) is this server's own origin, judged
 * against the Host header the browser sent. Browsers send Origin on every POST, so a missing
 * Origin and Referer is refused as well.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (!host) return false;
  const source = req.headers.origin ?? req.headers.referer;
  if (!source || source === 'null') return false;
  try {
    const url = new URL(source);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false;
  }
}

/** The peer address, for throttling and logs. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}
