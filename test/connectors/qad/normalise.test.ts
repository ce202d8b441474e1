import { describe, expect, it } from 'vitest';
import { resolveQadBrowses } from '../../../src/connectors/qad/defaults.js';
import { mergeQadAccounts } from '../../../src/connectors/qad/merge-accounts.js';
import {
  normaliseBusinessRelationRow,
  normaliseCustomerRow,
  normaliseSupplierRow,
} from '../../../src/connectors/qad/normalise/accounts.js';
import { normaliseContactRow } from '../../../src/connectors/qad/normalise/contact.js';
import { normaliseItemRow } from '../../../src/connectors/qad/normalise/item.js';
import type { QadAccount } from '../../../src/connectors/qad/types.js';

const browses = resolveQadBrowses();
const ctx = { domain: '10USA' };

function ok<T>(result: { status: 'ok'; record: T } | { status: 'invalid'; reason: string }): T {
  if (result.status !== 'ok') throw new Error(result.reason);
  return result.record;
}

const customerRow = {
  'customerV2.customerCode': 'C1',
  'customerV2.businessRelationCode': 'BR1',
  'customerV2.businessRelationName': 'Acme',
  'customerV2.city': 'Ohio',
  'customerV2.countryCode': 'US',
  'customerV2.currencyCode': 'USD',
  'customerV2.acceptedCurrencies': 'USD,EUR',
  'customerV2.isActive': true,
  'customerV2.lastModifiedDate': '2026-11-20',
};

describe('row normalisers', () => {
  it('turns a customer row into a typed account part', () => {
    const account = ok(normaliseCustomerRow(customerRow, browses.customer, ctx));
    expect(account).toMatchObject({
      key: '10USA/BR1',
      customerCode: 'C1',
      roles: ['customer'],
      name: 'Acme',
      acceptedCurrencies: ['EUR', 'USD'],
      active: true,
      modifiedDate: '2026-11-20',
    });
  });

  it('names the field and column of a bad cell instead of throwing', () => {
    const bad = normaliseCustomerRow(
      { ...customerRow, 'customerV2.lastModifiedDate': 'yesterday' },
      browses.customer,
      ctx,
    );
    expect(bad).toMatchObject({
      status: 'invalid',
      field: 'modifiedDate',
      column: 'customerV2.lastModifiedDate',
    });
    const missing = normaliseCustomerRow(
      { ...customerRow, 'customerV2.customerCode': '' },
      browses.customer,
      ctx,
    );
    expect(missing).toMatchObject({ status: 'invalid', field: 'customerCode' });
    const flagBad = normaliseCustomerRow(
      { ...customerRow, 'customerV2.isActive': 'maybe' },
      browses.customer,
      ctx,
    );
    expect(flagBad).toMatchObject({ status: 'invalid', field: 'active' });
  });

  it('merges customer and supplier parts of one business relation', () => {
    const supplier = ok(
      normaliseSupplierRow(
        {
          'supplierV2.supplierCode': 'S9',
          'supplierV2.businessRelationCode': 'BR1',
          'supplierV2.businessRelationName': 'Acme Supply',
          'supplierV2.currencyCode': 'GBP',
          'supplierV2.isActive': false,
          'supplierV2.lastModifiedDate': '2026-11-25',
          'supplierV2.telephone': '+1 555',
        },
        browses.supplier,
        ctx,
      ),
    );
    const customer = ok(normaliseCustomerRow(customerRow, browses.customer, ctx));
    const other: QadAccount = {
      ...customer,
      key: '10USA/BR2',
      businessRelationCode: 'BR2',
      customerCode: 'C2',
    };
    const merged = mergeQadAccounts([supplier, customer, other]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toMatchObject({
      key: '10USA/BR1',
      roles: ['customer', 'supplier'],
      customerCode: 'C1',
      supplierCode: 'S9',
      name: 'Acme',
      currency: 'USD',
      acceptedCurrencies: ['EUR', 'GBP', 'USD'],
      active: true,
      phone: '+1 555',
      modifiedDate: '2026-11-25',
    });
    const relation = ok(
      normaliseBusinessRelationRow(
        {
          'businessRelationV2.businessRelationCode': 'BR1',
          'businessRelationV2.businessRelationName1': 'Acme Holdings',
          'businessRelationV2.headOfficeCity': 'Dayton',
          'businessRelationV2.isActive': true,
          'businessRelationV2.lastModifiedDate': '2026-11-26',
        },
        browses.businessRelation,
      ),
    );
    const withRelation = mergeQadAccounts([customer, supplier], new Map([['BR1', relation]]));
    expect(withRelation[0]).toMatchObject({
      name: 'Acme Holdings',
      city: 'Dayton',
      modifiedDate: '2026-11-26',
    });
  });

  it('normalises contacts (splitting the single name) and items', () => {
    const contact = ok(
      normaliseContactRow(
        {
          'contactV2.contactId': 'K1',
          'contactV2.businessRelationCode': 'BR1',
          'contactV2.contactName': 'Anna Maria Weber',
          'contactV2.contactEmail': 'Anna@Example.com',
          'contactV2.contactFunction': 'Buyer',
          'contactV2.lastModifiedDate': '2026-11-20',
        },
        browses.contact,
        ctx,
      ),
    );
    expect(contact).toEqual({
      key: '10USA/BR1/K1',
      accountKey: '10USA/BR1',
      firstName: 'Anna Maria',
      lastName: 'Weber',
      email: 'anna@example.com',
      jobTitle: 'Buyer',
      modifiedDate: '2026-11-20',
    });
    const badEmail = normaliseContactRow(
      {
        'contactV2.contactId': 'K2',
        'contactV2.businessRelationCode': 'BR1',
        'contactV2.contactName': 'X Y',
        'contactV2.contactEmail': 'not-an-email',
        'contactV2.lastModifiedDate': '2026-11-20',
      },
      browses.contact,
      ctx,
    );
    expect(badEmail).toMatchObject({ status: 'invalid', field: 'email', rowKey: 'K2' });
    const item = ok(
      normaliseItemRow(
        {
          'pt_mstr.pt_part': '10-100',
          'pt_mstr.pt_desc1': 'Bolt',
          'pt_mstr.pt_um': 'EA',
          'pt_mstr.pt_price': '12.50',
          'pt_mstr.pt_status': 'INACTIVE',
          'pt_mstr.pt_mod_date': '2026-11-01T00:00:00.000Z',
        },
        browses.item,
        ctx,
      ),
    );
    expect(item).toMatchObject({
      key: '10USA/10-100',
      listPrice: 12.5,
      currency: 'USD',
      active: false,
      modifiedDate: '2026-11-01',
    });
  });
});
