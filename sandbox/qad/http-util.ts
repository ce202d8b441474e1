/** Small node:http helpers: read a body (size-capped), send JSON or XML. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Reads the request body as UTF-8 text (rejects above 20 MiB). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parses a JSON body; undefined when empty, throws SyntaxError when malformed. */
export function parseJson(text: string): unknown {
  return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
}

/** A response to send: status, content type and body text, plus optional headers. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** A JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return {
    status,
    contentType: 'application/json;charset=UTF-8',
    body: JSON.stringify(body),
    ...(headers ? { headers } : {}),
  };
}

/** An XML reply. */
export function xml(status: number, body: string): Reply {
  return { status, contentType: 'text/xml;charset=UTF-8', body };
}

/** Writes a reply. */
export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}

/** A plain object view of an unknown JSON value (empty object otherwise). */
export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
