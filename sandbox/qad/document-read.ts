/** GET of business documents: `{"data":{"<collection>":[doc…]}}`, empty list when nothing matches. */
import { SHARED_SET_CODE, findDomain } from '../data/index.js';
import { orderHeaderDoc, orderLineDoc } from './assumed-order-shapes.js';
import {
  SO_PO_FIELD,
  businessRelationFields,
  contactDoc,
  customerFields,
  itemDoc,
  supplierFields,
} from './assumed-shapes.js';
import { concurrencyHash } from './concurrency-hash.js';
import { orderView } from './order-view.js';
import type { SalesOrderRecord } from './sales-order-model.js';
import type { RestContext } from './rest-context.js';

function withHash(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, concurrencyHash: concurrencyHash(doc) };
}

/** The customer document (with contacts and hash) for a code; undefined when unknown. */
export function customerDocument(
  ctx: Pick<RestContext, 'store'>,
  customerCode: string,
): Record<string, unknown> | undefined {
  const c = ctx.store.customers.get(customerCode);
  if (!c) return undefined;
  const br = ctx.store.businessRelations.get(c.businessRelationCode);
  return withHash({
    uri: `urn:be:com.qad.base.customer.ICustomerV2:${c.sharedSetCode}.${c.customerCode}`,
    ...customerFields(c, br),
    customerContactV2s: ctx.store.contactsOf(c.businessRelationCode).map(contactDoc),
  });
}

/** The supplier document for a code. */
export function supplierDocument(
  ctx: Pick<RestContext, 'store'>,
  supplierCode: string,
): Record<string, unknown> | undefined {
  const s = ctx.store.suppliers.get(supplierCode);
  if (!s) return undefined;
  const br = ctx.store.businessRelations.get(s.businessRelationCode);
  return withHash({
    uri: `urn:be:com.qad.base.supplier.ISupplierV2:${s.sharedSetCode}.${s.supplierCode}`,
    ...supplierFields(s, br),
    supplierContactV2s: ctx.store.contactsOf(s.businessRelationCode).map(contactDoc),
  });
}

/** The business-relation document for a code. */
export function businessRelationDocument(
  ctx: Pick<RestContext, 'store'>,
  code: string,
): Record<string, unknown> | undefined {
  const br = ctx.store.businessRelations.get(code);
  if (!br) return undefined;
  return withHash({
    uri: `urn:be:com.qad.base.address.IBusinessRelationV2:${code}`,
    ...businessRelationFields(
      br,
      ctx.store.customersOf(code)[0]?.customerCode ?? '',
      ctx.store.suppliersOf(code)[0]?.supplierCode ?? '',
    ),
    contactV2s: ctx.store.contactsOf(code).map(contactDoc),
  });
}

/** The item document for a code. */
export function itemDocument(
  ctx: Pick<RestContext, 'store'>,
  itemCode: string,
): Record<string, unknown> | undefined {
  const item = ctx.store.items.get(itemCode);
  return item && withHash(itemDoc(item));
}

/** The sales-order header document (with ship-to address, contact, life status and invoices). */
export function orderDocument(
  ctx: Pick<RestContext, 'store'>,
  order: SalesOrderRecord,
): Record<string, unknown> {
  return withHash(orderHeaderDoc(orderView(ctx.store, order), SO_PO_FIELD));
}

function list(collection: string, docs: (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  return { data: { [collection]: docs.filter((d): d is Record<string, unknown> => d !== undefined) } };
}

/** Answers a document GET; undefined for a collection this sandbox does not serve. */
export function readDocuments(ctx: RestContext, collection: string): Record<string, unknown> | undefined {
  const q = ctx.url.searchParams;
  const store = ctx.store;
  switch (collection) {
    case 'customerV2s': {
      if ((q.get('sharedSetCode') ?? SHARED_SET_CODE) !== SHARED_SET_CODE) return list(collection, []);
      const code = q.get('customerCode');
      if (code) return list(collection, [customerDocument(ctx, code)]);
      const br = q.get('businessRelationCode');
      return list(
        collection,
        br ? store.customersOf(br).map((c) => customerDocument(ctx, c.customerCode)) : [],
      );
    }
    case 'supplierV2s': {
      if ((q.get('sharedSetCode') ?? SHARED_SET_CODE) !== SHARED_SET_CODE) return list(collection, []);
      const code = q.get('supplierCode');
      if (code) return list(collection, [supplierDocument(ctx, code)]);
      const br = q.get('businessRelationCode');
      return list(
        collection,
        br ? store.suppliersOf(br).map((s) => supplierDocument(ctx, s.supplierCode)) : [],
      );
    }
    case 'businessRelationV2s':
      return list(collection, [businessRelationDocument(ctx, q.get('businessRelationCode') ?? '')]);
    case 'mfgCustomers': {
      const c = store.customers.get(q.get('customerCode') ?? '');
      const domain = findDomain(q.get('domainContext') ?? c?.domainCode ?? '');
      if (!c || !domain) return list(collection, []);
      return list(collection, [
        withHash({
          customerCode: c.customerCode,
          domainContext: domain.domainCode,
          siteCode: domain.siteCode,
          daybookSetCode: 'SO',
          currencyCode: c.currencyCode,
        }),
      ]);
    }
    case 'items':
      return list(collection, [itemDocument(ctx, q.get('itemCode') ?? '')]);
    case 'salesOrderHeaders': {
      const po = q.get(SO_PO_FIELD);
      if (po !== null) {
        const domain = q.get('domainCode');
        return list(
          collection,
          store
            .ordersByPurchaseOrder(po)
            .filter((o) => !domain || o.domainCode === domain)
            .map((o) => orderDocument(ctx, o)),
        );
      }
      const order = store.getOrder(
        q.get('domainCode') ?? ctx.workspaceDomain ?? '',
        q.get('salesOrderNumber') ?? '',
      );
      return list(collection, [order && orderDocument(ctx, order)]);
    }
    case 'salesOrderLinesGrid': {
      const order = store.getOrder(
        q.get('domainCode') ?? ctx.workspaceDomain ?? '',
        q.get('salesOrderNumber') ?? '',
      );
      return { data: { salesOrderLines: order ? order.lines.map((l) => orderLineDoc(order, l, 'U')) : [] } };
    }
    default:
      return undefined;
  }
}
