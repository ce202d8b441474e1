/** Record associations with HubSpot's HUBSPOT_DEFINED type ids (vendor-facts.md: "Associations"), stored both ways. */
import { validationError } from './errors.js';
import { OBJECT_TYPES, type ObjectType } from './object-types.js';
import { ORDER_ASSOCIATION_TYPE_IDS } from './order-object.js';

/** One directional association type between two object types. */
export interface AssociationTypeDef {
  typeId: number;
  label: string | null;
  /** The v3 `associations=` type name, e.g. `contact_to_company_unlabeled`. */
  v3Name: string;
  primary: boolean;
}

interface PairDef {
  unlabeled: number;
  primary?: number;
  reverse: ObjectType;
}

const PAIRS: Partial<Record<ObjectType, Partial<Record<ObjectType, PairDef>>>> = {
  contacts: {
    companies: { unlabeled: 279, primary: 1, reverse: 'contacts' },
    deals: { unlabeled: 4, reverse: 'contacts' },
  },
  companies: {
    contacts: { unlabeled: 280, primary: 2, reverse: 'companies' },
    deals: { unlabeled: 342, primary: 6, reverse: 'companies' },
  },
  deals: {
    contacts: { unlabeled: 3, reverse: 'deals' },
    companies: { unlabeled: 341, primary: 5, reverse: 'deals' },
    line_items: { unlabeled: 19, reverse: 'deals' },
  },
  line_items: { deals: { unlabeled: 20, reverse: 'line_items' } },
};

/** Order ↔ company/contact/deal/line item, unlabeled both ways (ids in order-object.ts). */
function orderPair(from: ObjectType, to: ObjectType): PairDef | undefined {
  if (from === 'orders' && to !== 'orders' && to in ORDER_ASSOCIATION_TYPE_IDS)
    return {
      unlabeled: ORDER_ASSOCIATION_TYPE_IDS[to as keyof typeof ORDER_ASSOCIATION_TYPE_IDS].fromOrder,
      reverse: to,
    };
  if (to === 'orders' && from in ORDER_ASSOCIATION_TYPE_IDS)
    return {
      unlabeled: ORDER_ASSOCIATION_TYPE_IDS[from as keyof typeof ORDER_ASSOCIATION_TYPE_IDS].toOrder,
      reverse: 'orders',
    };
  return undefined;
}

function pairOf(from: ObjectType, to: ObjectType): PairDef | undefined {
  return PAIRS[from]?.[to] ?? orderPair(from, to);
}

/** The association types defined from `from` to `to` (empty when the pair cannot be associated). */
export function associationTypes(from: ObjectType, to: ObjectType): AssociationTypeDef[] {
  const pair = pairOf(from, to);
  if (!pair) return [];
  const base = `${OBJECT_TYPES[from].singular}_to_${OBJECT_TYPES[to].singular}`;
  const out: AssociationTypeDef[] = [];
  if (pair.primary !== undefined)
    out.push({ typeId: pair.primary, label: 'Primary', v3Name: base, primary: true });
  out.push({
    typeId: pair.unlabeled,
    label: null,
    v3Name: pair.primary !== undefined ? `${base}_unlabeled` : base,
    primary: false,
  });
  return out;
}

function pairOrThrow(from: ObjectType, to: ObjectType): PairDef {
  const pair = pairOf(from, to);
  if (!pair) throw validationError(`Association between ${from} and ${to} is not supported.`);
  return pair;
}

/** Maps a type id of `from→to` to the matching type id of `to→from`. */
function reverseTypeId(from: ObjectType, to: ObjectType, typeId: number): number {
  const fwd = pairOrThrow(from, to);
  const back = pairOrThrow(to, from);
  return typeId === fwd.primary ? (back.primary as number) : back.unlabeled;
}

/**
 * The record a primary label belongs to — the non-company side of a pair with a primary type
 * (a contact or deal has one primary company) — and the company; undefined for other pairs.
 */
function primaryOwner(
  from: ObjectType,
  fromId: string,
  to: ObjectType,
  toId: string,
): { type: ObjectType; id: string; companyId: string } | undefined {
  if (PAIRS[from]?.[to]?.primary === undefined) return undefined;
  return to === 'companies'
    ? { type: from, id: fromId, companyId: toId }
    : { type: to, id: toId, companyId: fromId };
}

type Edges = Map<ObjectType, Map<string, number[]>>;

/** All associations of a portal. */
export class AssociationStore {
  private edges = new Map<string, Edges>();

  /** Forgets everything. */
  reset(): void {
    this.edges = new Map();
  }

  private side(
    type: ObjectType,
    id: string,
    to: ObjectType,
    create: boolean,
  ): Map<string, number[]> | undefined {
    const key = `${type}:${id}`;
    let e = this.edges.get(key);
    if (!e) {
      if (!create) return undefined;
      e = new Map();
      this.edges.set(key, e);
    }
    let m = e.get(to);
    if (!m && create) {
      m = new Map();
      e.set(to, m);
    }
    return m;
  }

  private add(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeId: number): void {
    const m = this.side(from, fromId, to, true) as Map<string, number[]>;
    const ids = m.get(toId) ?? [];
    if (!ids.includes(typeId)) ids.push(typeId);
    m.set(toId, ids);
  }

  /**
   * Associates two records. Without `typeIds` this is the default (unlabeled) association, plus
   * the primary one when the record has no primary company yet (HubSpot's first-company rule;
   * UNCONFIRMED). A primary type makes that company the record's ONE primary company: the primary
   * label moves off any other company (the unlabeled associations stay), as HubSpot keeps a
   * single primary company per record. Returns the type ids stored in the `from→to` direction.
   */
  associate(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeIds?: number[]): number[] {
    const pair = pairOrThrow(from, to);
    const valid = associationTypes(from, to).map((t) => t.typeId);
    const owner = primaryOwner(from, fromId, to, toId);
    let wanted: number[];
    if (typeIds) {
      const bad = typeIds.find((t) => !valid.includes(t));
      if (bad !== undefined)
        throw validationError(`${bad} is not a valid association type id between ${from} and ${to}.`);
      wanted = [...new Set([pair.unlabeled, ...typeIds])];
    } else {
      wanted = [pair.unlabeled];
      if (pair.primary !== undefined && owner && this.primaryCompanyOf(owner.type, owner.id) === undefined)
        wanted.push(pair.primary);
    }
    if (owner && pair.primary !== undefined && wanted.includes(pair.primary))
      this.clearPrimary(owner.type, owner.id, owner.companyId);
    for (const t of wanted) {
      this.add(from, fromId, to, toId, t);
      this.add(to, toId, from, fromId, reverseTypeId(from, to, t));
    }
    return wanted;
  }

  /** The id of the company a record (contact, deal) has as its primary company, if any. */
  primaryCompanyOf(type: ObjectType, id: string): string | undefined {
    const primary = PAIRS[type]?.companies?.primary;
    if (primary === undefined) return undefined;
    for (const [companyId, ids] of this.side(type, id, 'companies', false) ?? [])
      if (ids.includes(primary)) return companyId;
    return undefined;
  }

  /** Takes the primary label off every company of a record except `keep` (both directions). */
  private clearPrimary(type: ObjectType, id: string, keep: string): void {
    const primary = PAIRS[type]?.companies?.primary;
    const back = PAIRS.companies?.[type]?.primary;
    const companies = this.side(type, id, 'companies', false);
    for (const [companyId, ids] of companies ?? []) {
      if (companyId === keep) continue;
      companies?.set(
        companyId,
        ids.filter((t) => t !== primary),
      );
      const reverse = this.side('companies', companyId, type, false);
      const backIds = reverse?.get(id);
      if (reverse && backIds)
        reverse.set(
          id,
          backIds.filter((t) => t !== back),
        );
    }
  }

  /** Removes every association between two records. */
  remove(from: ObjectType, fromId: string, to: ObjectType, toId: string): void {
    this.side(from, fromId, to, false)?.delete(toId);
    this.side(to, toId, from, false)?.delete(fromId);
  }

  /** `[toId, typeIds]` pairs of one record towards a type, in insertion order. */
  list(from: ObjectType, fromId: string, to: ObjectType): [string, number[]][] {
    const m = this.side(from, fromId, to, false);
    return m ? [...m.entries()] : [];
  }

  /** Every associated type and ids of one record (for the control dump). */
  all(type: ObjectType, id: string): Partial<Record<ObjectType, string[]>> {
    const e = this.edges.get(`${type}:${id}`);
    const out: Partial<Record<ObjectType, string[]>> = {};
    if (!e) return out;
    for (const [to, m] of e) if (m.size > 0) out[to] = [...m.keys()];
    return out;
  }
}
