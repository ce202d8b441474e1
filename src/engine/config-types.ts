/**
 * The parts of the connection config (see src/config/) the engine reads. Structural, so the
 * engine compiles against the config schema's inferred `ConnectionConfig` without importing zod.
 */

/** `{ field }`-style mapping override per HubSpot property (config-shape.md). */
export type MappingOverrideValue =
  string | { from: string; transform?: string; default?: string } | { const: string } | null;

export interface EngineFlowConfig {
  enabled?: boolean;
  schedule?: { everyMs?: number; cron?: string } | undefined;
  mapping?: Record<string, MappingOverrideValue> | undefined;
  emailConflict?: 'report' | 'link-existing';
  archiveInactive?: boolean;
  closedWonStages?: string[];
  amountTolerance?: number;
  [option: string]: unknown;
}

export interface EngineConnection {
  name: string;
  hubspot: { hubId: number; baseUrl: string; apiVersion: string; [k: string]: unknown };
  qad: {
    baseUrl: string;
    domain: string;
    entity?: string;
    sharedSet?: string | undefined;
    browses?: Record<string, string | undefined> | undefined;
    orders?:
      { channel?: string; orderNumberPrefix?: string; site?: string; [k: string]: unknown } | undefined;
    [k: string]: unknown;
  };
  flows: Partial<Record<'accounts' | 'contacts' | 'catalog' | 'orders', EngineFlowConfig | undefined>>;
}
