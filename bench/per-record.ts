/**
 * Figure 2's comparison: the per-record create-or-update pattern of workflow tools — for each
 * record a search on the key, then a create or an update — run honestly on a sample against the
 * HubSpot sandbox (same compressed limits), sequentially as such tools do, honouring 429s.
 */
import { generateAccounts } from '../sandbox/data/index.js';
import { startSandboxes } from './env.js';

/** What the sample measured. */
export interface PerRecordResult {
  sample: number;
  calls: number;
  searchCalls: number;
  rateLimited: number;
  wallMs: number;
}

/** Runs the pattern on `sample` generated accounts (companies, keyed on qad_account_key). */
export async function runPerRecordBench(o: {
  sample: number;
  seed: number;
  windowMs: number;
  burst: number;
  searchWindowMs: number;
  searchPerSecond: number;
}): Promise<PerRecordResult> {
  const sb = await startSandboxes({ ...o, accounts: 1, items: 1 });
  try {
    await sb.hs('POST', '/_sandbox/seed', {
      properties: [
        {
          objectType: 'companies',
          name: 'qad_account_key',
          label: 'QAD account key',
          type: 'string',
          fieldType: 'text',
          groupName: 'companyinformation',
          hasUniqueValue: true,
        },
      ],
    });
    const auth = { authorization: `Bearer ${sb.hubspot.token}`, 'content-type': 'application/json' };
    let calls = 0;
    let searchCalls = 0;
    let rateLimited = 0;
    const send = async (method: string, p: string, body: unknown): Promise<Record<string, unknown>> => {
      for (;;) {
        calls += 1;
        const res = await fetch(`${sb.hubspot.url}${p}`, {
          method,
          headers: auth,
          body: JSON.stringify(body),
        });
        const text = await res.text();
        if (res.status === 429) {
          rateLimited += 1;
          const retryS = Number(res.headers.get('retry-after') ?? '');
          await new Promise((r) =>
            setTimeout(r, Number.isFinite(retryS) && retryS > 0 ? retryS * 1000 : o.searchWindowMs),
          );
          continue;
        }
        if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text.slice(0, 200)}`);
        return JSON.parse(text) as Record<string, unknown>;
      }
    };
    const t0 = performance.now();
    for (const a of generateAccounts(o.seed, o.sample)) {
      const br = a.businessRelation;
      const key = `${br.domainCode}/${br.businessRelationCode}`;
      const properties = { name: br.name1, city: br.city, phone: br.telephone, qad_account_key: key };
      searchCalls += 1;
      const found = await send('POST', '/crm/v3/objects/companies/search', {
        filterGroups: [{ filters: [{ propertyName: 'qad_account_key', operator: 'EQ', value: key }] }],
        limit: 1,
      });
      const hit = (found['results'] as { id: string }[] | undefined)?.[0];
      if (hit) await send('PATCH', `/crm/v3/objects/companies/${hit.id}`, { properties });
      else await send('POST', '/crm/v3/objects/companies', { properties });
    }
    const wallMs = performance.now() - t0;
    return { sample: o.sample, calls, searchCalls, rateLimited, wallMs };
  } finally {
    await sb.close();
  }
}
