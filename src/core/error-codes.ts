/**
 * Every error code the product emits, with its kind and the remedy shown in docs/errors.md.
 * Add a code here before throwing it: `ErrorCode` is derived from this table, so an
 * undocumented code does not compile. Keep entries grouped by area and sorted within a group.
 */
import type { ErrorKind } from './errors.js';

interface ErrorCodeInfo {
  kind: ErrorKind;
  /** What happened, in one sentence, for docs/errors.md. */
  summary: string;
  /** What the operator should do. */
  remedy: string;
}

export const ERROR_CODES = {
  // --- generic
  INTERNAL: {
    kind: 'system',
    summary: 'An unexpected internal error.',
    remedy: 'Report it with the log line that carries the stack trace.',
  },

  // --- configuration and usage
  CONFIG_INVALID: {
    kind: 'config',
    summary: 'ml-connector.yaml failed validation; the message names the field and what was expected.',
    remedy: 'Fix the named field; `ml-connector config check` re-validates.',
  },
  CONFIG_NOT_FOUND: {
    kind: 'config',
    summary: 'The config file does not exist.',
    remedy: 'Run `ml-connector init` or pass `--config <path>`.',
  },
  CONFIG_SECRET_UNRESOLVED: {
    kind: 'config',
    summary: 'A secret reference (env:NAME or vault:NAME) could not be resolved.',
    remedy: 'Set the environment variable or store the secret with `ml-connector connect`.',
  },
  CONFIG_UNKNOWN_CONNECTION: {
    kind: 'config',
    summary: 'A --connection name does not exist in the config.',
    remedy: 'Use a name listed by `ml-connector config check`.',
  },
  KEY_UNKNOWN: {
    kind: 'config',
    summary: 'A source key given to `audit` or `replay` is not in the ledger (no link, no audit history).',
    remedy: 'Check the key (e.g. 10USA/BR0000005, or a deal id for orders) and the --connection.',
  },
  USAGE: {
    kind: 'config',
    summary: 'A command was called with invalid arguments.',
    remedy: 'See `ml-connector <command> --help`.',
  },

  // --- vault
  VAULT_KEY_MISSING: {
    kind: 'config',
    summary: 'No master key: neither ML_CONNECTOR_MASTER_KEY nor the key file exists.',
    remedy: 'Run `ml-connector init` or set ML_CONNECTOR_MASTER_KEY.',
  },
  VAULT_KEY_INVALID: {
    kind: 'config',
    summary: 'The master key is not 32 bytes of base64 or hex.',
    remedy: 'Restore the key file, or set a valid ML_CONNECTOR_MASTER_KEY.',
  },
  VAULT_KEY_FILE_MODE: {
    kind: 'config',
    summary: 'The key file is readable by other users.',
    remedy: 'chmod 600 the key file.',
  },
  VAULT_KEY_IN_USE: {
    kind: 'config',
    summary: '`keys retire` was asked to remove a retired master key that still seals secrets.',
    remedy:
      'Run `ml-connector keys rotate` (re-wraps every secret under a new key), then retire the old key.',
  },
  VAULT_WRONG_KEY: {
    kind: 'system',
    summary: 'A secret was sealed under a master key that is not available.',
    remedy: 'Provide the master key the secret was stored with, or store the secret again.',
  },
  VAULT_TAMPERED: {
    kind: 'system',
    summary: 'A stored secret failed its integrity check (modified or corrupted ciphertext).',
    remedy: 'Store the secret again with `ml-connector connect`.',
  },

  // --- store
  STORE_UNAVAILABLE: {
    kind: 'system',
    summary: 'The state store (SQLite file or PostgreSQL) cannot be opened or reached.',
    remedy: 'Check the `store` setting, file permissions, or that PostgreSQL is running.',
  },
  STORE_FILE_MODE: {
    kind: 'config',
    summary:
      'The SQLite ledger, or its -wal/-shm file, is readable by other users (it holds contact data and the sealed vault).',
    remedy: 'chmod 600 the file named in the message (and its -wal/-shm companions).',
  },
  STORE_MIGRATION_FAILED: {
    kind: 'system',
    summary: 'A schema migration failed.',
    remedy: 'See the cause in the log; the store is left at the last good migration.',
  },
  LEASE_HELD: {
    kind: 'transient',
    summary: 'Another process is running the same connection and flow.',
    remedy:
      'Wait for it to finish (exit code 4 says so); a lease whose holder died on this host is taken over at once, one of a vanished remote host expires within 30 s.',
  },
  INTERRUPTED: {
    kind: 'system',
    summary: 'The command was interrupted (Ctrl-C or SIGTERM); the batches in flight were committed.',
    remedy: 'Run it again: it resumes from the last committed checkpoint.',
  },

  // --- HTTP (either system)
  HTTP_STATUS: {
    kind: 'system',
    summary: 'A remote API answered with an unexpected HTTP status.',
    remedy: 'See the status and the remote message in the error.',
  },
  HTTP_SERVER_ERROR: {
    kind: 'transient',
    summary: 'A remote API answered 5xx after all retries.',
    remedy: 'Usually passes; the run is retried on the next schedule.',
  },
  HTTP_NETWORK: {
    kind: 'transient',
    summary: 'Connection refused, reset, or DNS failure after all retries.',
    remedy: 'Check network reachability of the host named in the error.',
  },
  HTTP_TIMEOUT: {
    kind: 'transient',
    summary: 'A request exceeded its timeout after all retries.',
    remedy: 'Raise `http.timeoutMs` or check the remote system.',
  },
  HTTP_BAD_BODY: {
    kind: 'transient',
    summary: 'A response body was truncated or not valid JSON/XML.',
    remedy: 'Usually passes; retried automatically.',
  },
  HTTP_REDIRECT: {
    kind: 'config',
    summary:
      'A remote API answered with a redirect (3xx); redirects are never followed, since they would carry credentials to the host named in the Location.',
    remedy:
      'Check the configured URL (`hubspot.baseUrl`, `qad.baseUrl`, `qad.qxtend.url`); if the target host named in the message is the right one, configure it directly.',
  },
  HTTP_BODY_TOO_LARGE: {
    kind: 'system',
    summary: 'A response body exceeded `http.maxResponseBytes`; the request was aborted.',
    remedy:
      'Check the URL points at the real HubSpot or QAD; raise `http.maxResponseBytes` only if that system legitimately answers this much.',
  },
  HTTP_RATE_LIMITED: {
    kind: 'transient',
    summary: 'A remote API kept answering 429 (or asked to wait longer than we sleep) after all retries.',
    remedy: 'Usually passes on the next run; lower concurrency if it persists.',
  },

  // --- HubSpot
  HUBSPOT_APP_CREDENTIALS_INVALID: {
    kind: 'auth',
    summary: "HubSpot refused the project app's client id or secret (pull mode: the webhooks journal).",
    remedy:
      'Check hubspot.changeEvents.appClientId and appClientSecret against the app in HubSpot (Auth tab).',
  },
  HUBSPOT_JOURNAL_UNEXPECTED: {
    kind: 'system',
    summary: 'The webhooks journal or its subscription API answered something the connector does not expect.',
    remedy: 'Look at the logged status and body; polling keeps finding closed deals meanwhile.',
  },
  HUBSPOT_AUTH_INVALID: {
    kind: 'auth',
    summary: 'HubSpot rejected the token (401): revoked, rotated or mistyped.',
    remedy: 'Create a new service key or private-app token and run `ml-connector connect hubspot`.',
  },
  HUBSPOT_MISSING_SCOPES: {
    kind: 'auth',
    summary: 'The HubSpot token lacks required scopes (named in the message).',
    remedy: 'Add the named scopes to the service key / private app.',
  },
  HUBSPOT_RATE_LIMITED: {
    kind: 'transient',
    summary: 'HubSpot answered 429 after all retries.',
    remedy: 'Lower concurrency or `hubspot.rateLimit`; check other apps sharing the portal.',
  },
  HUBSPOT_DAILY_LIMIT: {
    kind: 'transient',
    summary:
      "HubSpot's daily API budget for the portal is spent; flows pause until the portal's local midnight.",
    remedy: 'Wait for the reset, or buy the API limit increase.',
  },
  HUBSPOT_VALIDATION: {
    kind: 'data',
    summary: 'HubSpot rejected a record (VALIDATION_ERROR, invalid option, bad number or date).',
    remedy: 'Fix the named property in QAD or the mapping; then `ml-connector replay`.',
  },
  HUBSPOT_VALIDATION_RULE: {
    kind: 'data',
    summary:
      "A HubSpot portal validation rule refused a record's value; it is quarantined with the rule's message.",
    remedy:
      'Fix the value in QAD (the next sync sends it), or have the rule relaxed and `ml-connector replay <key>`.',
  },
  HUBSPOT_CONFLICT: {
    kind: 'data',
    summary:
      'HubSpot reported a conflict (duplicate unique value, or contact email owned by another contact).',
    remedy: 'See the existing record id in the message; adjust `contacts.emailConflict` policy or the data.',
  },
  HUBSPOT_PROPERTY_MISMATCH: {
    kind: 'config',
    summary: 'A HubSpot property exists with the wrong type, options or uniqueness for the mapping.',
    remedy: 'Fix or recreate the property as the message describes, or change the mapping.',
  },
  HUBSPOT_PAGING_LOOP: {
    kind: 'system',
    summary: 'HubSpot returned the same page token twice.',
    remedy: 'Report it; the run stops instead of looping.',
  },
  HUBSPOT_OBJECT_NOT_FOUND: {
    kind: 'data',
    summary: 'HubSpot reported a record id that does not exist (deleted or never created).',
    remedy: 'The link is stale; a full sync re-creates or re-links the record.',
  },
  HUBSPOT_MIGRATION_IN_PROGRESS: {
    kind: 'transient',
    summary:
      'HubSpot answered 477: the account is moving between data-hosting locations (Retry-After can be hours).',
    remedy: 'Wait; the message carries the time HubSpot asked us to resume.',
  },
  HUBSPOT_NO_CLOSED_WON_STAGE: {
    kind: 'config',
    summary: 'No deal stage is closed-won (isClosed=true, probability=1.0) and none is configured.',
    remedy: 'Set `flows.orders.closedWonStages` or fix the pipeline.',
  },

  // --- QAD
  QAD_URL_INVALID: {
    kind: 'config',
    summary: 'The QAD tenant URL is not https (except on loopback) or embeds credentials.',
    remedy: 'Use https://<tenant>.qad.com/clouderp with no user:password@ part.',
  },
  QAD_AUTH_INVALID: {
    kind: 'auth',
    summary: 'QAD rejected the login (OAuth password grant) or a token after one re-login.',
    remedy: 'Check client id, user and password; run `ml-connector connect qad`.',
  },
  QAD_PERMISSION_DENIED: {
    kind: 'auth',
    summary: 'The QAD user lacks permission on a resource (403 or permission probe false).',
    remedy: 'Grant the role named in docs/quick-start.md to the integration user.',
  },
  QAD_SUBMIT_FAILED: {
    kind: 'data',
    summary: 'QAD answered submitResult.success=false; the message carries its field-named errors.',
    remedy: 'Fix the named field on the deal or in QAD; then `ml-connector replay`.',
  },
  QAD_QXTEND_FAULT: {
    kind: 'system',
    summary: 'QXtend answered a SOAP Fault (unknown receiver, bad XML).',
    remedy: 'Check `qad.qxtend.receiver` and the version.',
  },
  QAD_QXTEND_ERROR: {
    kind: 'data',
    summary: 'QXtend answered result=error with dsExceptions.',
    remedy: 'Fix the fields named in the exceptions; then replay.',
  },
  QAD_ORDER_NOT_FOUND_AFTER_CREATE: {
    kind: 'transient',
    summary: 'QAD reported success but the order cannot be read back (e.g. QXtend silent no-op).',
    remedy: 'The order stays pending and is retried; check QXtend logs if it persists.',
  },
  QAD_TENANT_NOT_FOUND: {
    kind: 'config',
    summary: 'The QAD tenant URL does not answer like a QAD tenant (404 on /oauth/token or wrong path).',
    remedy: 'Check `qad.baseUrl`: https://<tenant>.qad.com/clouderp (cloud) or …/qad-central (on-premise).',
  },
  QAD_BROWSE_LOOP: {
    kind: 'system',
    summary: 'A QAD browse returned the same page twice while paging.',
    remedy: 'Report it; the run stops instead of looping. A smaller page size may avoid it.',
  },
  QAD_BAD_RESPONSE: {
    kind: 'transient',
    summary: 'QAD answered 200 with a body that has none of the expected envelopes.',
    remedy: 'Usually passes; if it persists, the tenant version differs from the reference.',
  },
  QAD_FILTER_VALUE_INVALID: {
    kind: 'data',
    summary:
      'A QAD browse filter would carry a comma in its value; the filter text (field,op,value,literal) has no documented escape, so the lookup is refused.',
    remedy:
      'None usually: the connector reads around it (a whole browse, or skips a lookup). If a record is reported, rename the code in QAD.',
  },
  QAD_ORDER_CONFLICT: {
    kind: 'data',
    summary: 'The derived order number exists in QAD with a different customer PO (another order).',
    remedy: 'Change `qad.orders.orderNumberPrefix` or investigate the existing order.',
  },

  // --- dashboard
  DASHBOARD_BAD_REQUEST: {
    kind: 'data',
    summary:
      'A dashboard API request was malformed (bad JSON, missing field, unknown flow); the message names it.',
    remedy:
      'Fix the request as the message says; the pages send well-formed requests, so this comes from a script calling /api/*.',
  },
  HOOKS_LISTEN_FAILED: {
    kind: 'config',
    summary: 'The webhook listener (hooks.host/hooks.port) could not bind its address.',
    remedy:
      'Free the port or choose another `hooks.port`, or serve hooks on the dashboard (`hooks.onDashboard`).',
  },
  HOOKS_NO_DASHBOARD: {
    kind: 'config',
    summary:
      '`hooks.onDashboard: true` but this process serves no dashboard: the config has no `dashboard` block, or `run --role` (the queue roles serve none).',
    remedy:
      'Add a `dashboard` block and run without `--role`, or drop `hooks.onDashboard` so the receiver listens on `hooks.host:hooks.port`.',
  },
  DASHBOARD_LISTEN_FAILED: {
    kind: 'config',
    summary: 'The dashboard cannot listen on the configured host and port (in use, or not allowed).',
    remedy: 'Change `dashboard.port` / `dashboard.host`, or stop the process holding the port.',
  },
  DASHBOARD_TOKEN_MISSING: {
    kind: 'config',
    summary: 'The dashboard has no token configured; there is no default password, so it refuses to start.',
    remedy:
      'Set `dashboard.token` to a secret reference, e.g. env:ML_DASHBOARD_TOKEN, and set that variable.',
  },
  DASHBOARD_TOKEN_WEAK: {
    kind: 'config',
    summary:
      'The dashboard token is shorter than 32 characters, or made of too few different characters (a repeated character or a short repeated pattern).',
    remedy:
      'Generate one: `ml-connector init --dashboard-token` seals a random token in the vault; or set the variable to `openssl rand -base64 32`.',
  },

  // --- scale-out (pg-boss roles)
  SCALE_NEEDS_POSTGRES: {
    kind: 'config',
    summary: '`run --role scheduler|worker` was used with the SQLite store; the queue needs PostgreSQL.',
    remedy: 'Set `store:` to a postgres:// URL, or run `ml-connector run` (embedded scheduler) on SQLite.',
  },
  SCALE_QUEUE_UNAVAILABLE: {
    kind: 'system',
    summary: 'The pg-boss job queue could not be started or reached in PostgreSQL.',
    remedy: 'Check that PostgreSQL is up and the store user may create the queue schema.',
  },
  SCALE_PASS_RETRY: {
    kind: 'transient',
    summary:
      'A queued pass could not run yet (a flow lease is still held by a stopped worker); it is retried.',
    remedy: 'Nothing to do: the queue retries it once the lease expires.',
  },

  // --- engine
  FLOW_DEPENDENCY_FAILED: {
    kind: 'system',
    summary: 'A flow was not run because a flow it depends on failed in the same pass.',
    remedy: 'Fix the failed flow (see its error); the dependent flow runs on the next pass.',
  },
  MASS_CHANGE_HELD: {
    kind: 'data',
    summary:
      'A run would archive, inactivate or change more than the allowed share of the records the flow has linked (flows.<flow>.massChange); it stopped before writing anything.',
    remedy:
      "Check the counts and sample keys in the message (a wrong QAD domain, a half-finished migration, a mapping change?). If the change is meant, confirm it: `ml-connector sync <flow> --confirm-mass-change`, or Confirm on the dashboard's Mass changes page.",
  },
  LEASE_LOST: {
    kind: 'transient',
    summary:
      'The run lost its lease (renewal failed or another process took it); it stopped after its batch.',
    remedy: 'Nothing to do: the next run resumes from the last committed checkpoint.',
  },

  // --- mapping and orders (per-record outcomes)
  MAPPING_INVALID: {
    kind: 'config',
    summary: 'A mapping in the config refers to an unknown field, property or transform.',
    remedy: 'Fix the mapping named in the message.',
  },
  AMBIGUOUS_MATCH: {
    kind: 'data',
    summary:
      'A record never synced matches two or more existing HubSpot records by the same rule, or matches one that another source record also matches (e.g. two QAD contacts sharing an e-mail); none was adopted and nothing was created.',
    remedy:
      'Pick the right one with `ml-connector link <source key> <hubspot id>` (the candidates and the other source records are listed), merge the duplicates in HubSpot, or correct the shared value in QAD.',
  },
  LINK_REFUSED: {
    kind: 'config',
    summary:
      '`link` or `unlink` was refused: the HubSpot record is linked to another source key, carries another QAD key, or does not exist.',
    remedy: 'Check the ids in the message; `unlink` the other key first if the link is wrong.',
  },
  RECORD_INVALID: {
    kind: 'data',
    summary: 'A source record failed validation before sending (field named in the message).',
    remedy: 'Fix the record at its source; then `ml-connector replay`.',
  },
  QAD_ORDER_WAITING: {
    kind: 'transient',
    summary:
      'A QAD sales order (or its line) waits: its customer is not synced to a HubSpot company yet (or its order is not written yet).',
    remedy:
      'Nothing to do: the accounts flow syncs the customer and the next `qad-orders` run writes the order.',
  },
  ORDER_NO_COMPANY: {
    kind: 'data',
    summary: 'The closed-won deal has no associated company linked to a QAD customer.',
    remedy: 'Associate the deal with a company synced from QAD; the order is retried on replay.',
  },
  ORDER_UNMAPPED_PRODUCT: {
    kind: 'data',
    summary: 'A line item refers to a product not linked to a QAD item.',
    remedy: 'Sync the catalog or use a product from QAD; then replay.',
  },
  ORDER_CURRENCY_MISMATCH: {
    kind: 'data',
    summary: "The deal's currency is not one the QAD customer accepts.",
    remedy: 'Change the deal currency or the customer setup in QAD.',
  },
  ORDER_AMOUNT_MISMATCH: {
    kind: 'data',
    summary: 'The sum of the line items differs from the deal amount beyond the rounding tolerance.',
    remedy: 'Correct the line items or the amount.',
  },
  ORDER_NO_LINES: {
    kind: 'data',
    summary: 'The closed-won deal has no line items.',
    remedy: 'Add line items from the QAD catalog.',
  },
  ORDER_INVALID_QUANTITY: {
    kind: 'data',
    summary: 'A line item has a zero, negative or fractional quantity where QAD needs a positive one.',
    remedy: 'Fix the quantity on the deal.',
  },
  ORDER_INVALID_TEXT: {
    kind: 'data',
    summary:
      'A value the order would carry (customer code, item code, unit, currency) holds a control character that XML 1.0 and QAD cannot take; the order is not sent.',
    remedy:
      'Fix the code in QAD (the message names the field and the character), sync, then replay the deal.',
  },
  ORDER_SUBMISSION_UNCONFIRMED: {
    kind: 'transient',
    summary:
      'An order was sent to QAD but its outcome is not confirmed yet (interrupted, lost response, or read back incomplete).',
    remedy:
      'None usually: the next run looks the order up by its PO reference and confirms it, never duplicates it.',
  },
  RECORD_HOLD_REFUSED: {
    kind: 'data',
    summary:
      'A resolve or exclude was refused: no reason given, no such record, the record is ok, or its order is in flight to QAD.',
    remedy:
      'Give a reason and a record that needs attention; an order in flight is confirmed by the next run, not held.',
  },
  ORDER_WRITEBACK_PENDING: {
    kind: 'transient',
    summary: 'The QAD order is confirmed but its number is not yet written back on the HubSpot deal.',
    remedy: 'None usually: the write-back is retried on the next run (no new order is created).',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;
