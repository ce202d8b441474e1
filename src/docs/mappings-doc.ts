/**
 * Renders docs/mappings.md from the flows' default mapping tables (src/flows/<flow>/default-mapping.ts),
 * the properties the connector creates in HubSpot (src/engine/properties.ts) and the deal
 * properties the orders flow reads and writes — so the tables are what the code sends.
 */
import type { MappingTable } from '../engine/mapping.js';
import { QAD_PROPERTIES, type QadObjectType } from '../flows/properties.js';
import { TRANSFORMS } from '../engine/transforms.js';
import { ACCOUNTS_MAPPING } from '../flows/accounts/default-mapping.js';
import { CATALOG_MAPPING } from '../flows/catalog/default-mapping.js';
import { CONTACTS_MAPPING } from '../flows/contacts/default-mapping.js';
import {
  COMPANY_READ_PROPERTIES,
  DEAL_READ_PROPERTIES,
  LINE_ITEM_READ_PROPERTIES,
  PRODUCT_READ_PROPERTIES,
  QAD_ORDER_NUMBER,
  QAD_SYNC_ERROR,
  QAD_SYNC_STATUS,
} from '../flows/orders/deal-properties.js';
import { LINE_MAPPING, ORDER_MAPPING } from '../flows/qad-orders/default-mapping.js';
import { DEAL_ORDER_LIFE_PROPERTIES, ORDER_LIFE_LABELS } from '../flows/qad-orders/hubspot-properties.js';

/** The master-data flows whose default mapping is a table. */
export const MAPPED_FLOWS: readonly {
  flow: string;
  title: string;
  objectType: QadObjectType;
  table: MappingTable;
}[] = [
  {
    flow: 'accounts',
    title: 'accounts: QAD customers and suppliers → HubSpot companies',
    objectType: 'companies',
    table: ACCOUNTS_MAPPING,
  },
  {
    flow: 'contacts',
    title: 'contacts: QAD contacts → HubSpot contacts',
    objectType: 'contacts',
    table: CONTACTS_MAPPING,
  },
  {
    flow: 'catalog',
    title: 'catalog: QAD items → HubSpot products',
    objectType: 'products',
    table: CATALOG_MAPPING,
  },
  {
    flow: 'qad-orders',
    title: 'qad-orders: QAD sales orders → HubSpot orders',
    objectType: 'orders',
    table: ORDER_MAPPING,
  },
];

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

const code = (s: string): string => `\`${s}\``;

function mappingSection(entry: (typeof MAPPED_FLOWS)[number]): string[] {
  return [
    `## ${entry.title}`,
    '',
    `Override per connection under \`connections[].flows.${entry.flow}.mapping\`.`,
    '',
    ...mappingTable(entry.table),
  ];
}

function mappingTable(table: MappingTable): string[] {
  const out = [
    '| HubSpot property | QAD field | Transform | Required | Meaning |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const row of table.rows) {
    const rule = row.rule;
    const source = 'const' in rule ? `constant ${code(rule.const)}` : code(rule.from);
    const transform = 'const' in rule ? '' : (rule.transform ?? '');
    const required = 'const' in rule ? '' : rule.required === true ? 'yes' : '';
    const dflt = 'const' in rule || rule.default === undefined ? '' : ` (default ${code(rule.default)})`;
    out.push(
      `| ${code(row.property)} | ${source}${dflt} | ${transform} | ${required} | ${cell(row.description)} |`,
    );
  }
  out.push('', `QAD fields a mapping may name: ${table.fields.map(code).join(', ')}.`, '');
  return out;
}

function qadOrdersSection(): string[] {
  return [
    '### qad-orders: QAD sales-order lines → HubSpot line items',
    '',
    "The lines' table is the flow's own (not overridable). Each line item is associated with its order.",
    '',
    ...mappingTable(LINE_MAPPING),
    '### qad-orders: the order life on the deal it came from',
    '',
    "An order the orders flow made from a deal (found through that flow's ledger link) writes these deal",
    'properties, only when one of them changed. See [qad-orders.md](qad-orders.md).',
    '',
    '| Deal property | Value |',
    '| --- | --- |',
    ...DEAL_ORDER_LIFE_PROPERTIES.map((def) => `| ${code(def.name)} | ${cell(def.label)} (${def.type}) |`),
    '',
    `Statuses: ${Object.entries(ORDER_LIFE_LABELS)
      .map(([value, label]) => `${code(value)} (${label})`)
      .join(', ')}.`,
    '',
  ];
}

function createdProperties(): string[] {
  const out = [
    '## Properties the connector creates in HubSpot',
    '',
    'Before a flow first writes to a portal, the connector creates a property group `qad` (label "QAD") on the',
    'object type and these properties in it (idempotent: existing ones are kept). Properties marked unique are',
    'created with `hasUniqueValue` (HubSpot allows at most 10 per object type, and only at creation): they are',
    'the upsert keys, so the connector never searches before it creates.',
    '',
    '| Object | Property | Label | Type | Unique |',
    '| --- | --- | --- | --- | --- |',
  ];
  const all = { ...QAD_PROPERTIES, deals: [...QAD_PROPERTIES.deals, ...DEAL_ORDER_LIFE_PROPERTIES] };
  for (const [type, defs] of Object.entries(all)) {
    for (const def of defs) {
      const options = def.options ? ` (${def.options.map((o) => code(o.value)).join(', ')})` : '';
      out.push(
        `| ${type} | ${code(def.name)} | ${cell(def.label)} | ${def.type}/${def.fieldType}${options} | ${def.hasUniqueValue === true ? 'yes' : ''} |`,
      );
    }
  }
  out.push('');
  return out;
}

function ordersSection(): string[] {
  return [
    '## orders: closed-won HubSpot deals → QAD sales orders',
    '',
    'The orders flow reads deals, their line items, products and companies and writes back three deal',
    'properties. See [orders.md](orders.md) for how each deal becomes exactly one order. The QAD',
    "customer and items come from the ledger's accounts and catalog links only; the product and company",
    'properties below are read just to report where they disagree with the ledger',
    '([security.md](security.md)).',
    '',
    '| Read from | Properties |',
    '| --- | --- |',
    `| deal | ${DEAL_READ_PROPERTIES.map(code).join(', ')} |`,
    `| line item | ${LINE_ITEM_READ_PROPERTIES.map(code).join(', ')} |`,
    `| product (reported, never used) | ${PRODUCT_READ_PROPERTIES.map(code).join(', ')} |`,
    `| company (reported, never used) | ${COMPANY_READ_PROPERTIES.map(code).join(', ')} |`,
    '',
    '| Written back on the deal | Value |',
    '| --- | --- |',
    `| ${code(QAD_ORDER_NUMBER)} | the QAD sales order number, once QAD confirmed the order |`,
    `| ${code(QAD_SYNC_STATUS)} | ${code('synced')} or ${code('error')} |`,
    `| ${code(QAD_SYNC_ERROR)} | why no order could be made (empty once synced) |`,
    '',
  ];
}

/** The whole Markdown document. */
export function renderMappingsDoc(): string {
  const out = [
    '# Default mappings',
    '',
    '<!-- Generated from src/flows/*/default-mapping.ts and src/engine/properties.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'Each master-data flow maps a QAD record to HubSpot properties with the table below. A connection overrides',
    'single rows in its config (`flows.<flow>.mapping`), keyed by HubSpot property name; the value is a QAD field',
    'name, `{ from: <field>, transform?: <transform>, default?: <string> }`, `{ const: <string> }`, or `null` to',
    `stop sending that property. Transforms: ${TRANSFORMS.map(code).join(', ')}. Before writing, every run checks`,
    'each mapped property against its HubSpot definition and stops with `HUBSPOT_PROPERTY_MISMATCH` (listing',
    'every problem) before anything is written. Values HubSpot would reject make that record `invalid` (kept in',
    'the ledger for `replay`), not the run.',
    '',
    ...MAPPED_FLOWS.flatMap(mappingSection),
    ...qadOrdersSection(),
    ...ordersSection(),
    ...createdProperties(),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}
