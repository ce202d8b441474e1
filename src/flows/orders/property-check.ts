/**
 * HubSpot properties that name a record's QAD identity (`qad_customer_code`, `qad_account_key`,
 * `hs_sku`, `qad_item_key`) checked against the ledger. Anyone who can edit a company or product
 * in HubSpot can set them, so an order never uses them: a linked record's disagreeing property
 * and an unlinked record's claimed code are only reported.
 */
import type { DealFacts } from './validate.js';

/**
 * What a record's HubSpot properties say about its QAD identity, checked against the ledger.
 * Anyone who can edit a company or product in HubSpot can set these properties, so they are never
 * used to choose a QAD customer or item: they are only reported.
 */
export interface PropertyCheck {
  /** Linked record: properties that disagree with its ledger link (reported in the audit detail). */
  disagreements: string[];
  /** Record the ledger does not link: the QAD codes its properties claim (named in the failure). */
  ignoredClaims: string[];
}

/** A linked record's properties that differ from what the ledger holds (empty ones are not compared). */
export function disagreements(
  what: string,
  claimed: Record<string, string | null | undefined>,
  ledger: Record<string, string>,
): PropertyCheck {
  const out: string[] = [];
  for (const [property, value] of Object.entries(claimed)) {
    const expected = ledger[property] ?? '';
    if (value === undefined || value === null || value === '' || value === expected) continue;
    out.push(
      `${what}: ${property} ${value} in HubSpot differs from the ledger's ${expected || '(none)'}; the ledger's is used`,
    );
  }
  return { disagreements: out, ignoredClaims: [] };
}

/** An unlinked record's `qad_*`/`hs_sku` values: named, so the rep sees why they did not count. */
export function unlinkedClaims(
  what: string,
  claimed: Record<string, string | null | undefined>,
  objects: 'companies' | 'products',
): PropertyCheck {
  const set = Object.entries(claimed).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
  );
  if (set.length === 0) return { disagreements: [], ignoredClaims: [] };
  const list = set.map(([property, value]) => `${property} ${value}`).join(', ');
  return {
    disagreements: [],
    ignoredClaims: [
      `${what}: ${list} set in HubSpot ${set.length === 1 ? 'is' : 'are'} ignored, only ${objects} synced from QAD count`,
    ],
  };
}

/**
 * Every HubSpot property of the deal's companies and products that disagreed with the ledger or
 * claimed a QAD code the ledger does not link — none of them used — for the deal's audit detail.
 */
export function propertyNotes(deal: DealFacts): string[] {
  const checks = [
    ...deal.companies.map((c) => c.propertyCheck),
    ...deal.lines.map((l) => l.productCheck),
  ].filter((c): c is PropertyCheck => c !== undefined);
  return [...new Set(checks.flatMap((c) => [...c.disagreements, ...c.ignoredClaims]))];
}
