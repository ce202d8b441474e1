/**
 * HubSpot's v3 request signature (docs/change-events.md): base64 HMAC-SHA256 of method + URI +
 * body + timestamp under the app's client secret; a timestamp older than five minutes is refused.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** HubSpot's replay window. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** What a request offers for verification. */
export interface SignedRequest {
  method: string;
  /** The full URL HubSpot posted to. */
  uri: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
}

/** Why a request was refused (logged; the answer is always a bare 401). */
export type SignatureProblem = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

/** The v3 signature of a request. */
export function signatureV3(
  secret: string,
  method: string,
  uri: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

/** Checks the timestamp window, then whether any of `secrets` signed the request; index of the signer. */
export function verifyV3(
  req: SignedRequest,
  secrets: readonly string[],
  nowMs: number,
): { ok: true; signer: number } | { ok: false; problem: SignatureProblem } {
  if (!req.signature || !req.timestamp || !/^\d+$/.test(req.timestamp))
    return { ok: false, problem: 'missing-headers' };
  const age = nowMs - Number(req.timestamp);
  if (age > SIGNATURE_MAX_AGE_MS || age < -SIGNATURE_MAX_AGE_MS)
    return { ok: false, problem: 'stale-timestamp' };
  const offered = Buffer.from(req.signature, 'utf8');
  // HubSpot's examples decode the URI before signing; both forms are accepted.
  const uris = [...new Set([req.uri, safeDecode(req.uri)])];
  for (let i = 0; i < secrets.length; i++)
    for (const uri of uris) {
      const expected = Buffer.from(
        signatureV3(secrets[i] as string, req.method, uri, req.body, req.timestamp),
        'utf8',
      );
      if (expected.length === offered.length && timingSafeEqual(expected, offered))
        return { ok: true, signer: i };
    }
  return { ok: false, problem: 'bad-signature' };
}

function safeDecode(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
