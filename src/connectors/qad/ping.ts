/**
 * `ping` for QAD (docs/operations.md): the login works, the user holds the order permission, each
 * configured browse answers with its columns, and each business-document path answers. Each check
 * is reported on its own; expected failures are results, not exceptions.
 */
import { isConnectorError, messageOf } from '../../core/errors.js';
import type { QadClient } from './client.js';
import { QAD_DOCUMENTS, type QadEntity } from './defaults.js';

/** One line of `ml-connector ping`. `check` is `login`, `permission`, `browse:<entity>` or `document:<collection>`. */
export interface PingCheck {
  system: 'qad';
  check: string;
  ok: boolean;
  detail: string;
}

/** What to probe. */
export interface QadPingConfig {
  /** Entities whose browse the enabled flows read; default all six. */
  entities?: QadEntity[];
  /** Document collections to probe; default customerV2s, supplierV2s, businessRelationV2s, items, salesOrderHeaders. */
  documents?: string[];
  /** Probe the CREATE permission on sales orders (default true; off when the orders flow is disabled). */
  orders?: boolean;
}

export const DEFAULT_PING_ENTITIES: QadEntity[] = [
  'customer',
  'supplier',
  'businessRelation',
  'contact',
  'item',
  'salesOrder',
];
/** The column that must exist in a row of each browse (the record key). */
const KEY_COLUMN: Record<QadEntity, string> = {
  customer: 'customerCode',
  supplier: 'supplierCode',
  businessRelation: 'businessRelationCode',
  contact: 'contactId',
  item: 'itemCode',
  salesOrder: 'orderNumber',
  salesOrderHeader: 'orderNumber',
  salesOrderLine: 'orderNumber',
};
/** Key parameters that match nothing, so a probe reads no data. */
const DOCUMENT_PROBES: Record<string, Record<string, string>> = {
  customerV2s: { customerCode: '~ping~' },
  supplierV2s: { supplierCode: '~ping~' },
  businessRelationV2s: { businessRelationCode: '~ping~' },
  items: { itemCode: '~ping~' },
  salesOrderHeaders: { salesOrderNumber: '~ping~' },
};

/** Runs every check; a failed login short-circuits the rest (they would all fail the same way). */
export async function pingQad(client: QadClient, config: QadPingConfig = {}): Promise<PingCheck[]> {
  const checks: PingCheck[] = [];
  const add = (check: string, ok: boolean, detail: string): void => {
    checks.push({ system: 'qad', check, ok, detail });
  };
  const host = new URL(client.baseUrl).host;

  try {
    await client.login();
    add('login', true, `logged in to ${host} as ${client.username}`);
  } catch (error) {
    add('login', false, messageOf(error));
    return checks;
  }

  if (config.orders ?? true) {
    try {
      const uri = QAD_DOCUMENTS.salesOrderPermissionUri;
      const allowed = await client.hasPermission(uri, 'CREATE');
      add(
        'permission',
        allowed,
        allowed
          ? `user ${client.username} may create sales orders`
          : `user ${client.username} lacks CREATE permission on ${uri}; grant it to the integration role`,
      );
    } catch (error) {
      add('permission', false, messageOf(error));
    }
  }

  for (const entity of config.entities ?? DEFAULT_PING_ENTITIES) {
    const spec = client.browses[entity];
    const keyColumn = (spec.columns as Record<string, string>)[KEY_COLUMN[entity]] ?? '';
    try {
      let first: Record<string, unknown> | undefined;
      for await (const page of client.browse(spec.browseId, { pageSize: 1 })) {
        first = page[0];
        break;
      }
      if (first === undefined) {
        const orderBrowse = entity.startsWith('salesOrder');
        add(
          `browse:${entity}`,
          orderBrowse,
          orderBrowse
            ? `browse ${spec.browseId} answered with no rows (no orders yet; columns not verified)`
            : `browse ${spec.browseId} (${entity}) answered with no columns: unknown browse id, or no data; set qad.browses.${entity}`,
        );
        continue;
      }
      const missing = Object.values(spec.columns as Record<string, string>).filter((c) => !(c in first));
      if (!(keyColumn in first)) {
        add(
          `browse:${entity}`,
          false,
          `browse ${spec.browseId} (${entity}) has no column ${keyColumn}; set qad.browses.${entity}.columns`,
        );
      } else {
        add(
          `browse:${entity}`,
          true,
          `browse ${spec.browseId} answers${missing.length > 0 ? ` (columns not present in the first row: ${missing.join(', ')})` : ''}`,
        );
      }
    } catch (error) {
      add(`browse:${entity}`, false, `browse ${spec.browseId} (${entity}): ${messageOf(error)}`);
    }
  }

  for (const collection of config.documents ?? Object.keys(DOCUMENT_PROBES)) {
    const params = { ...(DOCUMENT_PROBES[collection] ?? {}), domainCode: client.domain };
    try {
      await client.getDocument(collection, params);
      add(`document:${collection}`, true, `/api/erp/${collection} answers`);
    } catch (error) {
      const status = isConnectorError(error) ? error.details['status'] : undefined;
      add(
        `document:${collection}`,
        false,
        status === 404
          ? `/api/erp/${collection} not found on ${host} (404)`
          : `/api/erp/${collection}: ${messageOf(error)}`,
      );
    }
  }
  return checks;
}
