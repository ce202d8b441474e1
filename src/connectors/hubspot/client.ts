/**
 * The HubSpot client: one object per connection, every call through the shared HttpClient
 * (limiter → retry → fetch). Paths follow the configured API version (paths.ts). Per-record
 * problems come back as outcomes; only infrastructure failures throw. It is the engine's
 * `RecordWriter` as it stands (engine/ports.ts): batching, isolating refused records and naming
 * HubSpot's errors happen in here (batch-write.ts, outcomes.ts), never in the caller.
 */
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/events.js';
import type { HubSpotLimiter } from '../../http/hubspot-limiter.js';
import type { HttpClient, RequestPriority } from '../../http/types.js';
import { accessTokenInfo, accountDetails, closedWonStageIds, listPipelines } from './account.js';
import { batchAssociate, batchAssociateDefault, batchReadAssociations } from './associations.js';
import { MAX_BATCH_INPUTS } from './batch-write.js';
import {
  batchArchive,
  batchCreate,
  batchRead,
  batchUpdate,
  batchUpsert,
  listPages,
  type CreateOptions,
  type ListOptions,
  type ObjectPage,
  type ReadKeys,
} from './objects.js';
import { hubSpotPaths, type HubSpotApiVersion, type HubSpotObjectType, type HubSpotPaths } from './paths.js';
import { PropertyCatalog } from './properties.js';
import { searchModifiedSince, type SearchModifiedOptions } from './search.js';
import { createTransport, type HubSpotTransport } from './transport.js';
import type {
  AccountDetails,
  BatchReadResult,
  CreateInput,
  CreateOutcome,
  HubSpotPipeline,
  HubSpotProperty,
  PropertyDefinition,
  UpsertInput,
  UpsertOutcome,
  WriteOutcome,
} from './types.js';

export interface HubSpotClientOptions {
  /** `https://api.hubapi.com` in production, the sandbox URL in tests. */
  baseUrl: string;
  /** Private-app token or service key; sent only as `Authorization: Bearer`. */
  token: string;
  /** The configured Hub ID (checked by ping). */
  hubId?: number | string;
  apiVersion: HubSpotApiVersion;
  http: HttpClient;
  /** The portal's limiter: `accountDetails()` tells it the portal time zone (daily reset). */
  limiter?: HubSpotLimiter;
  clock?: Clock;
  events?: EventBus;
  /** Limiter priority of this client's calls (default 'incremental'). */
  priority?: RequestPriority;
}

export interface HubSpotClient {
  /** Inputs one HubSpot write call takes; writes of any length are split into such calls here. */
  readonly writeBatchSize: number;
  readonly apiVersion: HubSpotApiVersion;
  readonly paths: HubSpotPaths;
  readonly transport: HubSpotTransport;
  readonly hubId: number | string | undefined;
  /** The same client whose calls wait with `priority` (orders jump the queue, backfills wait). */
  withPriority(priority: RequestPriority): HubSpotClient;
  listPages(type: HubSpotObjectType, options?: ListOptions): AsyncGenerator<ObjectPage>;
  searchModifiedSince(type: HubSpotObjectType, options: SearchModifiedOptions): AsyncGenerator<ObjectPage>;
  batchUpsert(type: HubSpotObjectType, idProperty: string, inputs: UpsertInput[]): Promise<UpsertOutcome[]>;
  /** Creates records with inline associations (objects.ts `batchCreate`); one outcome per key. */
  batchCreate(
    type: HubSpotObjectType,
    inputs: CreateInput[],
    options?: CreateOptions,
  ): Promise<CreateOutcome[]>;
  batchRead(type: HubSpotObjectType, keys: ReadKeys, properties: string[]): Promise<BatchReadResult>;
  batchUpdate(
    type: HubSpotObjectType,
    inputs: { id: string; properties: Record<string, string> }[],
  ): Promise<WriteOutcome[]>;
  batchArchive(type: HubSpotObjectType, ids: string[]): Promise<WriteOutcome[]>;
  batchAssociateDefault(
    fromType: HubSpotObjectType,
    toType: HubSpotObjectType,
    pairs: { from: string; to: string }[],
  ): Promise<WriteOutcome[]>;
  /** Associates pairs with HUBSPOT_DEFINED type ids (labelled batch create); one outcome per pair. */
  batchAssociate(
    fromType: HubSpotObjectType,
    toType: HubSpotObjectType,
    pairs: { from: string; to: string }[],
    typeIds: number[],
  ): Promise<WriteOutcome[]>;
  batchReadAssociations(
    fromType: HubSpotObjectType,
    toType: HubSpotObjectType,
    ids: string[],
  ): Promise<Map<string, string[]>>;
  ensurePropertyGroup(type: HubSpotObjectType, name: string, label: string): Promise<void>;
  ensureProperties(type: HubSpotObjectType, defs: PropertyDefinition[]): Promise<string[]>;
  getProperties(type: HubSpotObjectType): Promise<HubSpotProperty[]>;
  closedWonStageIds(): Promise<Set<string>>;
  /** The pipelines of `type` (deals, orders) with their stages, in display order. */
  listPipelines(type: HubSpotObjectType): Promise<HubSpotPipeline[]>;
  accountDetails(): Promise<AccountDetails>;
  /** `{hubId, scopes}` of a legacy private-app token; undefined when HubSpot will not say. */
  accessTokenInfo(): Promise<{ hubId: number; scopes: string[] } | undefined>;
}

/** Creates the HubSpot client for one portal. */
export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const paths = hubSpotPaths(options.apiVersion);
  const build = (t: HubSpotTransport, catalog: PropertyCatalog): HubSpotClient => ({
    writeBatchSize: MAX_BATCH_INPUTS,
    apiVersion: options.apiVersion,
    paths,
    transport: t,
    hubId: options.hubId,
    withPriority: (p) => build(t.withPriority(p), catalog),
    listPages: (type, o) => listPages(t, paths, type, o),
    searchModifiedSince: (type, o) => searchModifiedSince(t, paths, type, o),
    batchUpsert: (type, idProperty, inputs) => batchUpsert(t, paths, type, idProperty, inputs),
    batchCreate: (type, inputs, o) => batchCreate(t, paths, type, inputs, o),
    batchRead: (type, keys, properties) => batchRead(t, paths, type, keys, properties),
    batchUpdate: (type, inputs) => batchUpdate(t, paths, type, inputs),
    batchArchive: (type, ids) => batchArchive(t, paths, type, ids),
    batchAssociateDefault: (from, to, pairs) => batchAssociateDefault(t, paths, from, to, pairs),
    batchAssociate: (from, to, pairs, typeIds) => batchAssociate(t, paths, from, to, pairs, typeIds),
    batchReadAssociations: (from, to, ids) => batchReadAssociations(t, paths, from, to, ids),
    ensurePropertyGroup: (type, name, label) => catalog.ensurePropertyGroup(type, name, label),
    ensureProperties: (type, defs) => catalog.ensureProperties(type, defs),
    getProperties: (type) => catalog.getProperties(type),
    closedWonStageIds: () => closedWonStageIds(t, paths),
    listPipelines: (type) => listPipelines(t, paths, type),
    accountDetails: async () => {
      const details = await accountDetails(t, paths);
      options.limiter?.setTimeZone(details.timeZone);
      return details;
    },
    accessTokenInfo: () => accessTokenInfo(t, paths),
  });
  const transport = createTransport(
    options.http,
    options.baseUrl,
    options.token,
    options.priority ?? 'incremental',
  );
  return build(transport, new PropertyCatalog(transport, paths));
}
