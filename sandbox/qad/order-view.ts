/** Joins what an order's browse row and document show: life status, ship-to address, contact, invoices. */
import type { OrderView } from './assumed-order-shapes.js';
import { orderLifeStatus } from './order-life.js';
import type { SalesOrderRecord } from './sales-order-model.js';
import type { TenantStore } from './store.js';

/** The view of `order` in `store`. */
export function orderView(store: TenantStore, order: SalesOrderRecord): OrderView {
  const shipToCustomer = store.customers.get(order.shipToCustomerCode);
  return {
    order,
    lifeStatus: orderLifeStatus(order),
    shipTo: shipToCustomer && store.businessRelations.get(shipToCustomer.businessRelationCode),
    contact: order.contactId === '' ? undefined : store.contacts.get(order.contactId),
    invoices: store.orderBook.invoicesOf(order.domainCode, order.salesOrderNumber),
  };
}
