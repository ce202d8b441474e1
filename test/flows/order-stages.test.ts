/**
 * The order pipeline stages of `qad-orders` as resolved from the real HubSpot sandbox's Pipelines
 * API (read through the real client): the default labels, a second pipeline chosen by label or id
 * with stages by label (any case) or id, archived stages ignored, and every name the portal lacks
 * reported at once as CONFIG_INVALID naming its config field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubSpotPipeline } from '../../src/connectors/hubspot/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { DEFAULT_STAGE_LABELS, resolveOrderStages } from '../../src/flows/qad-orders/order-stages.js';
import { startHarness, type Harness } from '../connectors/hubspot/harness.js';

let h: Harness;
let pipelines: HubSpotPipeline[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.control('POST', '/_sandbox/seed', {
    pipelines: [
      {
        objectType: 'orders',
        id: '7001',
        label: 'Fulfilment',
        stages: [
          { id: '7002', label: 'Booked' },
          { id: '7003', label: 'Picking' },
          { id: '7004', label: 'Done' },
        ],
      },
    ],
  });
  pipelines = await h.client.listPipelines('orders');
});

afterAll(async () => {
  await h?.close();
});

const label = (stages: ReturnType<typeof resolveOrderStages>, status: string): string | undefined => {
  const id = stages.stageOf.get(status as keyof typeof DEFAULT_STAGE_LABELS);
  return pipelines.find((p) => p.id === stages.pipelineId)?.stages.find((s) => s.id === id)?.label;
};

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('order pipeline stages', () => {
  it('reads the order pipelines in display order, with their stages', () => {
    expect(pipelines.map((p) => p.label)).toEqual(['Order Pipeline', 'Fulfilment']);
    expect(pipelines[1]?.stages.map((s) => [s.id, s.label])).toEqual([
      ['7002', 'Booked'],
      ['7003', 'Picking'],
      ['7004', 'Done'],
    ]);
  });

  it('maps every QAD status to the first pipeline by the default labels', () => {
    const stages = resolveOrderStages(pipelines, {}, 'acme');
    expect(stages.pipelineId).toBe(pipelines[0]?.id);
    for (const [status, wanted] of Object.entries(DEFAULT_STAGE_LABELS))
      expect(label(stages, status), status).toBe(wanted);
  });

  it('takes a pipeline by label or id and stages by label in any case or by id', () => {
    const config = {
      stages: {
        open: 'booked',
        on_credit_hold: 'Booked',
        partially_shipped: '7003',
        shipped: 'PICKING',
        invoiced: 'Done',
        closed: 'Done',
        cancelled: 'Done',
      },
    };
    for (const pipeline of ['fulfilment', '7001']) {
      const stages = resolveOrderStages(pipelines, { ...config, pipeline }, 'acme');
      expect(stages.pipelineId).toBe('7001');
      expect(Object.fromEntries(stages.stageOf)).toEqual({
        open: '7002',
        on_credit_hold: '7002',
        partially_shipped: '7003',
        shipped: '7003',
        invoiced: '7004',
        closed: '7004',
        cancelled: '7004',
      });
    }
  });

  it('names every field whose pipeline or stage the portal lacks, at once', () => {
    const pipeline = configError(() => resolveOrderStages(pipelines, { pipeline: 'Returns' }, 'acme'));
    expect(pipeline.code).toBe('CONFIG_INVALID');
    expect(pipeline.message).toContain('connections[acme].flows.qad-orders.pipeline: "Returns"');

    const stages = configError(() =>
      resolveOrderStages(
        pipelines,
        { pipeline: 'Fulfilment', stages: { open: 'Booked', shipped: 'Gone' } },
        'acme',
      ),
    );
    expect(stages.code).toBe('CONFIG_INVALID');
    expect(stages.message).toContain('flows.qad-orders.stages.shipped: "Gone" is neither');
    // the statuses left to the default labels, which Fulfilment lacks
    for (const status of ['partially_shipped', 'invoiced', 'closed', 'cancelled', 'on_credit_hold'])
      expect(stages.message).toContain(
        `flows.qad-orders.stages.${status}: the pipeline "Fulfilment" has no stage`,
      );
    expect(stages.message).not.toContain('stages.open');
  });

  it('does not count archived pipelines and stages', () => {
    const archived = pipelines.map((p) => ({
      ...p,
      stages: p.stages.map((s) => (s.label === 'Shipped' ? { ...s, archived: true } : s)),
    }));
    expect(configError(() => resolveOrderStages(archived, {}, 'acme')).message).toContain(
      'stages.shipped: the pipeline "Order Pipeline" has no stage labelled "Shipped"',
    );
    const first = pipelines.map((p, i) => ({ ...p, archived: i === 0 }));
    const done = Object.fromEntries(Object.keys(DEFAULT_STAGE_LABELS).map((status) => [status, 'Done']));
    expect(resolveOrderStages(first, { stages: done }, 'acme').pipelineId).toBe('7001');
  });
});
