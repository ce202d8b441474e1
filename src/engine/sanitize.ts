/**
 * Cleans mapped values before they are sent, so one bad record is quarantined with a reason
 * (or sent with a note) and the rest of its batch succeeds.
 */

/** HubSpot's limit for a single-line/multi-line string property value, in characters. */
export const HUBSPOT_MAX_STRING_CHARS = 65_536;

// C0 controls except tab/newline/carriage return, DEL, and C1 controls
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Deliberately simple: one @, a dot in the domain, no spaces. HubSpot rejects worse. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type CleanResult = { ok: true; value: string; notes: string[] } | { ok: false; reason: string };

/** Property limits/kinds the cleaner knows about; unknown properties are treated as strings. */
export interface PropertyShape {
  type: string;
  options?: readonly string[];
  maxChars?: number;
}

/**
 * Strips control characters, truncates overlong values (with a note), validates emails and
 * enumeration values. `property` names the HubSpot property for messages.
 */
export function cleanValue(property: string, raw: string, shape?: PropertyShape): CleanResult {
  const notes: string[] = [];
  let value = raw.replace(CONTROL_CHARS, '');
  if (value !== raw) notes.push(`${property}: control characters removed`);
  const maxChars = shape?.maxChars ?? HUBSPOT_MAX_STRING_CHARS;
  if (value.length > maxChars) {
    notes.push(`${property}: truncated from ${value.length} to ${maxChars} characters`);
    value = value.slice(0, maxChars);
  }
  if (property === 'email' && value !== '') {
    value = value.trim();
    if (!EMAIL.test(value))
      return { ok: false, reason: `${property}: not a valid email address: ${JSON.stringify(value)}` };
  }
  if (shape?.type === 'number' && value !== '' && !/^-?\d+(\.\d+)?$/.test(value)) {
    return { ok: false, reason: `${property}: not a number: ${JSON.stringify(value)}` };
  }
  if (shape?.type === 'enumeration' && shape.options && value !== '') {
    const allowed = new Set(shape.options);
    const bad = value.split(';').filter((v) => !allowed.has(v));
    if (bad.length > 0) {
      return {
        ok: false,
        reason: `${property}: ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an option (valid: ${[...allowed].join(', ')})`,
      };
    }
  }
  return { ok: true, value, notes };
}
