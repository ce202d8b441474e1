/**
 * Control-API record operations (`/_sandbox/records/{kind}`): dump, add, modify, deactivate.
 * Every write stamps `lastModifiedMs` with the sandbox clock; changes to a business relation or a
 * contact also bump the customers/suppliers that embed them.
 */
import {
  SHARED_SET_CODE,
  findDomain,
  type BusinessRelationRecord,
  type ContactRecord,
  type CustomerRecord,
  type ItemRecord,
  type SupplierRecord,
} from '../data/index.js';
import { json, type Reply } from './http-util.js';
import type { TenantStore } from './store.js';

/** Record kinds of the control API. */
export const RECORD_KINDS = ['customers', 'suppliers', 'businessRelations', 'contacts', 'items'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

type AnyRecord = BusinessRelationRecord | CustomerRecord | SupplierRecord | ContactRecord | ItemRecord;

function defaults(kind: RecordKind, body: Record<string, unknown>, nowMs: number): Record<string, unknown> {
  const domain = findDomain(typeof body.domainCode === 'string' ? body.domainCode : '10USA');
  const base: Record<string, Record<string, unknown>> = {
    businessRelations: {
      name1: '',
      name2: '',
      searchName: (typeof body.name1 === 'string' ? body.name1 : '').toUpperCase().slice(0, 28),
      isActive: true,
      languageCode: domain?.languageCode ?? 'us',
      domainCode: domain?.domainCode ?? '10USA',
      street1: '',
      street2: '',
      city: '',
      stateCode: '',
      zipCode: '',
      countryCode: domain?.countryCode ?? 'US',
      telephone: '',
      email: '',
      webSite: '',
    },
    customers: {
      sharedSetCode: SHARED_SET_CODE,
      domainCode: domain?.domainCode ?? '10USA',
      currencyCode: domain?.currencyCode ?? 'USD',
      creditTermsCode: 'N30',
      isActive: true,
    },
    suppliers: {
      sharedSetCode: SHARED_SET_CODE,
      domainCode: domain?.domainCode ?? '10USA',
      currencyCode: domain?.currencyCode ?? 'USD',
      creditTermsCode: 'N30',
      isActive: true,
    },
    contacts: {
      contactFunction: '',
      contactTitle: '',
      email: '',
      telephone: '',
      mobilePhone: '',
      isPrimary: false,
      isActive: true,
    },
    items: {
      domainCode: '10USA',
      description2: '',
      productLine: '',
      unitOfMeasure: 'EA',
      listPrice: 0,
      currencyCode: 'USD',
      itemType: 'PURCHASED',
      isActive: true,
      addedDate: new Date(nowMs).toISOString().slice(0, 10),
    },
  };
  const record: Record<string, unknown> = { ...base[kind], ...body, lastModifiedMs: nowMs };
  if (kind === 'customers' && !Array.isArray(record.acceptedCurrencies))
    record.acceptedCurrencies = [record.currencyCode];
  return record;
}

function table(store: TenantStore, kind: RecordKind) {
  return {
    businessRelations: store.businessRelations,
    customers: store.customers,
    suppliers: store.suppliers,
    contacts: store.contacts,
    items: store.items,
  }[kind] as {
    get(key: string): AnyRecord | undefined;
    keyOf(record: never): string;
    values(): IterableIterator<AnyRecord>;
    size: number;
  };
}

const KEY_FIELD: Readonly<Record<RecordKind, string>> = {
  businessRelations: 'businessRelationCode',
  customers: 'customerCode',
  suppliers: 'supplierCode',
  contacts: 'contactId',
  items: 'itemCode',
};

function put(store: TenantStore, kind: RecordKind, record: Record<string, unknown>, nowMs: number): void {
  switch (kind) {
    case 'businessRelations':
      store.putBusinessRelation(record as unknown as BusinessRelationRecord);
      store.touchBusinessRelation(String(record.businessRelationCode), nowMs);
      break;
    case 'customers':
      store.putCustomer(record as unknown as CustomerRecord);
      break;
    case 'suppliers':
      store.putSupplier(record as unknown as SupplierRecord);
      break;
    case 'contacts':
      store.putContact(record as unknown as ContactRecord);
      store.touchBusinessRelation(String(record.businessRelationCode), nowMs);
      break;
    case 'items':
      store.items.put(record as unknown as ItemRecord);
      break;
  }
}

/** `GET /_sandbox/records/{kind}?limit=&offset=`. */
export function dumpRecords(store: TenantStore, kind: RecordKind, url: URL): Reply {
  const t = table(store, kind);
  const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
  const limit = Number(url.searchParams.get('limit') ?? t.size) || t.size;
  const records: AnyRecord[] = [];
  let i = 0;
  for (const r of t.values()) {
    if (i >= offset && records.length < limit) records.push(r);
    i += 1;
  }
  return json(200, { records, total: t.size });
}

/** `POST /_sandbox/records/{kind}`: 201, 409 when the key exists, 400 when invalid. */
export function addRecord(
  store: TenantStore,
  kind: RecordKind,
  body: Record<string, unknown>,
  nowMs: number,
): Reply {
  const keyField = KEY_FIELD[kind];
  const key = body[keyField];
  if (typeof key !== 'string' || key === '') return json(400, { error: `${keyField} is required` });
  if (table(store, kind).get(key)) return json(409, { error: `${kind} ${key} already exists` });
  if (kind === 'customers' || kind === 'suppliers' || kind === 'contacts') {
    if (
      !store.businessRelations.get(
        typeof body.businessRelationCode === 'string' ? body.businessRelationCode : '',
      )
    )
      return json(400, { error: 'businessRelationCode must name an existing business relation' });
  }
  const record = defaults(kind, body, nowMs);
  put(store, kind, record, nowMs);
  return json(201, { record: table(store, kind).get(key) });
}

/** `PATCH /_sandbox/records/{kind}/{key}` (and deactivate, with `{isActive:false}`). */
export function modifyRecord(
  store: TenantStore,
  kind: RecordKind,
  key: string,
  changes: Record<string, unknown>,
  nowMs: number,
): Reply {
  const current = table(store, kind).get(key);
  if (!current) return json(404, { error: `${kind} ${key} not found` });
  const record: Record<string, unknown> = {
    ...current,
    ...changes,
    [KEY_FIELD[kind]]: key,
    lastModifiedMs: nowMs,
  };
  put(store, kind, record, nowMs);
  return json(200, { record: table(store, kind).get(key) });
}
