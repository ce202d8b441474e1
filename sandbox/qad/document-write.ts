/**
 * POST of master-data documents (`customerV2s`, `supplierV2s`, `businessRelationV2s`,
 * `mfgCustomers`, `items`): `dataOperation` C creates, U/M updates with a matching
 * `concurrencyHash`; all documents of one POST are validated before any is stored.
 * Every write stamps `lastModified*` with the sandbox clock.
 */
import { FIELD_LIMITS, SHARED_SET_CODE, charLength, findDomain, type ContactRecord } from '../data/index.js';
import { ERROR_CODES, type BusinessError } from './assumed-shapes.js';
import {
  businessRelationDocument,
  customerDocument,
  itemDocument,
  supplierDocument,
} from './document-read.js';
import { asObject } from './http-util.js';
import type { RestContext } from './rest-context.js';

type Apply = () => void;

function err(code: string, message: string, fieldName: string, value?: unknown): BusinessError {
  return { code, message, fieldName, severity: 1, ...(value === undefined ? {} : { value }) };
}

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const bool = (v: unknown, d: boolean): boolean =>
  typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : d;
const num = (v: unknown, d: number): number =>
  typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : d;

function maxLength(errors: BusinessError[], fieldName: string, value: string, max: number): void {
  if (charLength(value) > max)
    errors.push(err(ERROR_CODES.format, `Value exceeds format x(${max}).`, fieldName, value));
}

/** Create/update bookkeeping common to every collection: existence and the concurrency hash. */
function checkOperation(
  doc: Record<string, unknown>,
  keyField: string,
  current: Record<string, unknown> | undefined,
  errors: BusinessError[],
): 'create' | 'update' | undefined {
  const op = str(doc.dataOperation, 'C').toUpperCase();
  const key = str(doc[keyField]);
  if (key === '') {
    errors.push(err(ERROR_CODES.mandatory, `${keyField} is mandatory.`, keyField));
    return undefined;
  }
  if (op === 'C' || op === 'CREATE') {
    if (current) errors.push(err(ERROR_CODES.recordExists, 'Record already exists.', keyField, key));
    return 'create';
  }
  if (!current) {
    errors.push(err(ERROR_CODES.recordNotFound, 'Record does not exist.', keyField, key));
    return undefined;
  }
  if (doc.concurrencyHash !== current.concurrencyHash) {
    errors.push(
      err(
        ERROR_CODES.concurrency,
        'Record was changed by another user; read it again.',
        'concurrencyHash',
        doc.concurrencyHash,
      ),
    );
  }
  return 'update';
}

function contactsFrom(ctx: RestContext, brCode: string, value: unknown, nowMs: number): ContactRecord[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw, i) => {
    const c = asObject(raw);
    const id = str(c.contactId) || `${brCode}-${ctx.store.contactsOf(brCode).length + i + 1}`;
    const previous = ctx.store.contacts.get(id);
    return {
      contactId: id,
      businessRelationCode: brCode,
      contactName: str(c.contactName, previous?.contactName ?? ''),
      contactFunction: str(c.contactFunction, previous?.contactFunction ?? ''),
      contactTitle: str(c.contactTitle, previous?.contactTitle ?? ''),
      email: str(c.contactEmail, previous?.email ?? ''),
      telephone: str(c.contactTelephone, previous?.telephone ?? ''),
      mobilePhone: str(c.contactMobilePhone, previous?.mobilePhone ?? ''),
      isPrimary: bool(c.isPrimary, previous?.isPrimary ?? false),
      isActive: bool(c.isActive, previous?.isActive ?? true),
      lastModifiedMs: nowMs,
    };
  });
}

function customerLike(
  ctx: RestContext,
  doc: Record<string, unknown>,
  kind: 'customer' | 'supplier',
  errors: BusinessError[],
): Apply | undefined {
  const keyField = kind === 'customer' ? 'customerCode' : 'supplierCode';
  const code = str(doc[keyField]);
  const currentDoc = kind === 'customer' ? customerDocument(ctx, code) : supplierDocument(ctx, code);
  const op = checkOperation(doc, keyField, currentDoc, errors);
  const previous = kind === 'customer' ? ctx.store.customers.get(code) : ctx.store.suppliers.get(code);
  const brCode = str(doc.businessRelationCode, previous?.businessRelationCode ?? '');
  const br = ctx.store.businessRelations.get(brCode);
  if (!br)
    errors.push(
      err(ERROR_CODES.recordNotFound, 'Business relation does not exist.', 'businessRelationCode', brCode),
    );
  maxLength(errors, keyField, code, FIELD_LIMITS.customerCode);
  const domainCode = str(doc.domainCode, previous?.domainCode ?? ctx.workspaceDomain ?? br?.domainCode ?? '');
  const domain = findDomain(domainCode);
  if (!domain)
    errors.push(err(ERROR_CODES.unknownDomain, 'Domain does not exist.', 'domainCode', domainCode));
  const currencyCode = str(doc.currencyCode, previous?.currencyCode ?? domain?.currencyCode ?? '');
  if (op === undefined || !br || !domain) return undefined;
  const nowMs = ctx.clock.nowMs();
  const common = {
    businessRelationCode: brCode,
    sharedSetCode: str(doc.sharedSetCode, SHARED_SET_CODE),
    domainCode,
    currencyCode,
    creditTermsCode: str(doc.creditTermsCode, previous?.creditTermsCode ?? 'N30'),
    isActive: bool(doc.isActive, previous?.isActive ?? true),
    lastModifiedMs: nowMs,
  };
  const contacts = contactsFrom(
    ctx,
    brCode,
    doc[kind === 'customer' ? 'customerContactV2s' : 'supplierContactV2s'],
    nowMs,
  );
  return () => {
    if (kind === 'customer') {
      const accepted = doc.acceptedCurrencies;
      const list = Array.isArray(accepted)
        ? accepted.map(String)
        : typeof accepted === 'string' && accepted !== ''
          ? accepted.split(',')
          : ctx.store.customers.get(code)?.acceptedCurrencies;
      const acceptedCurrencies = [...new Set([currencyCode, ...(list ?? [])])];
      ctx.store.putCustomer({ customerCode: code, ...common, acceptedCurrencies });
    } else ctx.store.putSupplier({ supplierCode: code, ...common });
    for (const c of contacts) ctx.store.putContact(c);
    if (contacts.length > 0) ctx.store.touchBusinessRelation(brCode, nowMs);
  };
}

function businessRelation(
  ctx: RestContext,
  doc: Record<string, unknown>,
  errors: BusinessError[],
): Apply | undefined {
  const code = str(doc.businessRelationCode);
  const op = checkOperation(doc, 'businessRelationCode', businessRelationDocument(ctx, code), errors);
  const p = ctx.store.businessRelations.get(code);
  const name1 = str(doc.businessRelationName1, p?.name1 ?? '');
  if (name1 === '') errors.push(err(ERROR_CODES.mandatory, 'Name is mandatory.', 'businessRelationName1'));
  maxLength(errors, 'businessRelationCode', code, FIELD_LIMITS.businessRelationCode);
  maxLength(errors, 'businessRelationName1', name1, FIELD_LIMITS.businessRelationName);
  const searchName = str(
    doc.businessRelationSearchName,
    p?.searchName ?? name1.toUpperCase().slice(0, FIELD_LIMITS.searchName),
  );
  maxLength(errors, 'businessRelationSearchName', searchName, FIELD_LIMITS.searchName);
  if (op === undefined) return undefined;
  const nowMs = ctx.clock.nowMs();
  const contacts = contactsFrom(ctx, code, doc.contactV2s, nowMs);
  return () => {
    ctx.store.putBusinessRelation({
      businessRelationCode: code,
      name1,
      name2: str(doc.businessRelationName2, p?.name2 ?? ''),
      searchName,
      isActive: bool(doc.isActive, p?.isActive ?? true),
      languageCode: str(doc.languageCode, p?.languageCode ?? 'us'),
      domainCode: str(doc.domainCode, p?.domainCode ?? ctx.workspaceDomain ?? '10USA'),
      street1: str(doc.headOfficeStreet1, p?.street1 ?? ''),
      street2: str(doc.headOfficeStreet2, p?.street2 ?? ''),
      city: str(doc.headOfficeCity, p?.city ?? ''),
      stateCode: str(doc.headOfficeStateCode, p?.stateCode ?? ''),
      zipCode: str(doc.headOfficeZipCode, p?.zipCode ?? ''),
      countryCode: str(doc.headOfficeCountryCode, p?.countryCode ?? ''),
      telephone: str(doc.telephone, p?.telephone ?? ''),
      email: str(doc.EMail, p?.email ?? ''),
      webSite: str(doc.webSite, p?.webSite ?? ''),
      lastModifiedMs: nowMs,
    });
    for (const c of contacts) ctx.store.putContact(c);
    ctx.store.touchBusinessRelation(code, nowMs);
  };
}

function item(ctx: RestContext, doc: Record<string, unknown>, errors: BusinessError[]): Apply | undefined {
  const code = str(doc.itemCode);
  const op = checkOperation(doc, 'itemCode', itemDocument(ctx, code), errors);
  const p = ctx.store.items.get(code);
  const description = str(doc.description, p?.description ?? '');
  maxLength(errors, 'itemCode', code, FIELD_LIMITS.itemCode);
  maxLength(errors, 'description', description, FIELD_LIMITS.itemDescription);
  if (op === undefined) return undefined;
  const status = str(doc.itemStatus, p ? (p.isActive ? 'ACTIVE' : 'INACTIVE') : 'ACTIVE');
  const nowMs = ctx.clock.nowMs();
  return () =>
    ctx.store.items.put({
      itemCode: code,
      domainCode: str(doc.domainCode, p?.domainCode ?? '10USA'),
      description,
      description2: str(doc.description2, p?.description2 ?? ''),
      productLine: str(doc.productLine, p?.productLine ?? ''),
      unitOfMeasure: str(doc.unitOfMeasure, p?.unitOfMeasure ?? 'EA'),
      listPrice: num(doc.listPrice, p?.listPrice ?? 0),
      currencyCode: str(doc.currencyCode, p?.currencyCode ?? 'USD'),
      itemType: str(doc.itemType, p?.itemType ?? 'PURCHASED'),
      isActive: status.toUpperCase() === 'ACTIVE',
      addedDate: p?.addedDate ?? new Date(nowMs).toISOString().slice(0, 10),
      lastModifiedMs: nowMs,
    });
}

function mfgCustomer(
  ctx: RestContext,
  doc: Record<string, unknown>,
  errors: BusinessError[],
): Apply | undefined {
  const c = ctx.store.customers.get(str(doc.customerCode));
  const domain = findDomain(str(doc.domainContext, c?.domainCode ?? ''));
  if (!c)
    errors.push(
      err(ERROR_CODES.unknownCustomer, 'Customer does not exist.', 'customerCode', doc.customerCode),
    );
  if (!domain)
    errors.push(err(ERROR_CODES.unknownDomain, 'Domain does not exist.', 'domainContext', doc.domainContext));
  if (!c || !domain) return undefined;
  return () =>
    ctx.store.putCustomer({ ...c, domainCode: domain.domainCode, lastModifiedMs: ctx.clock.nowMs() });
}

/** Writers per collection (sales orders are handled in sales-order-rest.ts). */
export const DOCUMENT_WRITERS: Readonly<
  Record<
    string,
    (ctx: RestContext, doc: Record<string, unknown>, errors: BusinessError[]) => Apply | undefined
  >
> = {
  customerV2s: (ctx, doc, errors) => customerLike(ctx, doc, 'customer', errors),
  supplierV2s: (ctx, doc, errors) => customerLike(ctx, doc, 'supplier', errors),
  businessRelationV2s: businessRelation,
  items: item,
  mfgCustomers: mfgCustomer,
};

/** Validates every document of the POST, then applies all of them; errors (if any) and nothing stored otherwise. */
export function writeDocuments(ctx: RestContext, collection: string): BusinessError[] | undefined {
  const writer = DOCUMENT_WRITERS[collection];
  if (!writer) return undefined;
  const docs = asObject(ctx.body)[collection];
  if (!Array.isArray(docs) || docs.length === 0)
    return [err(ERROR_CODES.mandatory, `Body must contain a non-empty ${collection} array.`, collection)];
  const errors: BusinessError[] = [];
  const applies = docs.map((doc) => writer(ctx, asObject(doc), errors));
  if (errors.length > 0) return errors;
  for (const apply of applies) apply?.();
  return [];
}
