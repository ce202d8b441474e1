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
import type { QadClient } from '../connectors/qad/index.js';

/** The HubSpot client of the connection (src/connectors/hubspot). */
export type EngineHubSpot = HubSpotClient;
export type HsObject = HubSpotObject;
export type HsUpsertInput = UpsertInput;
export type HsUpsertResult = UpsertOutcome;
export type HsRecordError = OutcomeError;
export type HsPropertyDef = PropertyDefinition;

/** The QAD REST client of the connection (src/connectors/qad). */
export type EngineQad = QadClient;
