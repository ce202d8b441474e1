/**
 * Validation of the QAD tenant base URL (`https://<tenant>.qad.com/clouderp`, on-premise
 * `…/qad-central`). The whole REST API is relative to this one string, so it is checked once,
 * at the edge, with a message that says exactly what is wrong.
 */
import { ConfigError } from '../../core/errors.js';

/** Hosts on which plain http is allowed (local sandboxes, tunnels). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) return Number(v4[1]) === 127;
  // IPv4-mapped IPv6 loopback, e.g. ::ffff:127.0.0.1 (WHATWG URL normalises it to ::ffff:7f00:1)
  return /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}

function invalid(message: string): ConfigError {
  return new ConfigError('QAD_URL_INVALID', message, { details: { field: 'qad.baseUrl' } });
}

/**
 * Validates and normalises the tenant base URL: https required except on loopback
 * (127.0.0.0/8, localhost, ::1); no credentials, query or fragment; trailing slashes trimmed.
 * Returns the normalised URL (no trailing slash). Throws ConfigError QAD_URL_INVALID.
 * The message never repeats an embedded password.
 */
export function validateQadBaseUrl(url: string): string {
  const raw = url.trim();
  if (raw === '') throw invalid('qad.baseUrl is empty; expected e.g. https://<tenant>.qad.com/clouderp');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw invalid('qad.baseUrl is not an absolute URL; expected e.g. https://<tenant>.qad.com/clouderp');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw invalid(
      `qad.baseUrl for host ${parsed.host} embeds credentials (user:password@); put the user and password in the qad credentials instead`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalid(`qad.baseUrl uses unsupported scheme "${parsed.protocol}"; use https://`);
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw invalid(
      `qad.baseUrl must use https:// for host ${parsed.host}; plain http is only allowed on loopback (127.0.0.0/8, localhost, ::1)`,
    );
  }
  if (parsed.search !== '' || raw.includes('?')) {
    throw invalid(`qad.baseUrl for host ${parsed.host} must not contain a query string ("?…")`);
  }
  if (parsed.hash !== '' || raw.includes('#')) {
    throw invalid(`qad.baseUrl for host ${parsed.host} must not contain a fragment ("#…")`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.protocol}//${parsed.host}${path}`;
}
