/** Deal and order pipelines and stages; deal stage metadata drives the computed closed/won deal properties. */
import { validationError } from './errors.js';
import { ORDER_PIPELINE } from './order-object.js';

/** Object types that have pipelines in the sandbox. */
export type PipelineObjectType = 'deals' | 'orders';

/** A pipeline stage (SPEC `PipelineStage`); metadata values are strings. */
export interface Stage {
  id: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' | 'READ_ONLY' | 'INTERNAL_ONLY';
  /** Deal stages: `isClosed`, `probability`; order stages: none (ASSUMED). */
  metadata: Record<string, string>;
}

/** A pipeline (SPEC `Pipeline`). */
export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  stages: Stage[];
}

/** Seed input for a pipeline (control API). */
export interface PipelineSeed {
  /** `deals` (default) or `orders`; order stages carry no metadata (ASSUMED, as the default's). */
  objectType?: PipelineObjectType;
  id?: string;
  label: string;
  stages: { id?: string; label: string; isClosed?: boolean; probability?: number }[];
}

const EPOCH = '1970-01-01T00:00:00Z';
const DEFAULT_STAGES: [string, string, number, boolean][] = [
  ['appointmentscheduled', 'Appointment Scheduled', 0.2, false],
  ['qualifiedtobuy', 'Qualified To Buy', 0.4, false],
  ['presentationscheduled', 'Presentation Scheduled', 0.6, false],
  ['decisionmakerboughtin', 'Decision Maker Bought-In', 0.8, false],
  ['contractsent', 'Contract Sent', 0.9, false],
  ['closedwon', 'Closed Won', 1, true],
  ['closedlost', 'Closed Lost', 0, true],
];

function stage(
  id: string,
  label: string,
  order: number,
  at: string,
  metadata: Record<string, string>,
): Stage {
  return {
    id,
    label,
    displayOrder: order,
    archived: false,
    createdAt: at,
    updatedAt: at,
    writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
    metadata,
  };
}

const dealMetadata = (probability: number, closed: boolean): Record<string, string> => ({
  isClosed: String(closed),
  probability: probability.toFixed(1),
});

/** The computed deal properties for a stage. */
export function stageProperties(s: Stage): Record<string, string> {
  const closed = s.metadata.isClosed === 'true';
  const won = closed && Number(s.metadata.probability) === 1;
  return {
    hs_is_closed: String(closed),
    hs_is_closed_won: String(won),
    hs_is_closed_lost: String(closed && !won),
    hs_deal_stage_probability: s.metadata.probability ?? '0.0',
  };
}

function defaults(): Record<PipelineObjectType, Pipeline[]> {
  const base = { displayOrder: 0, archived: false, createdAt: EPOCH, updatedAt: EPOCH };
  return {
    deals: [
      {
        id: 'default',
        label: 'Sales Pipeline',
        ...base,
        stages: DEFAULT_STAGES.map(([id, label, p, c], i) => stage(id, label, i, EPOCH, dealMetadata(p, c))),
      },
    ],
    orders: [
      {
        id: ORDER_PIPELINE.id,
        label: ORDER_PIPELINE.label,
        ...base,
        stages: ORDER_PIPELINE.stages.map((s, i) => stage(s.id, s.label, i, EPOCH, {})),
      },
    ],
  };
}

/** The deal and order pipelines of a portal (other object types have none in the sandbox). */
export class PipelineRegistry {
  private pipelines = defaults();
  private nextNumericId = 1_038_553_700;

  /** Only the default pipeline per type (epoch timestamps, as HubSpot's defaults have). */
  reset(): void {
    this.pipelines = defaults();
  }

  /** All pipelines of a type (deals unless told). */
  list(type: PipelineObjectType = 'deals'): Pipeline[] {
    return this.pipelines[type];
  }

  /** One pipeline or undefined. */
  get(id: string, type: PipelineObjectType = 'deals'): Pipeline | undefined {
    return this.pipelines[type].find((p) => p.id === id);
  }

  /** Finds a stage within a pipeline. */
  stage(pipelineId: string, stageId: string, type: PipelineObjectType = 'deals'): Stage | undefined {
    return this.get(pipelineId, type)?.stages.find((s) => s.id === stageId);
  }

  /** Adds a deal (or, with `objectType: 'orders'`, an order) pipeline; stages get numeric ids unless given. */
  add(seed: PipelineSeed, nowIso: string): Pipeline {
    if (!seed.label || !Array.isArray(seed.stages) || seed.stages.length === 0)
      throw validationError('A pipeline needs a label and at least one stage.');
    const type = seed.objectType ?? 'deals';
    if (type !== 'deals' && type !== 'orders')
      throw validationError(`Pipelines of ${String(type)} are not supported (deals, orders).`);
    const id = seed.id ?? String(this.nextNumericId++);
    if (this.get(id, type)) throw validationError(`Pipeline ${id} already exists.`);
    const list = this.pipelines[type];
    const p: Pipeline = {
      id,
      label: seed.label,
      displayOrder: list.length,
      archived: false,
      createdAt: nowIso,
      updatedAt: nowIso,
      stages: seed.stages.map((s, i) =>
        stage(
          s.id ?? String(this.nextNumericId++),
          s.label,
          i,
          nowIso,
          type === 'orders' ? {} : dealMetadata(s.probability ?? 0, s.isClosed === true),
        ),
      ),
    };
    list.push(p);
    return p;
  }
}
