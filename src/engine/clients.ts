/**
 * The structural subset of the HubSpot and QAD clients the engine and flows use (names and shapes
 * from the clients' published surface). The concrete clients in src/connectors/ satisfy these
 * interfaces; tests may pass the real clients against the sandboxes.
 */
import type { QadAccount, QadContact, QadItem } from './records.js';

export type { QadAccount, QadContact, QadItem } from './records.js';

/** A HubSpot CRM object as the client returns it. */
export interface HsObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived?: boolean;
}

export interface HsUpsertInput {
  /** Value of the unique id property. */
  key: string;
  properties: Record<string, string>;
}

export interface HsRecordError {
  code: string;
  message: string;
  status?: number;
  category?: string;
  context?: Record<string, unknown>;
}

export type HsUpsertResult =
  | { key: string; ok: true; id: string; created: boolean }
  | { key: string; ok: false; error: HsRecordError; existingId?: string };

export interface HsPropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  hidden?: boolean;
}

/** A HubSpot property definition (read or create). */
export interface HsPropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName?: string;
  hasUniqueValue?: boolean;
  options?: HsPropertyOption[];
  description?: string;
}

/** HubSpot client surface used by the engine and flows. */
export interface EngineHubSpot {
  listPages(
    type: string,
    opts: { properties: string[]; after?: string },
  ): AsyncIterable<{ results: HsObject[]; after?: string }>;
  searchModifiedSince(
    type: string,
    opts: {
      since: { modifiedMs: number; id: string };
      until: number;
      properties: string[];
      filters?: unknown[];
    },
  ): AsyncIterable<{ results: HsObject[]; after?: string }> | AsyncIterable<HsObject[]>;
  batchUpsert(type: string, idProperty: string, inputs: HsUpsertInput[]): Promise<HsUpsertResult[]>;
  batchRead(
    type: string,
    which: { ids: string[] } | { idProperty: string; values: string[] },
    properties: string[],
  ): Promise<HsObject[]>;
  batchUpdate(type: string, inputs: { id: string; properties: Record<string, string> }[]): Promise<unknown>;
  batchArchive(type: string, ids: string[]): Promise<unknown>;
  batchAssociateDefault(
    fromType: string,
    toType: string,
    pairs: { from: string; to: string }[],
  ): Promise<unknown>;
  batchReadAssociations(fromType: string, toType: string, ids: string[]): Promise<Map<string, string[]>>;
  ensurePropertyGroup(type: string, name: string, label: string): Promise<unknown>;
  ensureProperties(type: string, defs: HsPropertyDef[]): Promise<unknown>;
  getProperties(type: string): Promise<HsPropertyDef[]>;
  closedWonStageIds(): Promise<string[] | Set<string>>;
}

/** One page of normalised QAD rows: valid records plus rows that failed normalisation. */
export interface QadPage<T> {
  records: T[];
  invalid: { key: string; reason: string; row?: Record<string, unknown> }[];
}

/** QAD client surface used by the engine and flows. */
export interface EngineQad {
  browse(
    browseId: string,
    opts: { filters?: unknown[]; pageSize?: number },
  ): AsyncIterable<Record<string, unknown>[]>;
  createSalesOrder(input: {
    orderNumber: string;
    customerCode: string;
    po: string;
    currency: string;
    orderDate: string;
    site?: string;
    lines: { itemCode: string; quantity: number; price?: number; uom?: string }[];
  }): Promise<{
    orderNumber: string;
    lines: unknown[];
    total: number;
    currency: string;
    alreadyExisted: boolean;
  }>;
  findSalesOrderByPo(po: string): Promise<unknown>;
}

/** Reads master data as typed records; implemented over EngineQad in src/flows/qad-source.ts. */
export interface QadSource {
  accounts(opts: { sinceDay: string | null; pageSize: number }): AsyncIterable<QadPage<QadAccount>>;
  contacts(opts: { sinceDay: string | null; pageSize: number }): AsyncIterable<QadPage<QadContact>>;
  items(opts: { sinceDay: string | null; pageSize: number }): AsyncIterable<QadPage<QadItem>>;
}
