/**
 * The client types flows use: the HubSpot client from src/connectors/hubspot (re-exported under
 * engine names), and the structural subset of the QAD client the engine needs.
 */
import type {
  HubSpotClient,
  HubSpotObject,
  OutcomeError,
  PropertyDefinition,
  UpsertInput,
  UpsertOutcome,
} from '../connectors/hubspot/index.js';

/** The HubSpot client of the connection (src/connectors/hubspot). */
export type EngineHubSpot = HubSpotClient;
export type HsObject = HubSpotObject;
export type HsUpsertInput = UpsertInput;
export type HsUpsertResult = UpsertOutcome;
export type HsRecordError = OutcomeError;
export type HsPropertyDef = PropertyDefinition;

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
