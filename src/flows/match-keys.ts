/**
 * The normalised values records are matched by (flows/match-index.ts, engine/match.ts), the same
 * function on both sides — the QAD record and the HubSpot record — so "Acme, Inc." matches
 * "ACME Inc" and `https://www.acme.com/about` matches `acme.com`:
 *
 * - domain: lower case, no scheme, no `www.`, no port, path, query or trailing dot;
 * - e-mail domain: the part after `@`, unless it is a free-mail provider (a person's mailbox
 *   says nothing about their company);
 * - company name: lower case, punctuation dropped, legal suffixes (Inc., GmbH, Ltd, Co. …) dropped
 *   from the end, joined with the country code;
 * - country: ISO 3166 alpha-2 code, from a code or an English country name;
 * - email: trimmed, lower case; SKU: trimmed, upper case; product name: exact (trimmed).
 */
import type { CountryCodes } from '../core/country-codes.js';

/** Free-mail providers: their domains never identify a company. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.de',
  'yahoo.fr',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.de',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  't-online.de',
  'mail.com',
  'proton.me',
  'protonmail.com',
  'yandex.ru',
  'qq.com',
  '163.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'zoho.com',
]);

/** Legal-form words ignored in company names. */
const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'llp',
  'lp',
  'plc',
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'ohg',
  'ug',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'oy',
  'ab',
  'as',
  'aps',
  'kk',
  'pty',
  'pte',
  'sdn',
  'bhd',
]);

/** The host of a web address or bare domain, normalised; undefined when there is none. */
export function normaliseDomain(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  let s = raw.trim().toLowerCase();
  if (s === '') return undefined;
  s = s.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  s = s.replace(/^[^@/]*@/, ''); // user info
  s = s.split(/[/?#]/)[0] ?? '';
  s = s.replace(/:\d+$/, '').replace(/\.$/, '');
  s = s.replace(/^www\d*\./, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(s) ? s : undefined;
}

/** The company domain of an e-mail address; undefined for free-mail providers. */
export function emailDomain(email: string | null | undefined): string | undefined {
  const at = email?.lastIndexOf('@') ?? -1;
  if (email === null || email === undefined || at < 0) return undefined;
  const domain = normaliseDomain(email.slice(at + 1));
  return domain === undefined || FREE_MAIL.has(domain) ? undefined : domain;
}

/** A company domain: from the web site, else from the e-mail address. */
export function companyDomain(webSite: string | undefined, email: string | undefined): string | undefined {
  return normaliseDomain(webSite) ?? emailDomain(email);
}

/** CJK legal forms dropped from the end of a name (longest first). */
const CJK_LEGAL_SUFFIXES: readonly string[] = ['股份有限公司', '有限责任公司', '有限公司'];

/**
 * A company name as compared: NFKC, lower case, every run of characters that are not letters or
 * digits one space (punctuation, `&`), dotted initials joined ("S.A." → `sa`), then legal-form
 * words dropped from the END, repeatedly, keeping at least one word (`GmbH & Co. KG` → all three
 * go; "Co-operative Society" keeps its `co`), and a CJK legal suffix. Accents are kept: "Müller"
 * and "Muller" may be two companies, and a wrong adoption costs more than a missed one.
 */
export function normaliseCompanyName(raw: string | null | undefined): string | undefined {
  if (raw === null || raw === undefined) return undefined;
  const words = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w !== '');
  // "S.A." and "B.V." arrive as letters: join single letters before testing them
  const joined: string[] = [];
  for (const w of words) {
    const last = joined.at(-1);
    if (
      w.length === 1 &&
      last !== undefined &&
      /^\p{L}+$/u.test(last) &&
      last.length <= 2 &&
      joined.length > 1
    )
      joined[joined.length - 1] = last + w;
    else joined.push(w);
  }
  while (joined.length > 1 && LEGAL_SUFFIXES.has(joined.at(-1) as string)) joined.pop();
  let name = joined.join(' ');
  const cjk = CJK_LEGAL_SUFFIXES.find((suffix) => name.length > suffix.length && name.endsWith(suffix));
  if (cjk !== undefined) name = name.slice(0, -cjk.length).trim();
  return name === '' ? undefined : name;
}

/** The name rule's value: normalised name and country code; undefined without both. */
export function nameCountryKey(
  name: string | null | undefined,
  country: string | null | undefined,
  countries: CountryCodes,
): string | undefined {
  const n = normaliseCompanyName(name);
  const c = countries.code(country);
  return n === undefined || c === undefined ? undefined : `${n}|${c}`;
}

/** Email as matched: trimmed, lower case. */
export function normaliseEmail(raw: string | null | undefined): string | undefined {
  const s = raw?.trim().toLowerCase();
  return s === undefined || s === '' || !s.includes('@') ? undefined : s;
}

/** SKU as matched: trimmed, upper case. */
export function normaliseSku(raw: string | null | undefined): string | undefined {
  const s = raw?.trim().toUpperCase();
  return s === undefined || s === '' ? undefined : s;
}

/** Product name as matched: exact, trimmed. */
export function exactName(raw: string | null | undefined): string | undefined {
  const s = raw?.trim();
  return s === undefined || s === '' ? undefined : s;
}
