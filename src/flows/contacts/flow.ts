/**
 * contacts: QAD contacts → HubSpot contacts keyed on `qad_contact_key` (also setting email),
 * associated to their company (the accounts flow's link). New contacts are created with the
 * association inline, in the same call (create-with-company.ts). Changed contacts are upserted
 * and associated in a batch step after the upsert — only when the association may be missing:
 * the company id differs from the one their link last acknowledged, the link is not ok, or the
 * upsert created the contact. Contacts are associated to their company as its primary company
 * (plus the unlabeled association): a contact whose company changed gets the new company as
 * primary — HubSpot moves the label — and keeps an unlabeled association to the previous one
 * (nothing is removed).
 *
 * Email conflicts (two QAD contacts with one email, or HubSpot's 409 "Contact already exists")
 * follow `emailConflict`: `report` → a failed outcome naming the other record; `link-existing` →
 * link to the existing HubSpot contact and update it by id (setting qad_contact_key only if it is
 * free). Two contacts sharing an email inside one batch are always reported (the second one);
 * under `report` so is a later contact of the same run whose email an earlier one already carries
 * (no call is spent on HubSpot's certain refusal).
 */
import type { QadContact } from '../../connectors/qad/index.js';
import { CONTACT_TO_COMPANY_PRIMARY_V3 } from '../../connectors/hubspot/index.js';
import type { FlowContext, RecordOutcome } from '../../engine/flow.js';
import type { RejectedItem, WriteItem, WrittenItem } from '../../engine/sink.js';
import { payloadOfSnapshot, snapshotOf } from '../../engine/snapshot.js';
import { associatePairs, type RecordErrors } from '../associate-written.js';
import type { SyncContext, SyncFlow } from '../connection.js';
import { matchingParts } from '../match-index.js';
import { normaliseEmail } from '../match-keys.js';
import { prepareMapping, runQadFlow, type HubSpotSink } from '../master-data.js';
import { readContacts } from '../qad-source.js';
import { CONTACT_COMPANY_TYPES, createWithCompany } from './create-with-company.js';
import { CONTACT_KEY_PROPERTY, CONTACTS_MAPPING, contactView } from './default-mapping.js';

/** Builds the contacts sink for one run. */
export async function contactsSink(ctx: SyncContext): Promise<HubSpotSink<QadContact>> {
  const { mapping, shapes } = await prepareMapping(ctx, CONTACTS_MAPPING, 'contacts', CONTACT_KEY_PROPERTY);
  const policy = ctx.connection.flows.contacts.emailConflict;
  let companies = new Map<string, string>();
  /** email → the QAD contact that carries it in this run (first in read order). */
  const sentEmails = new Map<string, string>();
  const sink: HubSpotSink<QadContact> = {
    target: ctx.hubspot,
    objectType: 'contacts',
    idProperty: CONTACT_KEY_PROPERTY,
    mapping,
    shapes,
    view: contactView,
    key: (c) => c.key,
    ...matchingParts(ctx, 'contacts', 'contacts', CONTACT_KEY_PROPERTY, mapping),
    matchValues: (c) => ({ email: normaliseEmail(c.email) }),
    async preparePage(c, records) {
      const keys = [...new Set(records.map((r) => r.accountKey))];
      const links = await c.store.getLinks(c.connection.name, 'accounts', keys);
      companies = new Map();
      for (const [key, link] of links) if (link.targetId !== null) companies.set(key, link.targetId);
    },
    context: (contact) => ({ companyId: companies.get(contact.accountKey) ?? null }),
    // under `report`, an email this run already sent for another contact is refused before a call
    // is spent on HubSpot's certain 409; `link-existing` needs that 409's existing id, so it sends
    screen: (c, items) =>
      screenDuplicateEmails(c, items, policy === 'report' ? sentEmails : new Map<string, string>()),
    createNew: createWithCompany(),
    afterWrite: associate,
  };
  if (policy === 'link-existing') sink.resolveRejected = linkExisting;
  return sink;
}

/**
 * The second of two items with one email fails with a reason naming the first. `seen` (email →
 * key) spans the batch by default; pass a longer-lived map to screen across batches.
 */
export function screenDuplicateEmails(
  ctx: FlowContext,
  items: WriteItem[],
  seen = new Map<string, string>(),
): { keep: WriteItem[]; outcomes: RecordOutcome[] } {
  const keep: WriteItem[] = [];
  const outcomes: RecordOutcome[] = [];
  for (const item of items) {
    const email = item.op === 'upsert' ? item.properties['email'] : undefined;
    const first = email !== undefined ? seen.get(email) : undefined;
    if (email !== undefined && first !== undefined && first !== item.key) {
      const message = `email ${email} is also used by QAD contact ${first}; HubSpot allows one contact per email`;
      if (ctx.dryRun) {
        ctx.plan.add({
          flow: ctx.flowId,
          sourceKey: item.key,
          action: 'skip',
          targetId: null,
          properties: null,
          reason: message,
        });
      }
      outcomes.push({
        sourceKey: item.key,
        action: 'failed',
        snapshot: snapshotOf(item),
        error: { code: 'HUBSPOT_CONFLICT', message },
        detail: { conflictWith: first },
      });
      continue;
    }
    if (email !== undefined) seen.set(email, item.key);
    keep.push(item);
  }
  return { keep, outcomes };
}

/** link-existing: update the HubSpot contact that owns the email, by id. */
async function linkExisting(
  ctx: SyncContext,
  rejected: RejectedItem[],
): Promise<{ written: WrittenItem[]; rejected: RejectedItem[] }> {
  const conflicts = rejected.filter((r) => r.error.code === 'HUBSPOT_CONFLICT' && r.existingId !== undefined);
  const rest = rejected.filter((r) => !conflicts.includes(r));
  if (conflicts.length === 0) return { written: [], rejected };
  const existing = await ctx.hubspot.batchRead(
    'contacts',
    { ids: conflicts.map((c) => c.existingId as string) },
    [CONTACT_KEY_PROPERTY],
  );
  const keyOf = new Map(existing.results.map((o) => [o.id, o.properties[CONTACT_KEY_PROPERTY] ?? null]));
  const updates = conflicts.map((c) => {
    const owner = keyOf.get(c.existingId as string);
    const properties = { ...c.item.properties };
    if (owner !== null && owner !== undefined && owner !== '' && owner !== c.item.key)
      delete properties[CONTACT_KEY_PROPERTY];
    return { id: c.existingId as string, properties };
  });
  const results = await ctx.hubspot.batchUpdate('contacts', updates);
  const byId = new Map(results.map((r) => [r.key, r]));
  const written: WrittenItem[] = [];
  for (const c of conflicts) {
    const id = c.existingId as string;
    const r = byId.get(id);
    if (r?.ok === true) {
      c.item.notes.push(`linked to existing HubSpot contact ${id} (email conflict, policy link-existing)`);
      written.push({ item: c.item, id, created: false });
    } else {
      rest.push({
        item: c.item,
        existingId: id,
        error: r?.ok === false ? { code: r.error.code, message: r.error.message } : c.error,
      });
    }
  }
  return { written, rejected: rest };
}

/**
 * Whether a written contact still needs its company association: not when the create carried it
 * inline, nor when HubSpot updated the very contact the link holds (ok) and the link's snapshot
 * was acknowledged with the same company id — that association was made then.
 */
export function needsAssociation(w: WrittenItem): boolean {
  const companyId = w.item.context['companyId'];
  if (w.item.op !== 'upsert' || typeof companyId !== 'string' || w.viaCreateNew === true) return false;
  // an adopted contact a rep already made this company's contact, as its primary company
  const matched = w.item.matched;
  if (
    matched?.kind === 'adopt' &&
    matched.candidate.associations?.['companies']?.some(
      (a) => a.id === companyId && a.type === CONTACT_TO_COMPANY_PRIMARY_V3,
    ) === true
  )
    return false;
  const link = w.item.link;
  if (w.created || link === undefined || link.state !== 'ok' || link.targetId !== w.id) return true;
  return payloadOfSnapshot(link.snapshot)?.context['companyId'] !== companyId;
}

/** Associates written contacts that need it (`needsAssociation`) to their company as primary; returns per-contact errors. */
async function associate(ctx: SyncContext, written: WrittenItem[]): Promise<RecordErrors> {
  const errors: RecordErrors = new Map();
  const pairs = written
    .filter(needsAssociation)
    .map((w) => ({ key: w.item.key, from: w.id, to: w.item.context['companyId'] as string }));
  await associatePairs(
    ctx.hubspot,
    'contacts',
    'companies',
    [...CONTACT_COMPANY_TYPES],
    pairs,
    'company',
    errors,
  );
  return errors;
}

export const contactsFlow: SyncFlow = {
  id: 'contacts',
  dependsOn: ['accounts'],
  async run(ctx) {
    const sink = await contactsSink(ctx);
    await runQadFlow(ctx, sink, (opts) => readContacts(ctx.qad, opts));
  },
};
