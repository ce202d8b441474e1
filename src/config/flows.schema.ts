/** Per-flow settings of a connection: schedule, policies and mapping overrides. */
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { QAD_ORDER_LIFE_STATUSES } from '../connectors/qad/types.js';

/** How one mapped property is produced. */
export const mappingOverrideSchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      from: z.string().min(1).describe('QAD field name.'),
      transform: z
        .enum(['trim', 'upper', 'lower', 'number', 'date', 'boolean', 'iso-country'])
        .optional()
        .describe('Applied to the QAD value before sending.'),
      default: z.string().optional().describe('Used when the QAD value is empty.'),
    }),
    z.strictObject({ const: z.string().describe('A fixed value.') }),
    z.null(),
  ])
  .describe(
    'A QAD field name, `{ from, transform?, default? }`, `{ const }`, or null (do not send this property).',
  );
export type MappingOverride = z.infer<typeof mappingOverrideSchema>;

/** Keys are HubSpot property names; values override the flow's default mapping. */
export const mappingSchema = z
  .record(z.string().min(1), mappingOverrideSchema)
  .default({})
  .describe('Overrides of the default mapping, keyed by HubSpot property name.');
export type MappingOverrides = z.infer<typeof mappingSchema>;

function cronParses(expression: string): boolean {
  try {
    CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}

/** `{ everyMs }` or `{ cron }`, exactly one. */
export const scheduleSchema = z
  .strictObject({
    everyMs: z
      .number()
      .int()
      .min(1000, { error: 'must be at least 1000 (ms)' })
      .optional()
      .describe('Run every N milliseconds.'),
    cron: z
      .string()
      .refine(cronParses, { error: 'must be a valid cron expression (e.g. "*/15 * * * *")' })
      .optional()
      .describe('Run on a cron schedule (5 or 6 fields, server local time).'),
  })
  .refine((s) => (s.everyMs === undefined) !== (s.cron === undefined), {
    error: 'must set exactly one of everyMs or cron',
  })
  .describe('When the flow runs.');
export type Schedule = z.infer<typeof scheduleSchema>;

/** Mass-change guard settings (engine/mass-change.ts); a flow's entry overrides the connection's. */
export const massChangeSchema = z
  .strictObject({
    maxShare: z
      .number()
      .min(0)
      .max(1)
      .default(0.2)
      .describe(
        "Share (0–1) of the flow's linked records one run may archive, inactivate or update without confirmation; 1 turns the guard off.",
      ),
    minRecords: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe('A run changing fewer linked records than this is never held, whatever the share.'),
  })
  .describe(
    'Mass-change guard: a run that would change more linked records than this allows stops before writing until confirmed (`sync --confirm-mass-change` or the dashboard).',
  );
export type MassChangeConfig = z.infer<typeof massChangeSchema>;

/** A master-data flow's own mass-change settings (the orders flow is not guarded). */
const flowMassChangeSchema = z
  .strictObject({
    maxShare: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe("Overrides the connection's `massChange.maxShare`."),
    minRecords: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("Overrides the connection's `massChange.minRecords`."),
  })
  .optional()
  .describe("This flow's mass-change guard; unset fields come from the connection's `massChange`.");
/** Who owns a mapped property on a HubSpot record the connector adopted (did not create). */
export const writePolicySchema = z
  .record(z.string().min(1), z.enum(['always', 'if-empty', 'never']))
  .default({})
  .describe(
    'Write policy per HubSpot property on adopted records: `always`, `if-empty` (fill only what HubSpot lacks) or `never`. Default: `always` for the `qad_*` properties, `if-empty` for the others. Records the connector created are always written.',
  );

/** Matching rules of a master-data flow, tried in order; `[]` turns matching off. */
function matchSchema<R extends string>(rules: readonly [R, ...R[]], what: string) {
  return z
    .array(z.enum(rules))
    .default([...rules])
    .describe(
      `Match records never synced against existing HubSpot records before creating, by these rules in order (${what}); \`[]\` creates without matching.`,
    );
}

function flowBase(defaultSchedule: Schedule) {
  return {
    enabled: z.boolean().default(true).describe('Whether the flow runs.'),
    schedule: scheduleSchema.prefault(defaultSchedule),
    mapping: mappingSchema,
  };
}

/**
 * Default `flows.orders.safetyLagMs`: the modelled worst search-index lag (10 s) plus a 5 s margin
 * for clock skew between HubSpot's stamps and ours (docs/change-events.md, "The safety lag").
 */
export const DEFAULT_DEAL_SAFETY_LAG_MS = 15_000;

/** The QAD life statuses of a sales order (docs/qad-orders.md, "How QAD statuses map"). */
const QAD_ORDER_STATUSES = QAD_ORDER_LIFE_STATUSES;

/** The order pipeline stage per QAD life status, overriding the default labels. */
const orderStagesSchema = z
  .strictObject(
    Object.fromEntries(
      QAD_ORDER_STATUSES.map((status) => [
        status,
        z.string().min(1).optional().describe(`Stage (id or label) for QAD status \`${status}\`.`),
      ]),
    ) as Record<(typeof QAD_ORDER_STATUSES)[number], z.ZodOptional<z.ZodString>>,
  )
  .default({})
  .describe(
    'Stage id or label per QAD life status in the order pipeline; unset statuses take the default label (Open, Open, Processed, Shipped, Delivered, Delivered, Cancelled for open, on_credit_hold, partially_shipped, shipped, invoiced, closed, cancelled). A name the portal lacks fails the run before any write.',
  );

export const flowsSchema = z
  .strictObject({
    accounts: z
      .strictObject({
        ...flowBase({ everyMs: 900_000 }),
        match: matchSchema(['domain', 'name'], '`domain`: company domain; `name`: name and country'),
        writePolicy: writePolicySchema,
        massChange: flowMassChangeSchema,
      })
      .prefault({})
      .describe('QAD customers and suppliers → HubSpot companies.'),
    contacts: z
      .strictObject({
        ...flowBase({ everyMs: 900_000 }),
        massChange: flowMassChangeSchema,
        emailConflict: z
          .enum(['link-existing', 'report'])
          .default('report')
          .describe('What to do when the email belongs to another HubSpot contact.'),
        match: matchSchema(['email'], '`email`, case-insensitive'),
        writePolicy: writePolicySchema,
      })
      .prefault({})
      .describe('QAD contacts → HubSpot contacts, associated to their company.'),
    catalog: z
      .strictObject({
        ...flowBase({ cron: '0 * * * *' }),
        massChange: flowMassChangeSchema,
        archiveInactive: z.boolean().default(true).describe('Archive products of inactive QAD items.'),
        match: matchSchema(['sku', 'name'], '`sku`: `hs_sku`; `name`: exact product name'),
        writePolicy: writePolicySchema,
      })
      .prefault({})
      .describe('QAD items → HubSpot products.'),
    orders: z
      .strictObject({
        ...flowBase({ everyMs: 60_000 }),
        closedWonStages: z
          .array(z.string().min(1))
          .default([])
          .describe('Deal stage ids that count as closed-won; empty = read from the pipelines.'),
        amountTolerance: z
          .number()
          .min(0)
          .default(0.01)
          .describe('Allowed |Σ lines − amount|, in the deal currency.'),
        safetyLagMs: z
          .number()
          .int()
          .min(0)
          .default(DEFAULT_DEAL_SAFETY_LAG_MS)
          .describe(
            'The deal search leaves out deals modified less than this long before the run starts, until HubSpot\'s search index surely holds them (docs/change-events.md, "The safety lag"). Raise it if your portal indexes more slowly; a deal indexed later still comes in through the five-minute overlap, one run late.',
          ),
        since: z
          .union([z.iso.date(), z.iso.datetime({ offset: true })])
          .optional()
          .describe(
            'Only deals closed (closedate, else created) on or after this date become orders, so connecting a portal with years of closed-won deals does not create old orders. `init` sets it to the day of setup; omit it to take every closed-won deal.',
          ),
      })
      .prefault({})
      .describe('Closed-won HubSpot deals → QAD sales orders, exactly once.'),
    'qad-orders': z
      .strictObject({
        enabled: z.boolean().default(false).describe('Whether the flow runs (off unless turned on).'),
        schedule: scheduleSchema.prefault({ everyMs: 300_000 }),
        mapping: mappingSchema,
        pipeline: z
          .string()
          .min(1)
          .optional()
          .describe(
            'The HubSpot order pipeline orders are put in, by id or label; default: the first order pipeline (display order).',
          ),
        stages: orderStagesSchema,
      })
      .prefault({})
      .describe(
        'Every QAD sales order of the domain → a HubSpot order (object 0-123) with its lines, associated to its company, deal and contact; the order life (status, shipping, invoices) on the deal it came from. Off by default: needs the orders scopes.',
      ),
  })
  .prefault({})
  .describe('Per-flow settings; every flow but `qad-orders` is enabled by default.');

export type FlowsConfig = z.infer<typeof flowsSchema>;
/** The settings every flow has. */
export type FlowConfig = FlowsConfig[keyof FlowsConfig];
export type AccountsFlowConfig = FlowsConfig['accounts'];
export type ContactsFlowConfig = FlowsConfig['contacts'];
export type CatalogFlowConfig = FlowsConfig['catalog'];
export type OrdersFlowConfig = FlowsConfig['orders'];
export type QadOrdersFlowConfig = FlowsConfig['qad-orders'];
