/**
 * Closing a deal through the public API: entering a closed stage without `closedate` sets it to
 * the moment of closing (create, update, batch update, batch upsert), moving between won and lost
 * sets it again, closed-won → another closed-won keeps it, a `closedate` in the write wins, and
 * every stage change leaves `hs_date_entered_<stage>` / `hs_date_exited_<stage>` stamps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot/index.js';
import { SandboxClient, type BatchBody, type Rec } from './client.js';

const T0 = Date.parse('2026-10-05T08:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const STAMPS = 'closedate,dealstage,hs_is_closed,hs_is_closed_won,hs_date_entered_closedwon';

describe('HubSpot sandbox: deals entering a closed stage', () => {
  let now = T0;
  let hs: HubSpotSandbox;
  let api: SandboxClient;
  const deals = '/crm/objects/2026-03/deals';

  beforeAll(async () => {
    hs = await startHubSpotSandbox({ clock: () => now });
    api = new SandboxClient(hs);
    await api.control('POST', 'seed', {
      properties: [
        {
          objectType: 'deals',
          name: 'erp_ref',
          label: 'ERP ref',
          type: 'string',
          fieldType: 'text',
          groupName: 'erp',
          hasUniqueValue: true,
        },
      ],
      pipelines: [
        {
          id: 'export',
          label: 'Export',
          stages: [
            { id: 'exp-open', label: 'Open', probability: 0.5 },
            { id: 'exp-won', label: 'Won', isClosed: true, probability: 1 },
          ],
        },
      ],
    });
  });
  afterAll(async () => {
    await hs?.close();
  });

  async function read(id: string, props = STAMPS): Promise<Record<string, string>> {
    return (await api.call<Rec>('GET', `${deals}/${id}?properties=${props}`)).body.properties;
  }

  it('a deal created in closed-won without a close date gets the creation moment', async () => {
    now = T0;
    const r = await api.call<Rec>('POST', deals, { properties: { dealname: 'A', dealstage: 'closedwon' } });
    expect(r.status).toBe(201);
    expect(await read(r.body.id)).toMatchObject({
      closedate: iso(T0),
      hs_is_closed: 'true',
      hs_is_closed_won: 'true',
      hs_date_entered_closedwon: iso(T0),
    });
    const open = await api.call<Rec>('POST', deals, {
      properties: { dealname: 'B', dealstage: 'contractsent' },
    });
    expect((await read(open.body.id))['closedate']).toBeUndefined();
  });

  it('an update into closed-won sets closedate and the entry/exit stamps; the rest is kept', async () => {
    now = T0;
    const { body } = await api.call<Rec>('POST', deals, {
      properties: { dealname: 'C', dealstage: 'contractsent' },
    });
    expect((await read(body.id, 'hs_date_entered_contractsent'))['hs_date_entered_contractsent']).toBe(
      iso(T0),
    );
    now = T0 + 3_600_000;
    await api.call('PATCH', `${deals}/${body.id}`, { properties: { dealstage: 'closedwon' } });
    const p = await read(body.id, `${STAMPS},hs_date_exited_contractsent,hs_date_entered_contractsent`);
    expect(p).toMatchObject({
      closedate: iso(now),
      hs_date_entered_closedwon: iso(now),
      hs_date_exited_contractsent: iso(now),
      hs_date_entered_contractsent: iso(T0),
    });
    // a later write that does not change the stage leaves the close date alone
    now += 60_000;
    await api.call('PATCH', `${deals}/${body.id}`, { properties: { amount: '10' } });
    expect((await read(body.id))['closedate']).toBe(iso(T0 + 3_600_000));
  });

  it('a close date named in the write wins over the automatic one', async () => {
    now = T0;
    const { body } = await api.call<Rec>('POST', deals, {
      properties: { dealname: 'D', dealstage: 'closedwon', closedate: '2026-09-30T12:00:00.000Z' },
    });
    expect((await read(body.id))['closedate']).toBe('2026-09-30T12:00:00.000Z');
  });

  it('won → lost sets it again; won → another won stage keeps it', async () => {
    now = T0;
    const { body } = await api.call<Rec>('POST', deals, {
      properties: { dealname: 'E', dealstage: 'closedwon' },
    });
    now = T0 + 86_400_000;
    await api.call('PATCH', `${deals}/${body.id}`, { properties: { dealstage: 'closedlost' } });
    expect(await read(body.id)).toMatchObject({ closedate: iso(now), hs_is_closed_won: 'false' });
    now += 86_400_000;
    await api.call('PATCH', `${deals}/${body.id}`, { properties: { dealstage: 'closedwon' } });
    expect((await read(body.id))['closedate']).toBe(iso(now));
    const closedAt = now;
    now += 86_400_000;
    await api.call('PATCH', `${deals}/${body.id}`, {
      properties: { pipeline: 'export', dealstage: 'exp-won' },
    });
    const p = await read(body.id, 'closedate,hs_date_entered_exp-won,hs_date_exited_closedwon');
    expect(p).toEqual(
      expect.objectContaining({
        closedate: iso(closedAt),
        'hs_date_entered_exp-won': iso(now),
        hs_date_exited_closedwon: iso(now),
      }),
    );
  });

  it('batch update and batch upsert close deals the same way, under every version', async () => {
    for (const base of ['/crm/v3/objects/deals', '/crm/objects/2026-09/deals']) {
      now = T0;
      const { body } = await api.call<Rec>('POST', base, {
        properties: { dealname: 'F', dealstage: 'qualifiedtobuy' },
      });
      now = T0 + 7_200_000;
      const upd = await api.call<BatchBody>('POST', `${base}/batch/update`, {
        inputs: [{ id: body.id, properties: { dealstage: 'closedwon' } }],
      });
      expect(upd.status).toBe(200);
      expect(upd.body.results[0]?.properties['closedate']).toBe(iso(now));
      now = T0 + 9_000_000;
      const key = `ERP-${base.length}`;
      const ups = await api.call<BatchBody>('POST', `${base}/batch/upsert`, {
        inputs: [{ idProperty: 'erp_ref', id: key, properties: { dealname: 'G', dealstage: 'closedlost' } }],
      });
      expect(ups.body.results[0]?.properties).toMatchObject({ closedate: iso(now), hs_is_closed: 'true' });
    }
  });

  it("the control API's stage move stamps the same properties", async () => {
    now = T0;
    const { body } = await api.call<Rec>('POST', deals, {
      properties: { dealname: 'H', dealstage: 'contractsent' },
    });
    now = T0 + 1_000;
    const moved = await api.control<{ properties: Record<string, string> }>(
      'POST',
      `deals/${body.id}/stage`,
      {
        stageId: 'closedwon',
      },
    );
    expect(moved.properties).toMatchObject({ closedate: iso(now), hs_date_entered_closedwon: iso(now) });
  });
});
