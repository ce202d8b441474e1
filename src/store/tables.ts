/** Row shapes of the store's tables, as Kysely sees them. JSON columns are text; times are ms. */
import type { Generated } from 'kysely';

/** PG returns bigint as string; both are accepted on read and parsed by the row mappers. */
type Ms = number | string;

export interface ConnectionsTable {
  name: string;
  created_at_ms: Ms;
}

export interface SecretsTable {
  connection: string;
  name: string;
  key_id: string;
  blob: string;
  updated_at_ms: Ms;
}

export interface CursorsTable {
  connection: string;
  flow: string;
  value: string;
  updated_at_ms: Ms;
}

export interface LeasesTable {
  connection: string;
  flow: string;
  holder: string;
  expires_at_ms: Ms;
  owner_host: string | null;
  owner_pid: number | null;
  owner_started_at_ms: Ms | null;
}

export interface LeaseTakeoversTable {
  id: string;
  connection: string;
  flow: string;
  at_ms: Ms;
  holder: string;
  previous_holder: string;
  previous_host: string | null;
  previous_pid: number | null;
  previous_started_at_ms: Ms | null;
  previous_expires_at_ms: Ms;
  reason: string;
}

export interface RunsTable {
  id: string;
  connection: string;
  flow: string;
  started_at_ms: Ms;
  ended_at_ms: Ms | null;
  outcome: string;
  counts: string;
  calls: string;
  error: string | null;
  dry_run: number;
}

export interface LinksTable {
  connection: string;
  flow: string;
  source_key: string;
  target_id: string | null;
  content_hash: string | null;
  state: string;
  order_stage: string | null;
  last_error: string | null;
  snapshot: string | null;
  last_run_id: string | null;
  updated_at_ms: Ms;
}

export interface AuditEventsTable {
  id: Generated<number | string>;
  connection: string;
  flow: string;
  source_key: string;
  run_id: string | null;
  at_ms: Ms;
  action: string;
  target_id: string | null;
  payload_hash: string | null;
  payload: string | null;
  error: string | null;
  detail: string | null;
}

export interface MassChangeHoldsTable {
  id: string;
  connection: string;
  flow: string;
  run_id: string;
  held_at_ms: Ms;
  tally: string;
  threshold: number;
  sample: string;
  status: string;
  confirmed_by: string | null;
  confirmed_at_ms: Ms | null;
  used_by_run_id: string | null;
}

export interface RecordHoldsTable {
  connection: string;
  flow: string;
  source_key: string;
  kind: string;
  reason: string;
  actor: string;
  at_ms: Ms;
  content_hash: string | null;
}

export interface ChangeEventsTable {
  connection: string;
  event_id: string;
  source: string;
  object_type: string;
  object_id: string;
  occurred_at_ms: Ms;
  received_at_ms: Ms;
  processed_at_ms: Ms | null;
}

export interface Database {
  connections: ConnectionsTable;
  secrets: SecretsTable;
  cursors: CursorsTable;
  leases: LeasesTable;
  lease_takeovers: LeaseTakeoversTable;
  runs: RunsTable;
  links: LinksTable;
  audit_events: AuditEventsTable;
  mass_change_holds: MassChangeHoldsTable;
  record_holds: RecordHoldsTable;
  change_events: ChangeEventsTable;
}
