/**
 * How strong a dashboard token must be. The token is the only credential of the dashboard (form
 * login and `Authorization: Bearer`), so it must resist guessing even at the throttle's pace:
 * at least 32 characters, and not made of a few characters repeated. The variety check is the
 * Shannon entropy of the token's own characters (bits per character): a random base64 token
 * scores about 5, random hex about 3.7, `aaaa…` 0 and `abab…` 1; below 3 is refused.
 */

/** Shortest accepted dashboard token. */
export const MIN_TOKEN_LENGTH = 32;
/** Least accepted Shannon entropy of the token's characters, in bits per character. */
export const MIN_TOKEN_BITS_PER_CHAR = 3;

/** Why a token is too weak (no part of the token in it), or null when it is acceptable. */
export function tokenWeakness(token: string): string | null {
  const chars = [...token];
  if (chars.length < MIN_TOKEN_LENGTH) {
    return `the dashboard token is ${chars.length} characters; it must be at least ${MIN_TOKEN_LENGTH}`;
  }
  const bits = bitsPerCharacter(chars);
  if (bits < MIN_TOKEN_BITS_PER_CHAR) {
    return `the dashboard token repeats too few different characters (${bits.toFixed(1)} bits per character, at least ${MIN_TOKEN_BITS_PER_CHAR} needed); use a random one`;
  }
  return null;
}

function bitsPerCharacter(chars: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
