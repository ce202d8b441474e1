/**
 * accounts: QAD customers and suppliers → HubSpot companies, one per business relation
 * (roles merged), upserted on `qad_account_key`. Inactive accounts get `qad_status=inactive`.
 */
import type { QadAccount } from '../../connectors/qad/index.js';
import type { SyncContext, SyncFlow } from '../connection.js';
import { matchingParts } from '../match-index.js';
import { companyDomain, nameCountryKey } from '../match-keys.js';
import { inactivatesBy, prepareMapping, runQadFlow, type HubSpotSink } from '../master-data.js';
import { readAccounts } from '../qad-source.js';
import { ACCOUNT_KEY_PROPERTY, ACCOUNTS_MAPPING, accountView } from './default-mapping.js';

/** Builds the companies sink for one run. */
export async function accountsSink(ctx: SyncContext): Promise<HubSpotSink<QadAccount>> {
  const { mapping, shapes } = await prepareMapping(ctx, ACCOUNTS_MAPPING, 'companies', ACCOUNT_KEY_PROPERTY);
  return {
    target: ctx.hubspot,
    objectType: 'companies',
    idProperty: ACCOUNT_KEY_PROPERTY,
    mapping,
    shapes,
    view: accountView,
    key: (a) => a.key,
    ...matchingParts(ctx, 'accounts', 'companies', ACCOUNT_KEY_PROPERTY, mapping),
    matchValues: (a) => ({
      domain: companyDomain(a.webSite, a.email),
      name: nameCountryKey(a.name, a.country, ctx.countries),
    }),
  };
}

export const accountsFlow: SyncFlow = {
  id: 'accounts',
  dependsOn: [],
  async run(ctx) {
    const sink = await accountsSink(ctx);
    await runQadFlow(ctx, sink, (opts) => readAccounts(ctx.qad, opts), {
      inactivates: inactivatesBy('qad_status'),
    });
  },
};
