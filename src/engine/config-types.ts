/**
 * The config types the engine reads (src/config), under engine names. Flow-specific options are
 * read from `ctx.connection.flows.<flow>` (typed per flow); `ctx.flowConfig` is the running
 * flow's block.
 */
import type { ConnectionConfig, FlowConfig, MappingOverride } from '../config/index.js';

export type EngineConnection = ConnectionConfig;
export type EngineFlowConfig = FlowConfig;
export type MappingOverrideValue = MappingOverride;
