/**
 * The HubSpot scopes each flow needs (sandbox/hubspot/vendor-facts.md: "Scopes"). `ping` checks them and the quick
 * start lists them; keep this the only copy.
 */
import type { FlowId } from '../core/store-port.js';

export const REQUIRED_SCOPES: Record<FlowId, readonly string[]> = {
  accounts: ['crm.objects.companies.read', 'crm.objects.companies.write', 'crm.schemas.companies.write'],
  contacts: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.write'],
  catalog: ['crm.objects.products.read', 'crm.objects.products.write'],
  orders: [
    'crm.objects.deals.read',
    'crm.objects.deals.write',
    'crm.objects.line_items.read',
    'crm.schemas.deals.write',
  ],
  // HubSpot's Orders guide documents the two orders scopes; line items and deals are written too
  'qad-orders': [
    'crm.objects.orders.read',
    'crm.objects.orders.write',
    'crm.objects.line_items.read',
    'crm.objects.line_items.write',
    'e-commerce',
    'crm.objects.deals.read',
    'crm.objects.deals.write',
    'crm.schemas.deals.write',
  ],
};

/** The union of the scopes of the given flows, sorted. */
export function scopesFor(flows: readonly FlowId[]): string[] {
  return [...new Set(flows.flatMap((flow) => REQUIRED_SCOPES[flow]))].sort();
}
