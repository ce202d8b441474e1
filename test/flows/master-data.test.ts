/**
 * Issue #6's master-data acceptance runs, through the real CLI (`sync … --json`) against both
 * sandboxes: HubSpot matches QAD, a re-run writes nothing, 10 changes sync exactly 10.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { startHarness, type Harness } from './harness.js';

interface HsRecord {
  id: string;
  properties: Record<string, string | null>;
  archived: boolean;
  associations?: Record<string, string[]>;
}
interface Stats {
  writeCalls: number;
}

type Counts = Record<'read' | 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped', number>;

/** `ml-connector sync <flows> --json` on the harness's config: exit code and summary. */
async function sync(
  h: Harness,
  ...flows: string[]
): Promise<{ code: number; flows: Record<string, Counts> }> {
  let stdout = '';
  const code = await runCli(['node', 'ml-connector', '--config', h.configPath, 'sync', ...flows, '--json'], {
    env: h.env,
    cwd: h.dir,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => true },
  });
  return { code, flows: (JSON.parse(stdout) as { flows: Record<string, Counts> }).flows };
}

describe('master-data flows against both sandboxes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: 30, items: 20 });
  });
  afterAll(async () => {
    await h.close();
  });

  const objects = async (type: string): Promise<HsRecord[]> =>
    (await h.hs<{ results: HsRecord[] }>('GET', `/_sandbox/objects/${type}`)).results.filter(
      (r) => !r.archived,
    );
  const records = async <T>(kind: string): Promise<T[]> =>
    (await h.qadControl<{ records: T[] }>('GET', `/_sandbox/records/${kind}?limit=10000`)).records;

  it('a full sync makes HubSpot match QAD', async () => {
    const pass = await sync(h, 'accounts', 'contacts', 'catalog');
    // the generated data has QAD contacts sharing one email: reported (exit 1), the rest synced
    expect(pass.code).toBe(1);
    expect(pass.flows['accounts']?.failed).toBe(0);
    expect(pass.flows['contacts']?.failed).toBeGreaterThan(0);
    expect(pass.flows['catalog']?.failed).toBe(0);
    const failedContacts = await h.rt.store.listLinks({ flow: 'contacts', states: ['failed'], limit: 100 });
    expect(failedContacts.length).toBeGreaterThan(0);
    for (const link of failedContacts) {
      expect(link.lastError?.code).toBe('HUBSPOT_CONFLICT');
      expect(link.lastError?.message).toMatch(/is also used by QAD contact 10USA\//);
      expect(link.snapshot).not.toBeNull();
    }
    const customers = await records<{ businessRelationCode: string; customerCode: string }>('customers');
    const suppliers = await records<{ businessRelationCode: string; supplierCode: string }>('suppliers');
    const brs = new Set([...customers, ...suppliers].map((r) => r.businessRelationCode));
    const companies = await objects('companies');
    expect(companies).toHaveLength(brs.size);
    const byKey = new Map(companies.map((c) => [c.properties['qad_account_key'], c]));
    for (const c of customers) {
      const company = byKey.get(`10USA/${c.businessRelationCode}`);
      expect(company?.properties['qad_customer_code']).toBe(c.customerCode);
      expect(company?.properties['lifecyclestage']).toBe('customer');
    }
    for (const s of suppliers) {
      const company = byKey.get(`10USA/${s.businessRelationCode}`);
      expect(company?.properties['qad_supplier_code']).toBe(s.supplierCode);
    }
    // a business relation that is customer and supplier is ONE company with both roles
    const both = customers.find((c) =>
      suppliers.some((s) => s.businessRelationCode === c.businessRelationCode),
    );
    expect(both).toBeDefined();
    const bothCompany = byKey.get(`10USA/${both?.businessRelationCode ?? ''}`);
    expect(bothCompany?.properties['qad_account_roles']).toBe('customer;supplier');
    const supplierOnly = suppliers.find(
      (s) => !customers.some((c) => c.businessRelationCode === s.businessRelationCode),
    );
    if (supplierOnly)
      expect(byKey.get(`10USA/${supplierOnly.businessRelationCode}`)?.properties['type']).toBe('VENDOR');

    const items = await records<{
      itemCode: string;
      description: string;
      listPrice: number;
      isActive?: boolean;
    }>('items');
    const products = await objects('products');
    expect(products).toHaveLength(items.filter((i) => i.isActive !== false).length);
    const productBySku = new Map(products.map((p) => [p.properties['hs_sku'], p]));
    for (const item of items.filter((i) => i.isActive !== false)) {
      const p = productBySku.get(item.itemCode);
      expect(p?.properties['name']).toBe(item.description.trim());
      expect(Number(p?.properties['price'])).toBeCloseTo(item.listPrice, 6);
    }

    const qadContacts = await records<{ contactId: string; email: string }>('contacts');
    const contacts = await objects('contacts');
    expect(contacts.length + (pass.flows['contacts']?.failed ?? 0)).toBe(qadContacts.length);
    // every synced contact is associated to its company
    for (const c of contacts) expect(c.associations?.['companies']?.length ?? 0).toBe(1);
  });

  it('a second sync makes zero HubSpot write calls', async () => {
    const before = await h.hs<Stats>('GET', '/_sandbox/stats');
    const pass = await sync(h, 'accounts', 'contacts', 'catalog');
    const after = await h.hs<Stats>('GET', '/_sandbox/stats');
    expect(after.writeCalls - before.writeCalls).toBe(0);
    for (const counts of Object.values(pass.flows)) {
      expect(counts.created + counts.updated).toBe(0);
    }
  });

  it('changing 10 QAD items syncs exactly those 10', async () => {
    const items = await records<{ itemCode: string; isActive?: boolean }>('items');
    const changed = items.filter((i) => i.isActive !== false).slice(0, 10);
    for (const item of changed) {
      await h.qadControl('PATCH', `/_sandbox/records/items/${encodeURIComponent(item.itemCode)}`, {
        description: `Changed ${item.itemCode}`,
      });
    }
    const pass = await sync(h, 'catalog');
    expect(pass.flows['catalog']).toMatchObject({ updated: 10, created: 0, failed: 0 });
    const products = await objects('products');
    for (const item of changed) {
      expect(products.find((p) => p.properties['hs_sku'] === item.itemCode)?.properties['name']).toBe(
        `Changed ${item.itemCode}`,
      );
    }
  });
});
