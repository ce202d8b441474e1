/** Small type guards for values of unknown shape (parsed JSON, event payloads, error causes). */

/** True for an object that can be read by key: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
