/**
 * New contacts are created with their company association in the same call (batch create with
 * inline contact→company associations, sandbox/hubspot/vendor-facts.md: "Associations"; primary and unlabeled), instead of an
 * upsert followed by an association batch: one HubSpot call per 100 new contacts instead of two.
 *
 * A rejected create is settled without guessing from HubSpot's message text (only the
 * sandbox's wording is known):
 * - a conflict naming an existing contact (`existingId`) that this run created, or that our own
 *   ledger records, for ANOTHER QAD contact (its link's target: the contact we wrote for it, or the one HubSpot named when
 *   that contact's email was refused) → an email conflict: final, exactly the failure the upsert
 *   would have produced (HUBSPOT_CONFLICT, existingId), so `emailConflict` applies and no extra
 *   call is spent. Any link state counts: the store answers one link per target (the first by
 *   source key), often another refused contact's failed link, and requiring `ok` would send
 *   most shared-email contacts through a second call;
 * - a value a portal validation rule refuses → final: the upsert would be refused alike, so the
 *   rule's refusal is the outcome (quarantined by the write step) and no extra call is spent;
 * - anything else (e.g. `qad_contact_key` already taken because an earlier create's answer was
 *   lost, an email owned by a contact we did not write, a validation error) → the normal upsert
 *   path, which updates the existing contact and associates it, or fails exactly as it does for
 *   any upserted contact. Extra calls happen only here, on the failure path.
 *
 * One case the ledger cannot tell apart: a create whose answer was lost in a run that then
 * died (the contact exists with our key, no link), followed — before this contact is retried —
 * by ANOTHER QAD contact with the same email being refused with that contact's id. This contact
 * then fails as an email conflict naming its own HubSpot contact instead of updating it; under
 * `link-existing` it is linked to that contact (the right one). `replay` settles the `report` case.
 */
import {
  CONTACT_TO_COMPANY_PRIMARY,
  CONTACT_TO_COMPANY_UNLABELED,
  type CreateInput,
} from '../../connectors/hubspot/index.js';
import type { WriteFailure } from '../../engine/ports.js';
import type { CreateNewResult, WriteItem } from '../../engine/sink.js';
import { rejectedItem } from '../../engine/write-step.js';
import type { SyncContext } from '../connection.js';
import { CONTACT_KEY_PROPERTY } from './default-mapping.js';

/**
 * How a contact is associated to its QAD account's company: as its primary company (what sales
 * sees as the contact's company) plus the plain, unlabeled association.
 */
export const CONTACT_COMPANY_TYPES: readonly number[] = [
  CONTACT_TO_COMPANY_PRIMARY,
  CONTACT_TO_COMPANY_UNLABELED,
];

/** The create input of a new contact: its key property set, its company associated inline. */
export function contactCreateInput(item: WriteItem): CreateInput {
  const input: CreateInput = {
    key: item.key,
    properties: { ...item.properties, [CONTACT_KEY_PROPERTY]: item.key },
  };
  const companyId = item.context['companyId'];
  if (typeof companyId === 'string' && companyId !== '')
    input.associations = CONTACT_COMPANY_TYPES.map((associationTypeId) => ({
      toId: companyId,
      associationTypeId,
    }));
  return input;
}

/**
 * The contacts sink's `createNew`: batch create keyed (guarded) on `qad_contact_key`. One per
 * run: it remembers the contacts it created, so a conflict naming one of them is known even
 * before that contact's write group is committed to the ledger (groups are written in parallel).
 */
export function createWithCompany(): (ctx: SyncContext, items: WriteItem[]) => Promise<CreateNewResult> {
  const createdInRun = new Map<string, string>();
  return (ctx, items) => createAndSettle(ctx, items, createdInRun);
}

async function createAndSettle(
  ctx: SyncContext,
  items: WriteItem[],
  createdInRun: Map<string, string>,
): Promise<CreateNewResult> {
  // per-record refusals come back as outcomes (the client isolates them); only an unusable
  // HubSpot (auth, network after retries) throws, and that ends the run
  const outcomes = await ctx.hubspot.batchCreate('contacts', items.map(contactCreateInput), {
    guardedBy: CONTACT_KEY_PROPERTY,
  });
  const byKey = new Map(outcomes.map((o) => [o.key, o]));
  const result: CreateNewResult = { written: [], rejected: [], upsert: [] };
  const named: { item: WriteItem; error: WriteFailure & { existingId: string } }[] = [];
  for (const item of items) {
    const o = byKey.get(item.key);
    if (o?.ok === true) {
      createdInRun.set(o.id, item.key);
      result.written.push({ item, id: o.id, created: true, viaCreateNew: true });
    } else if (o?.ok === false && o.error.code === 'HUBSPOT_CONFLICT' && o.error.existingId !== undefined)
      named.push({ item, error: { ...o.error, existingId: o.error.existingId } });
    else if (o?.ok === false && o.error.quarantine === true)
      result.rejected.push(rejectedItem(item, o.error));
    else result.upsert.push(item);
  }
  if (named.length === 0) return result;
  const unknown = named.filter((n) => !createdInRun.has(n.error.existingId));
  const owners =
    unknown.length === 0
      ? new Map<string, { sourceKey: string }>()
      : await ctx.store.getLinksByTarget(
          ctx.connection.name,
          ctx.flowId,
          unknown.map((n) => n.error.existingId),
        );
  for (const n of named) {
    const owner = createdInRun.get(n.error.existingId) ?? owners.get(n.error.existingId)?.sourceKey;
    if (owner !== undefined && owner !== n.item.key) result.rejected.push(rejectedItem(n.item, n.error));
    else result.upsert.push(n.item);
  }
  return result;
}
