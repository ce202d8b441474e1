/**
 * Value transforms a mapping may apply (config `mapping: {prop: {from, transform}}`). Each takes
 * a non-empty string and returns the HubSpot string value, or throws TransformError naming why.
 */
import type { CountryCodes } from '../core/country-codes.js';

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
export function applyTransform(name: TransformName, value: string, countries: CountryCodes): string {
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
      return isoCountry(value, countries);
  }
}

/** ISO 3166-1 alpha-2 from a code or an English country name (core/country-codes.ts). */
export function isoCountry(value: string, countries: CountryCodes): string {
  const found = countries.known(value);
  if (found === undefined) throw new TransformError(`not a known country: ${JSON.stringify(value)}`);
  return found;
}
