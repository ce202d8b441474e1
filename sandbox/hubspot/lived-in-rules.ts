/**
 * The matching rules a lived-in portal's ground truth assumes (README "Lived-in portal"): how a
 * domain, a company name, a country and an email are normalised before two records are compared.
 * Pure functions; the truth (lived-in-truth.ts) and the tests use exactly these.
 */

/** Free-mail providers: an e-mail domain from this list never names a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.de',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'proton.me',
  'protonmail.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'btinternet.com',
  'qq.com',
  '163.com',
  '126.com',
  'yahoo.fr',
  'hotmail.de',
  'hotmail.fr',
  'mac.com',
  'gmx.com',
  'mail.com',
  'yandex.ru',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'zoho.com',
]);

/**
 * Legal-form words dropped from the END of a normalised company name (repeatedly, keeping at
 * least one word): `GmbH & Co. KG` → `gmbh co kg` → all three go.
 */
export const LEGAL_SUFFIX_WORDS: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'se',
  'sa',
  'ab',
  'as',
  'bv',
  'nv',
  'srl',
  'sarl',
  'spa',
  'llp',
  'lp',
  'mbh',
  'ohg',
  'ug',
  'sas',
  'oy',
  'aps',
  'kk',
  'pty',
  'pte',
  'sdn',
  'bhd',
]);

/** CJK legal forms dropped from the end of a normalised name (longest first). */
export const CJK_LEGAL_SUFFIXES: readonly string[] = ['股份有限公司', '有限责任公司', '有限公司'];

/** Country names (lower case) a rep may type instead of the ISO 3166-1 alpha-2 code QAD holds. */
export const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  germany: 'DE',
  deutschland: 'DE',
  china: 'CN',
  "people's republic of china": 'CN',
  'united kingdom': 'GB',
  uk: 'GB',
  'great britain': 'GB',
};

/**
 * A domain as companies are compared by it: lower case, no scheme, no `www.`, no path, query,
 * port or trailing dot. `''` for nothing.
 */
export function normaliseDomain(value: string | undefined): string {
  if (!value) return '';
  let d = value.trim().toLowerCase();
  d = d.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  d = d.replace(/[/?#:].*$/, '');
  d = d.replace(/\.+$/, '');
  d = d.replace(/^www\./, '');
  return d;
}

/** The domain part of an e-mail address (normalised), `''` when there is none. */
export function emailDomain(email: string | undefined): string {
  if (!email) return '';
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : normaliseDomain(email.slice(at + 1));
}

/**
 * The domain of a QAD business relation: its `webSite`, else its e-mail's domain unless that is a
 * free-mail provider; `''` when neither gives one.
 */
export function qadCompanyDomain(webSite: string, email: string): string {
  const fromSite = normaliseDomain(webSite);
  if (fromSite) return fromSite;
  const fromMail = emailDomain(email);
  return fromMail && !FREE_MAIL_DOMAINS.has(fromMail) ? fromMail : '';
}

/**
 * A company name as compared: NFKC, lower case, every character that is not a letter or digit
 * becomes a space (punctuation, `&`, apostrophes), trailing legal-form words and CJK legal
 * suffixes dropped, single spaces; dotted initials count as one word (`S.A.` → `sa`).
 */
export function normaliseCompanyName(name: string | undefined): string {
  if (!name) return '';
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  // dotted initials ("S.A.", "B.V.") are one word: a single letter after a short word joins it
  const kept: string[] = [];
  for (const w of words) {
    const last = kept[kept.length - 1];
    if (w.length === 1 && last !== undefined && /^\p{L}{1,2}$/u.test(last) && kept.length > 1)
      kept[kept.length - 1] = last + w;
    else kept.push(w);
  }
  while (kept.length > 1 && LEGAL_SUFFIX_WORDS.has(kept[kept.length - 1] as string)) kept.pop();
  let joined = kept.join(' ');
  for (const suffix of CJK_LEGAL_SUFFIXES) {
    if (joined.length > suffix.length && joined.endsWith(suffix)) {
      joined = joined.slice(0, -suffix.length).trim();
      break;
    }
  }
  return joined;
}

/** A country as compared: the ISO alpha-2 code (upper case) for a code or a known English name. */
export function normaliseCountry(value: string | undefined): string {
  if (!value) return '';
  const v = value.trim();
  return COUNTRY_NAMES[v.toLowerCase()] ?? v.toUpperCase();
}

/** An e-mail as compared: trimmed, lower case. */
export function normaliseEmail(email: string | undefined): string {
  return (email ?? '').trim().toLowerCase();
}
