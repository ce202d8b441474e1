/**
 * The one escaping rule of the dashboard: every value interpolated into a page goes through
 * `escapeHtml`, unless it is markup this module built itself (`SafeHtml`). Values from QAD and
 * HubSpot are never trusted, so a company named `<script>alert(1)</script>` renders as text.
 * Attribute values are always double-quoted in our templates; escaping `"` and `'` keeps them closed.
 */

/** Markup produced by `html` (already escaped). Only this module constructs it. */
export class SafeHtml {
  readonly #value: string;
  constructor(value: string, token: symbol) {
    if (token !== TOKEN) throw new TypeError('SafeHtml is built only by html``');
    this.#value = value;
  }
  toString(): string {
    return this.#value;
  }
}
const TOKEN = Symbol('safe-html');

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** Escapes text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"'`=]/g, (ch) => ESCAPES[ch] ?? ch);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return (value as readonly Interpolation[]).map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value as string | number | boolean);
}

/** Tagged template: literal parts are trusted markup, every `${value}` is escaped (arrays joined). */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out, TOKEN);
}

/** A URL path segment (e.g. a record key containing `/`), encoded so it stays one segment. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** Builds `path?k=v&…` from the non-empty entries. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
