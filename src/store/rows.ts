/** Row ↔ domain mapping shared by both dialects: JSON text columns, bigint-as-string times. */
import type { Selectable } from 'kysely';
import type {
  AuditAction,
  AuditEvent,
  FlowId,
  LinkState,
  OrderStage,
  RecordLink,
  RunOutcome,
  RunRecord,
  SealedSecret,
} from '../core/store-port.js';
import type { AuditEventsTable, LinksTable, RunsTable, SecretsTable } from './tables.js';

/** JSON value → text column (null stays null). */
export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/**
 * `toJson` with memory for objects, for one commit: the engine hands the same snapshot object to
 * the link and to its audit event, so it is serialised once. Objects must not change while it
 * lives (one commitBatch).
 */
export class JsonTexts {
  readonly #seen = new WeakMap<object, string>();

  text(value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (typeof value !== 'object') return JSON.stringify(value);
    let text = this.#seen.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      this.#seen.set(value, text);
    }
    return text;
  }
}

/** Text column → parsed JSON (null stays null). */
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** Accepts the string pg returns for bigint as well as a number. */
export function toMs(value: number | string): number {
  return typeof value === 'number' ? value : Number(value);
}

export function secretFromRow(row: Selectable<SecretsTable>): SealedSecret {
  return {
    connection: row.connection,
    name: row.name,
    keyId: row.key_id,
    blob: row.blob,
    updatedAtMs: toMs(row.updated_at_ms),
  };
}

export function linkFromRow(row: Selectable<LinksTable>): RecordLink {
  return {
    connection: row.connection,
    flow: row.flow as FlowId,
    sourceKey: row.source_key,
    targetId: row.target_id,
    contentHash: row.content_hash,
    state: row.state as LinkState,
    orderStage: row.order_stage as OrderStage | null,
    lastError: fromJson(row.last_error),
    snapshot: fromJson(row.snapshot),
    lastRunId: row.last_run_id,
    updatedAtMs: toMs(row.updated_at_ms),
  };
}

export function auditFromRow(row: Selectable<AuditEventsTable>): AuditEvent {
  return {
    id: toMs(row.id),
    connection: row.connection,
    flow: row.flow as FlowId,
    sourceKey: row.source_key,
    runId: row.run_id,
    atMs: toMs(row.at_ms),
    action: row.action as AuditAction,
    targetId: row.target_id,
    payloadHash: row.payload_hash,
    payload: fromJson(row.payload),
    error: fromJson(row.error),
    detail: fromJson(row.detail),
  };
}

export function runFromRow(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    connection: row.connection,
    flow: row.flow as FlowId,
    startedAtMs: toMs(row.started_at_ms),
    endedAtMs: row.ended_at_ms === null ? null : toMs(row.ended_at_ms),
    outcome: row.outcome as RunOutcome,
    counts: fromJson(row.counts) ?? { read: 0, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 },
    calls: fromJson(row.calls) ?? { hubspot: 0, qad: 0 },
    error: fromJson(row.error),
    dryRun: Number(row.dry_run) === 1,
  };
}
