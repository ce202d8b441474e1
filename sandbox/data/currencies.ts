/** Fixed exchange rates of the generated tenant, so prices in any order currency are predictable. */

/** Units of each currency per 1 USD. */
export const USD_RATES: Readonly<Record<string, number>> = { USD: 1, EUR: 0.92, GBP: 0.79, CNY: 7.1 };

/** Rounds to 2 decimals (half away from zero), as order prices are stored. */
export function round2(value: number): number {
  return (Math.sign(value) * Math.round(Math.abs(value) * 100 + Number.EPSILON)) / 100;
}

/**
 * Converts `amount` from one currency to another at the fixed rates, rounded to 2 decimals.
 * Throws RangeError for a currency without a rate.
 */
export function convertPrice(amount: number, from: string, to: string): number {
  const fromRate = USD_RATES[from];
  const toRate = USD_RATES[to];
  if (fromRate === undefined || toRate === undefined) throw new RangeError(`no rate for ${from}→${to}`);
  return round2((amount / fromRate) * toRate);
}
