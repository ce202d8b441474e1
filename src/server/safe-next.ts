/**
 * Where a login may send the browser next: only somewhere on the dashboard itself. The value is
 * resolved against the dashboard's origin the way a browser resolves a Location header (which
 * silently drops tabs and newlines, so `/<TAB>/evil.com` would become `//evil.com`), and anything
 * that lands on another origin, or carries a control character or a backslash, becomes `/`. The
 * result is the URL parser's serialisation — ASCII only — so it is always a valid header value.
 */

const ORIGIN = 'http://dashboard.invalid';
/** True when the value holds a C0 control (tab, CR, LF, NUL…), DEL or a C1 control. */
function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** The same-origin path (with query and fragment) to redirect to after login; `/` when unsafe. */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  if (hasControlCharacter(value) || value.includes('\\')) return '/';
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
