/** Shapes the HubSpot client returns; property values are always strings (sandbox/hubspot/vendor-facts.md: "Records and default properties"). */
import type { ErrorCode } from '../../core/error-codes.js';

/** A CRM record as HubSpot returns it. */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  /** With `associations=` on a read or list: associated ids per object type (v3 `{id, type}`). */
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** HubSpot's standard error (vendor facts: "Errors"); every field optional when parsing. */
export interface HubSpotStandardError {
  status?: string;
  category?: string;
  subCategory?: string;
  message?: string;
  context?: Record<string, string[]>;
  errors?: { message?: string; code?: string; in?: string; context?: Record<string, string[]> }[];
  correlationId?: string;
}

/** Why one record failed: data, not an exception. */
export interface OutcomeError {
  code: ErrorCode;
  message: string;
  /** HTTP status of the answer that carried the error (207/200 for per-input errors). */
  status: number;
  category: string;
  context: Record<string, string[]>;
  /** For contact-exists conflicts: the id HubSpot named in "Existing ID: N". */
  existingId?: string;
  /** A portal validation rule refused the value: the record is quarantined, not failed. */
  quarantine?: boolean;
}

/** Per-record result of a batch write. */
export type WriteOutcome =
  { key: string; ok: true; id: string; created: boolean } | { key: string; ok: false; error: OutcomeError };

/** Per-input result of `batchUpsert`. */
export type UpsertOutcome = WriteOutcome;

/** Input of `batchUpsert`: `key` is the value of the unique `idProperty`. */
export interface UpsertInput {
  key: string;
  properties: Record<string, string>;
}

/** One association sent inline with a create (vendor facts: "Associations"): `to` id and a type of `from→to`. */
export interface InlineAssociation {
  toId: string;
  /** E.g. `CONTACT_TO_COMPANY_UNLABELED` (279). */
  associationTypeId: number;
  /** Default `HUBSPOT_DEFINED`. */
  associationCategory?: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
}

/** Input of `batchCreate`: `key` names the input in its outcome (it is not sent). */
export interface CreateInput {
  key: string;
  properties: Record<string, string>;
  /** Created in the same call as the record; upsert and update cannot do this. */
  associations?: InlineAssociation[];
}

/** Per-input result of `batchCreate` (`created: true` on success). */
export type CreateOutcome = WriteOutcome;

/** Result of `batchRead`: found records plus the ids/keys HubSpot reported missing. */
export interface BatchReadResult {
  results: HubSpotObject[];
  notFound: string[];
}

/** A property definition the mapping needs (vendor facts: "Property definitions and groups"). */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'bool' | 'date' | 'datetime' | 'enumeration' | 'number' | 'phone_number' | 'string';
  fieldType: string;
  groupName?: string;
  hasUniqueValue?: boolean;
  description?: string;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
}

/** A property as HubSpot describes it. */
export interface HubSpotProperty extends PropertyDefinition {
  hubspotDefined?: boolean;
  calculated?: boolean;
  modificationMetadata?: { readOnlyValue?: boolean; readOnlyDefinition?: boolean };
}

/** The portal identity and locale (`/account-info/…/details`). */
/** One stage of a pipeline as the Pipelines API answers it (the parts the connector reads). */
export interface PipelineStage {
  id: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  /** Stage metadata as HubSpot sends it (string values), e.g. deals' `isClosed`, `probability`. */
  metadata: Readonly<Record<string, string>>;
}

/** A pipeline of deals or orders with its stages (`GET /crm/…/pipelines/{type}`). */
export interface HubSpotPipeline {
  id: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  stages: PipelineStage[];
}

export interface AccountDetails {
  portalId: number;
  timeZone: string;
  currency: string;
  utcOffsetMs: number;
}

/** The composite search cursor: last modified instant (epoch ms) and id at that instant. */
export interface ModifiedCursor {
  modifiedMs: number;
  id: string;
}
