/** Secret-free descriptions of a request for errors, events and logs. */

/** The URL's path without query or fragment, with any bearer token found in it masked. */
export function routeOf(url: string, headers?: Record<string, string>): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split(/[?#]/, 1)[0] ?? '';
  }
  const token = bearerToken(headers);
  return token !== undefined && token.length >= 8 ? path.split(token).join('***') : path;
}

/** The token of an `Authorization: Bearer …` header, if any (case-insensitive name). */
export function bearerToken(headers?: Record<string, string>): string | undefined {
  if (headers === undefined) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') {
      const match = /^Bearer\s+(.+)$/i.exec(value.trim());
      return match?.[1];
    }
  }
  return undefined;
}

/** Replaces every occurrence of `secret` in `text` (no-op for short or absent secrets). */
export function maskSecret(text: string, secret: string | undefined): string {
  return secret !== undefined && secret.length >= 8 ? text.split(secret).join('***') : text;
}

/** Human name of a system for messages. */
export function systemName(system: 'hubspot' | 'qad'): string {
  return system === 'hubspot' ? 'HubSpot' : 'QAD';
}
