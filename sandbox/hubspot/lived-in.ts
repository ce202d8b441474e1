/**
 * Builds a lived-in portal (`POST /_sandbox/lived-in`, `startHubSpotSandbox({ livedIn })`): resets
 * the portal, generates the QAD tenant of (`qadSeed`, accounts, items) exactly as the QAD sandbox
 * does, creates the records a rep would have created over the years (lived-in-plan.ts) with past
 * create and modify dates, and computes the ground truth (lived-in-truth.ts) against the result.
 */
import { generateAccounts, generateItems } from '../data/index.js';
import { planLivedIn, type LivedInType, type PlannedRecord } from './lived-in-plan.js';
import { computeTruth, type LivedInTruth, type PortalView } from './lived-in-truth.js';
import type { PortalState } from './state.js';
import { checkProperties, commitCreate, commitUpdate } from './writes.js';

/** Size of the QAD tenant, with the QAD sandbox's defaults. */
export interface LivedInOptions {
  /** The QAD sandbox's `seed`. */
  qadSeed: number;
  /** The QAD sandbox's `accounts` (default 50). */
  accounts?: number;
  /** The QAD sandbox's `items` (default 20). */
  items?: number;
}

/** What the portal now holds. */
export interface LivedInResult {
  qadSeed: number;
  accounts: number;
  items: number;
  created: Record<LivedInType, number>;
  unrelated: Record<LivedInType, number>;
  summary: LivedInTruth['summary'];
}

/** A bad lived-in request (answered as 400). */
export class LivedInInputError extends Error {}

const DAY_MS = 86_400_000;
/** Records are spread over the six years before the portal's "now". */
const HISTORY_MS = 6 * 365 * DAY_MS;

function count(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw new LivedInInputError(`${name} must be an integer from 0 to ${max}`);
  return value;
}

/** Reads and checks the control-API body. */
export function parseLivedInOptions(body: Record<string, unknown>): Required<LivedInOptions> {
  const seed = body['qadSeed'];
  if (typeof seed !== 'number' || !Number.isInteger(seed))
    throw new LivedInInputError('qadSeed must be an integer (the QAD sandbox seed)');
  return {
    qadSeed: seed,
    accounts: count(body['accounts'], 'accounts', 50, 1_000_000),
    items: count(body['items'], 'items', 20, 1_000_000),
  };
}

function create(state: PortalState, r: PlannedRecord, atMs: number): string {
  const checked = checkProperties(state, r.type, r.props, undefined);
  if ('status' in checked) throw new Error(`lived-in ${r.type}: ${checked.message}`);
  return commitCreate(state, r.type, checked.changes, atMs).id;
}

function edit(state: PortalState, r: PlannedRecord, id: string, atMs: number): void {
  if (!r.edit) return;
  const rec = state.records.of(r.type).byId.get(id);
  const checked = checkProperties(state, r.type, r.edit, rec);
  if (!rec || 'status' in checked) throw new Error(`lived-in ${r.type} edit of ${id} refused`);
  commitUpdate(state, r.type, rec, checked.changes, atMs);
}

function view(state: PortalState): PortalView {
  const live = (type: LivedInType) =>
    state.records
      .of(type)
      .ordered.filter((r) => !r.archived)
      .map((r) => ({ id: r.id, props: r.props }));
  return { companies: live('companies'), contacts: live('contacts'), products: live('products') };
}

/**
 * Replaces the portal's contents with a lived-in portal for the QAD tenant and stores its truth
 * on the state (served by `GET /_sandbox/truth`).
 */
export function buildLivedIn(state: PortalState, options: LivedInOptions): LivedInResult {
  const o = parseLivedInOptions({ ...options });
  state.reset();
  const accounts = [...generateAccounts(o.qadSeed, o.accounts)];
  const items = [...generateItems(o.qadSeed, o.items)];
  const plan = planLivedIn({ seed: o.qadSeed, accounts, items });
  const end = state.now() - DAY_MS;
  const start = end - HISTORY_MS;
  const step = plan.length > 0 ? HISTORY_MS / plan.length : 0;
  const ids: string[] = [];
  const created: Record<LivedInType, number> = { companies: 0, contacts: 0, products: 0 };
  const unrelatedIds: Record<LivedInType, string[]> = { companies: [], contacts: [], products: [] };
  plan.forEach((r, k) => {
    const createdMs = Math.floor(start + k * step);
    const id = create(state, r, createdMs);
    ids.push(id);
    created[r.type] += 1;
    if (r.unrelated) unrelatedIds[r.type].push(id);
    if (r.companyAt !== undefined) {
      const companyId = ids[r.companyAt];
      if (companyId !== undefined) state.associations.associate('contacts', id, 'companies', companyId);
    }
    // the rep's later edit lands somewhere between creation and yesterday, deterministically
    if (r.edit) edit(state, r, id, createdMs + Math.floor((((k * 7919) % 1000) / 1000) * (end - createdMs)));
  });
  const truth = computeTruth({ qadSeed: o.qadSeed, accounts, items }, view(state), unrelatedIds);
  state.livedIn = truth;
  return {
    qadSeed: o.qadSeed,
    accounts: o.accounts,
    items: o.items,
    created,
    unrelated: {
      companies: unrelatedIds.companies.length,
      contacts: unrelatedIds.contacts.length,
      products: unrelatedIds.products.length,
    },
    summary: truth.summary,
  };
}
