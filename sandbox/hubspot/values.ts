/** Property value validation and normalisation, the way HubSpot checks writes (vendor-facts.md: "Value formats"). */
import type { PropertyDef } from './properties.js';

/** The outcome of checking one value: the stored string, or HubSpot's error code and message. */
export type ValueCheck = { ok: true; value: string } | { ok: false; code: string; message: string };

const NUMBER = /^-?\d+(\.\d+)?$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses epoch-ms strings, `YYYY-MM-DD` and ISO date-times; NaN when none fits. */
export function parseTimeMs(raw: string): number {
  // Fast path: the canonical stored form (`toISOString()`), hit once per record in searches.
  if (raw.length === 24 && raw.charCodeAt(10) === 84 && raw.charCodeAt(23) === 90) return Date.parse(raw);
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (DAY.test(raw)) return Date.parse(`${raw}T00:00:00.000Z`);
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) return Date.parse(raw);
  return Number.NaN;
}

/** Turns a JSON value from a request into the string HubSpot would store, or explains why not. */
export function checkValue(def: PropertyDef, input: unknown): ValueCheck {
  if (input === null || input === undefined) return { ok: true, value: '' };
  if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean') {
    return { ok: false, code: 'INVALID_TYPE', message: `${JSON.stringify(input)} is not a valid value.` };
  }
  const raw = asText(input);
  if (raw === '') return { ok: true, value: '' };
  switch (def.type) {
    case 'number':
      return NUMBER.test(raw.trim())
        ? { ok: true, value: raw.trim() }
        : { ok: false, code: 'INVALID_INTEGER', message: `${raw} was not a valid number.` };
    case 'bool': {
      const lower = raw.toLowerCase();
      return lower === 'true' || lower === 'false'
        ? { ok: true, value: lower }
        : { ok: false, code: 'INVALID_BOOLEAN', message: `${raw} was not a valid boolean.` };
    }
    case 'enumeration': {
      if (def.externalOptions) return { ok: true, value: raw };
      const allowed = def.options.map((o) => o.value);
      const parts = def.fieldType === 'checkbox' ? raw.split(';') : [raw];
      const bad = parts.find((p) => !allowed.includes(p));
      return bad === undefined
        ? { ok: true, value: raw }
        : {
            ok: false,
            code: 'INVALID_OPTION',
            message: `${bad} was not one of the allowed options: [${allowed.join(', ')}]`,
          };
    }
    case 'date': {
      const ms = parseTimeMs(raw);
      if (Number.isNaN(ms))
        return { ok: false, code: 'INVALID_DATE', message: `${raw} was not a valid date.` };
      if (ms % DAY_MS !== 0)
        return {
          ok: false,
          code: 'INVALID_DATE',
          message: `${raw} is at ${new Date(ms).toISOString().slice(11, 23)} UTC, not midnight!`,
        };
      return { ok: true, value: new Date(ms).toISOString().slice(0, 10) };
    }
    case 'datetime': {
      const ms = parseTimeMs(raw);
      return Number.isNaN(ms)
        ? { ok: false, code: 'INVALID_DATETIME', message: `${raw} was not a valid date-time.` }
        : { ok: true, value: new Date(ms).toISOString() };
    }
    default:
      return raw.length > 65_536
        ? { ok: false, code: 'INVALID_LENGTH', message: `Value for ${def.name} is longer than 65536.` }
        : { ok: true, value: raw };
  }
}

/** A JSON scalar as text (strings as-is, numbers/booleans stringified); `fallback` otherwise. */
export function asText(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return fallback;
}
