/**
 * Value transforms a mapping may apply (config `mapping: {prop: {from, transform}}`). Each takes
 * a non-empty string and returns the HubSpot string value, or throws TransformError naming why.
 */

export const TRANSFORMS = ['trim', 'upper', 'lower', 'number', 'date', 'boolean', 'iso-country'] as const;
export type TransformName = (typeof TRANSFORMS)[number];

/** A value could not be transformed; the mapper turns it into an `invalid` outcome naming the field. */
export class TransformError extends Error {}

export function isTransformName(name: string): name is TransformName {
  return (TRANSFORMS as readonly string[]).includes(name);
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off', 'f']);

/** Applies one transform. Numbers are sent plain (no thousands separators, `.` decimal point). */
export function applyTransform(name: TransformName, value: string): string {
  switch (name) {
    case 'trim':
      return value.trim();
    case 'upper':
      return value.toUpperCase();
    case 'lower':
      return value.toLowerCase();
    case 'number': {
      const cleaned = value.trim().replace(/[\s,](?=\d{3}\b)/g, '');
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned))
        throw new TransformError(`not a number: ${JSON.stringify(value)}`);
      const n = Number(cleaned);
      if (!Number.isFinite(n)) throw new TransformError(`not a finite number: ${JSON.stringify(value)}`);
      return String(n);
    }
    case 'date': {
      const trimmed = value.trim();
      const ms = /^\d{4}-\d{2}-\d{2}/.test(trimmed)
        ? Date.parse(`${trimmed.slice(0, 10)}T00:00:00.000Z`)
        : Number.NaN;
      if (Number.isNaN(ms)) throw new TransformError(`not a date (YYYY-MM-DD): ${JSON.stringify(value)}`);
      // HubSpot date properties take epoch ms at UTC midnight
      return String(ms);
    }
    case 'boolean': {
      const word = value.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return 'true';
      if (FALSE_WORDS.has(word)) return 'false';
      throw new TransformError(`not a boolean: ${JSON.stringify(value)}`);
    }
    case 'iso-country':
      return isoCountry(value);
  }
}

/**
 * Region name → ISO code, from Node's own Intl data. Built on first use (about 35 ms, too much to
 * pay at every CLI start) and never changed afterwards: a memo of a constant of the Node build,
 * the one module-level variable of the product that is allowed (it holds no state of any run).
 */
let countryIndex: Map<string, string> | undefined;

/** ISO 3166-1 alpha-2 from a code or an English country name (Intl region names, no table to maintain). */
export function isoCountry(value: string): string {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (countryNames().has(code.toLowerCase())) return code;
  }
  const found = countryNames().get(trimmed.toLowerCase()) ?? ALIASES[trimmed.toLowerCase()];
  if (found === undefined) throw new TransformError(`not a known country: ${JSON.stringify(value)}`);
  return found;
}

const ALIASES: Record<string, string> = {
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  deu: 'DE',
  fra: 'FR',
  gbr: 'GB',
  can: 'CA',
  mex: 'MX',
  chn: 'CN',
  jpn: 'JP',
  ita: 'IT',
  esp: 'ES',
  nld: 'NL',
  bel: 'BE',
  che: 'CH',
  aut: 'AT',
  pol: 'PL',
  ind: 'IN',
  bra: 'BR',
  aus: 'AU',
};

function countryNames(): Map<string, string> {
  if (countryIndex) return countryIndex;
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const index = new Map<string, string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters) {
    for (const b of letters) {
      const code = `${a}${b}`;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name !== undefined && name !== code) {
        index.set(code.toLowerCase(), code);
        index.set(name.toLowerCase(), code);
      }
    }
  }
  countryIndex = index;
  return index;
}
