/**
 * Default mappings of the `qad-orders` flow: QAD sales orders → HubSpot orders (upserted on
 * `qad_order_key`) and their lines → HubSpot line items (upserted on `qad_order_line_key`).
 * The order mapping is overridable per connection (`flows.qad-orders.mapping`).
 */
import type { QadOrder, QadOrderLine } from '../../connectors/qad/index.js';
import type { MappingTable } from '../../engine/mapping.js';
import { LINE_KEY_PROPERTY, ORDER_KEY_PROPERTY } from './hubspot-properties.js';
import type { OrderStages } from './order-stages.js';

/**
 * The field view an order mapping reads: the QAD order, plus `pipeline` and `pipelineStage`, the
 * order pipeline and the stage of its life status resolved at run start (order-stages.ts; null
 * without them: not sent).
 */
export function orderView(o: QadOrder, stages: OrderStages | null = null): Record<string, unknown> {
  return {
    pipeline: stages?.pipelineId ?? null,
    pipelineStage: stages?.stageOf.get(o.lifeStatus) ?? null,
    key: o.key,
    orderNumber: o.orderNumber,
    name: `${o.orderNumber}${o.shipTo.name === '' ? '' : ` – ${o.shipTo.name}`}`,
    domain: o.domain,
    customerCode: o.customerCode,
    po: o.po,
    currency: o.currency,
    total: o.total,
    orderDate: o.orderDate,
    requestedDate: o.requestedDate,
    shipDate: o.shipDate,
    invoiceDate: o.invoiceDate,
    lifeStatus: o.lifeStatus,
    actionStatus: o.actionStatus,
    invoiceNumbers: o.invoiceNumbers,
    invoicedAmount: o.invoicedAmount,
    source: o.source,
    shipToName: o.shipTo.name,
    shipToStreet: o.shipTo.street,
    shipToCity: o.shipTo.city,
    shipToState: o.shipTo.state,
    shipToZip: o.shipTo.zip,
    shipToCountry: o.shipTo.country,
    modifiedDate: o.modifiedDate,
  };
}

export const ORDER_MAPPING: MappingTable = {
  fields: Object.keys(orderView({ shipTo: {} } as QadOrder)),
  rows: [
    {
      property: ORDER_KEY_PROPERTY,
      rule: { from: 'key', required: true },
      description: 'Namespaced key `<domain>/<order number>`.',
    },
    {
      property: 'hs_order_name',
      rule: { from: 'name', required: true },
      description: 'Order number and ship-to name.',
    },
    { property: 'hs_external_order_id', rule: { from: 'orderNumber' }, description: 'QAD order number.' },
    { property: 'hs_currency_code', rule: { from: 'currency' }, description: 'Order currency.' },
    {
      property: 'hs_total_price',
      rule: { from: 'total', transform: 'number' },
      description: 'Sum of the line amounts (order currency).',
    },
    {
      property: 'hs_external_created_date',
      rule: { from: 'orderDate', transform: 'date' },
      description: 'QAD order date.',
    },
    {
      property: 'hs_external_order_status',
      rule: { from: 'lifeStatus' },
      description: 'QAD life status (open … cancelled), as text.',
    },
    { property: 'qad_order_status', rule: { from: 'lifeStatus' }, description: 'QAD life status.' },
    {
      property: 'hs_pipeline',
      rule: { from: 'pipeline' },
      description:
        'The order pipeline (`flows.qad-orders.pipeline`, default the first), its id read from the Pipelines API at run start.',
    },
    {
      property: 'hs_pipeline_stage',
      rule: { from: 'pipelineStage' },
      description:
        'The stage of the QAD life status: by label (open, on hold → Open; partially shipped → Processed; shipped → Shipped; invoiced, closed → Delivered; cancelled → Cancelled) or `flows.qad-orders.stages`.',
    },
    {
      property: 'qad_requested_date',
      rule: { from: 'requestedDate', transform: 'date' },
      description: 'Requested date.',
    },
    {
      property: 'qad_shipped_date',
      rule: { from: 'shipDate', transform: 'date' },
      description: 'Last shipment date.',
    },
    {
      property: 'qad_invoice_date',
      rule: { from: 'invoiceDate', transform: 'date' },
      description: 'Last invoice date.',
    },
    { property: 'qad_invoice_numbers', rule: { from: 'invoiceNumbers' }, description: 'Invoice numbers.' },
    {
      property: 'qad_invoiced_amount',
      rule: { from: 'invoicedAmount', transform: 'number' },
      description: 'Invoiced amount (order currency).',
    },
    { property: 'qad_customer_code', rule: { from: 'customerCode' }, description: 'Sold-to customer.' },
    { property: 'qad_customer_po', rule: { from: 'po' }, description: 'Customer PO.' },
    { property: 'qad_order_source', rule: { from: 'source' }, description: 'Where QAD says it was entered.' },
    { property: 'qad_domain', rule: { from: 'domain' }, description: 'QAD domain.' },
    { property: 'hs_shipping_address_name', rule: { from: 'shipToName' }, description: 'Ship-to name.' },
    {
      property: 'hs_shipping_address_street',
      rule: { from: 'shipToStreet' },
      description: 'Ship-to street.',
    },
    { property: 'hs_shipping_address_city', rule: { from: 'shipToCity' }, description: 'Ship-to city.' },
    { property: 'hs_shipping_address_state', rule: { from: 'shipToState' }, description: 'Ship-to state.' },
    {
      property: 'hs_shipping_address_postal_code',
      rule: { from: 'shipToZip' },
      description: 'Ship-to postal code.',
    },
    {
      property: 'hs_shipping_address_country',
      rule: { from: 'shipToCountry' },
      description: 'Ship-to country code.',
    },
  ],
};

/**
 * The field view a line-item mapping reads: the QAD line, plus `productId`, the HubSpot product
 * the catalog flow linked the line's item to (null when it is not linked: the line is written
 * without `hs_product_id`).
 */
export function lineView(l: QadOrderLine, productId: string | null = null): Record<string, unknown> {
  return { ...l, productId };
}

/** Lines → line items (not overridable: the flow's own table). */
export const LINE_MAPPING: MappingTable = {
  fields: [
    'key',
    'orderKey',
    'orderNumber',
    'line',
    'itemCode',
    'description',
    'uom',
    'quantityOrdered',
    'quantityShipped',
    'quantityInvoiced',
    'netPrice',
    'amount',
    'lineStatus',
    'modifiedDate',
    'productId',
  ],
  rows: [
    {
      property: LINE_KEY_PROPERTY,
      rule: { from: 'key', required: true },
      description: 'Namespaced key `<domain>/<order number>#<line>`.',
    },
    { property: 'name', rule: { from: 'description', required: true }, description: 'Line description.' },
    { property: 'hs_sku', rule: { from: 'itemCode' }, description: 'QAD item code.' },
    {
      property: 'hs_product_id',
      rule: { from: 'productId' },
      description:
        "The HubSpot product of the line's QAD item, when the catalog flow linked it (`qad_item_key`); not sent otherwise.",
    },
    {
      property: 'quantity',
      rule: { from: 'quantityOrdered', transform: 'number' },
      description: 'Quantity ordered.',
    },
    {
      property: 'price',
      rule: { from: 'netPrice', transform: 'number' },
      description: 'Net unit price (order currency).',
    },
    { property: 'qad_item_code', rule: { from: 'itemCode' }, description: 'QAD item code.' },
    {
      property: 'qad_quantity_shipped',
      rule: { from: 'quantityShipped', transform: 'number' },
      description: 'Quantity shipped.',
    },
    {
      property: 'qad_quantity_invoiced',
      rule: { from: 'quantityInvoiced', transform: 'number' },
      description: 'Quantity invoiced.',
    },
    {
      property: 'qad_line_status',
      rule: { from: 'lineStatus' },
      description: 'QAD line status (C = closed).',
    },
  ],
};
