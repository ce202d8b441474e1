/** Sales-order browse rows of the qad-orders flow → typed orders and lines, or invalid naming the field. */
import { describe, expect, it } from 'vitest';
import { QAD_DEFAULT_BROWSES } from '../../../src/connectors/qad/defaults.js';
import { normaliseOrderHeaderRow, normaliseOrderLineRow } from '../../../src/connectors/qad/index.js';

const header = QAD_DEFAULT_BROWSES.salesOrderHeader;
const line = QAD_DEFAULT_BROWSES.salesOrderLine;

function headerRow(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'so_mstr.so_nbr': 'E0000007',
    'so_mstr.so_domain': '10USA',
    'so_mstr.so_cust': 'C0000003',
    'so_mstr.so_ship': 'C0000003',
    'so_mstr.so_po': '4500012',
    'so_mstr.so_ord_date': '2025-06-01',
    'so_mstr.so_req_date': '2025-06-10',
    'so_mstr.so_ship_date': '',
    'so_mstr.so_inv_date': '',
    'so_mstr.so_curr': 'usd',
    'so_mstr.so_stat': '',
    'so_mstr.so_source': 'edi',
    'so_mstr.contact_id': 'CT0000009',
    'so_mstr.order_status': 'open',
    'so_mstr.total_amount': 1234.5,
    'so_mstr.invoiced_amount': 0,
    'so_mstr.invoice_numbers': '',
    'ad_mstr.ad_name': 'Acme Pumps',
    'ad_mstr.ad_line1': '1 Main St',
    'ad_mstr.ad_line2': '',
    'ad_mstr.ad_city': 'Springfield',
    'ad_mstr.ad_state': 'IL',
    'ad_mstr.ad_zip': '62701',
    'ad_mstr.ad_ctry': 'US',
    'so_mstr.so_mod_date': '2025-06-02',
    ...over,
  };
}

describe('normaliseOrderHeaderRow', () => {
  it('keys the order by domain and number and reads its life', () => {
    const r = normaliseOrderHeaderRow(headerRow(), header, { domain: '10USA' });
    expect(r).toMatchObject({
      status: 'ok',
      record: {
        key: '10USA/E0000007',
        currency: 'USD',
        lifeStatus: 'open',
        contactId: 'CT0000009',
        shipDate: null,
        total: 1234.5,
        shipTo: { name: 'Acme Pumps', street: '1 Main St', country: 'US' },
      },
    });
  });

  it('derives the status from the action status when the browse has no life column', () => {
    const held = normaliseOrderHeaderRow(
      headerRow({ 'so_mstr.order_status': undefined, 'so_mstr.so_stat': 'HD' }),
      header,
      { domain: '10USA' },
    );
    expect(held.status === 'ok' && held.record.lifeStatus).toBe('on_credit_hold');
    const cancelled = normaliseOrderHeaderRow(
      headerRow({ 'so_mstr.order_status': '', 'so_mstr.so_stat': 'CN' }),
      header,
      { domain: '10USA' },
    );
    expect(cancelled.status === 'ok' && cancelled.record.lifeStatus).toBe('cancelled');
  });

  it('names the field of a bad row', () => {
    const r = normaliseOrderHeaderRow(headerRow({ 'so_mstr.so_curr': 'dollars' }), header, {
      domain: '10USA',
    });
    expect(r).toMatchObject({ status: 'invalid', field: 'currency', rowKey: 'E0000007' });
    expect(r.status === 'invalid' && r.reason).toContain('so_mstr.so_curr');
  });
});

describe('normaliseOrderLineRow', () => {
  it('keys the line under its order', () => {
    const r = normaliseOrderLineRow(
      {
        'sod_det.sod_nbr': 'E0000007',
        'sod_det.sod_domain': '10USA',
        'sod_det.sod_line': 2,
        'sod_det.sod_part': 'PMP-000001',
        'sod_det.sod_desc': 'Pump',
        'sod_det.sod_um': 'EA',
        'sod_det.sod_qty_ord': 4,
        'sod_det.sod_qty_ship': 1,
        'sod_det.sod_qty_inv': 0,
        'sod_det.sod_price': 10.25,
        'sod_det.line_amount': 41,
        'sod_det.sod_status': '',
        'sod_det.sod_mod_date': '2025-06-02',
      },
      line,
      { domain: '10USA' },
    );
    expect(r).toMatchObject({
      status: 'ok',
      record: { key: '10USA/E0000007#2', orderKey: '10USA/E0000007', quantityShipped: 1, amount: 41 },
    });
  });
});
