/** Validates a replay request from a form or JSON body into the injected `replay` callback's shape. */
import { z } from 'zod';
import { FLOW_IDS } from '../core/store-port.js';
import { BadRequest } from './http-util.js';
import type { ReplayRequest } from './types.js';

const one = z.strictObject({
  connection: z.string().min(1).max(200),
  flow: z.enum(FLOW_IDS),
  sourceKey: z.string().min(1).max(1000),
});

const allFailed = z.strictObject({
  failed: z.union([z.literal(true), z.literal('true')]),
  connection: z.string().max(200).optional(),
});

/** Parses `{connection, flow, sourceKey}` or `{failed: true, connection?}`; anything else is a 400. */
export function parseReplayRequest(body: Record<string, unknown>): ReplayRequest {
  const fields = Object.fromEntries(Object.entries(body).filter(([k]) => k !== '_csrf'));
  if ('failed' in fields) {
    const parsed = allFailed.safeParse(fields);
    if (!parsed.success)
      throw new BadRequest(400, `invalid replay request: ${z.prettifyError(parsed.error)}`);
    return parsed.data.connection ? { failed: true, connection: parsed.data.connection } : { failed: true };
  }
  const parsed = one.safeParse(fields);
  if (!parsed.success) throw new BadRequest(400, `invalid replay request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
