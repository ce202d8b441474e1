/**
 * Country names and codes → ISO 3166-1 alpha-2, from Node's own Intl region names (no table to
 * maintain) plus a few common aliases. One owner for both readers: the `iso-country` mapping
 * transform and company matching by name + country. The index (about 35 ms to build) is built on
 * first use and kept by the instance; the runtime holds one instance per connection.
 */

/** Names Intl does not give, and three-letter codes QAD sites often store. */
const ALIASES: readonly (readonly [string, string])[] = [
  ['usa', 'US'],
  ['united states of america', 'US'],
  ['uk', 'GB'],
  ['great britain', 'GB'],
  ['england', 'GB'],
  ['deutschland', 'DE'],
  ['deu', 'DE'],
  ['fra', 'FR'],
  ['gbr', 'GB'],
  ['can', 'CA'],
  ['mex', 'MX'],
  ['chn', 'CN'],
  ['jpn', 'JP'],
  ['ita', 'IT'],
  ['esp', 'ES'],
  ['nld', 'NL'],
  ['bel', 'BE'],
  ['che', 'CH'],
  ['aut', 'AT'],
  ['pol', 'PL'],
  ['ind', 'IN'],
  ['bra', 'BR'],
  ['aus', 'AU'],
];

/** Codes Intl names that are not countries: the European Union, the Eurozone, the UN, Oceania. */
const NOT_COUNTRIES: ReadonlySet<string> = new Set(['EU', 'EZ', 'UN', 'QO']);

/**
 * The current code of a region code: Unicode's aliases turn the reserved `UK` into `GB` and
 * withdrawn codes into their successors (`DD` → `DE`, `YU` → `RS`); Intl still names the old
 * codes ("DD" is "Germany"), so without this "Germany" could read as `DD`.
 */
function canonicalRegion(code: string): string {
  try {
    return Intl.getCanonicalLocales(`und-${code}`)[0]?.split('-')[1] ?? code;
  } catch {
    return code;
  }
}

/** A name as compared: accents dropped, lower case, punctuation as single spaces. */
function simple(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export class CountryCodes {
  #index: { codes: Set<string>; byName: Map<string, string> } | undefined;

  /**
   * The alpha-2 code of a code or a country name; undefined when unknown. Any two letters count as
   * a code (a source may hold a region Intl does not name); `known` checks them.
   */
  code(raw: string | null | undefined): string | undefined {
    if (raw === null || raw === undefined) return undefined;
    const s = raw.trim();
    if (/^[A-Za-z]{2}$/.test(s)) return canonicalRegion(s.toUpperCase());
    return this.#built().byName.get(simple(s));
  }

  /** The alpha-2 code of a region Intl knows, or of a country name; undefined otherwise. */
  known(raw: string): string | undefined {
    const code = this.code(raw);
    return code !== undefined && this.#built().codes.has(code) ? code : undefined;
  }

  #built(): { codes: Set<string>; byName: Map<string, string> } {
    if (this.#index) return this.#index;
    const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const codes = new Set<string>();
    const byName = new Map<string, string>();
    for (let a = 65; a <= 90; a += 1)
      for (let b = 65; b <= 90; b += 1) {
        const code = String.fromCharCode(a, b);
        let name: string | undefined;
        try {
          name = names.of(code);
        } catch {
          name = undefined;
        }
        // an old or reserved code (`DD`, `UK`) names its successor: the name belongs to that one
        if (name === undefined || name === code || NOT_COUNTRIES.has(code) || canonicalRegion(code) !== code)
          continue;
        codes.add(code);
        byName.set(simple(name), code);
      }
    for (const [alias, code] of ALIASES) byName.set(alias, code);
    this.#index = { codes, byName };
    return this.#index;
  }
}
