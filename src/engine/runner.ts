/**
 * Runs a pass: the selected flows of one connection in dependency order (accounts → contacts,
 * catalog → orders); independent chains run side by side under the connection's one rate limiter,
 * each HTTP call counted to the flow run whose async context made it. Each flow run holds the
 * (connection, flow) lease, is recorded in the store with counts and calls, and ends `ok`,
 * `partial` (some records failed), `failed` (infrastructure error: the cursor stays at the last
 * commit) or `aborted` (stop requested: the current batch was committed). A flow whose dependency
 * failed in the same pass is not run.
 *
 * Dry-run writes NOTHING to the store (no run record, no lease, no links/audit/cursor) and nothing
 * to HubSpot or QAD (no target preparation either); the result carries the plan.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { CountryCodes } from '../core/country-codes.js';
import { ConnectorError, SystemError, toConnectorError } from '../core/errors.js';
import {
  FLOW_IDS,
  type FlowId,
  type LeaseOwner,
  type RunCounts,
  type RunOutcome,
} from '../core/store-port.js';
import { DryRunPlan, type FlowContext, type FlowDefinition } from './flow.js';
import { attemptLease, DEFAULT_LEASE_TTL_MS } from './lease.js';
import type { CallCounts, ConnectionParts, EngineRuntime } from './ports.js';

/** The flows a pass may run, by id. */
export type FlowRegistry<P extends ConnectionParts = ConnectionParts> = ReadonlyMap<
  FlowId,
  FlowDefinition<P>
>;

export interface RunPassOptions<P extends ConnectionParts = ConnectionParts> {
  registry: FlowRegistry<P>;
  /** Flows to run; default every registered flow enabled in the connection's config. */
  flows?: readonly FlowId[];
  dryRun?: boolean;
  full?: boolean;
  /** Stop request: the running flow finishes its batch, commits and returns; later flows are not started. */
  signal?: AbortSignal;
  /** Lease holder id (default: a random id per pass). */
  holder?: string;
  leaseTtlMs?: number;
  /** Who confirms a mass change for these runs (e.g. `cli:alice`); absent = the guard holds one. */
  confirmMassChange?: string;
}

export interface FlowRunResult {
  flow: FlowId;
  runId: string | null;
  /** `skipped` = not run (dependency failed, lease held, or stop requested before it started). */
  outcome: RunOutcome | 'skipped';
  counts: RunCounts;
  calls: CallCounts;
  durationMs: number;
  error: { code: string; message: string } | null;
  /** Not run because another live run holds the lease: who, and until when (epoch ms). */
  leaseHeld?: { holder: string; untilMs: number; owner: LeaseOwner | null };
  /** The lease was taken over from a dead owner before this run. */
  leaseTakenOver?: { owner: LeaseOwner | null; reason: string };
}

export interface PassResult {
  connection: string;
  flows: FlowRunResult[];
  calls: CallCounts;
  durationMs: number;
  /** Dry-run only: what would be created / updated / skipped. */
  plan: DryRunPlan | null;
}

/** Orders `wanted` so every flow comes after the flows it depends on (ties in FLOW_IDS order). */
export function dependencyOrder<P extends ConnectionParts>(
  registry: FlowRegistry<P>,
  wanted: readonly FlowId[],
): FlowId[] {
  const set = new Set(wanted);
  const out: FlowId[] = [];
  const visit = (id: FlowId, stack: FlowId[]): void => {
    if (out.includes(id) || !set.has(id)) return;
    if (stack.includes(id))
      throw new SystemError('INTERNAL', `flow dependency cycle: ${[...stack, id].join(' → ')}`);
    for (const dep of registry.get(id)?.dependsOn ?? []) visit(dep, [...stack, id]);
    out.push(id);
  };
  for (const id of FLOW_IDS) if (set.has(id)) visit(id, []);
  return out;
}

const zeroCounts = (): RunCounts => ({
  read: 0,
  created: 0,
  updated: 0,
  adopted: 0,
  unchanged: 0,
  failed: 0,
  skipped: 0,
});

/** Runs one pass over a connection's flows. Never throws for flow failures: they are results. */
export async function runPass<P extends ConnectionParts>(
  rt: EngineRuntime<P>,
  opts: RunPassOptions<P>,
): Promise<PassResult> {
  const started = rt.clock.nowMs();
  const callsAtStart = rt.callCounts();
  const enabled = (id: FlowId): boolean => rt.connection.flows[id].enabled;
  const wanted = opts.flows ?? FLOW_IDS.filter((id) => opts.registry.has(id) && enabled(id));
  for (const id of wanted) {
    if (!opts.registry.has(id)) throw new ConnectorError('USAGE', `unknown or unavailable flow: ${id}`);
  }
  const order = dependencyOrder(opts.registry, wanted);
  const plan = opts.dryRun === true ? new DryRunPlan() : null;
  const holder = opts.holder ?? `pass-${randomUUID()}`;
  if (plan === null) await rt.store.ensureConnection(rt.connection.name, started);
  // Each flow starts once the flows it depends on have ended; independent chains run side by side
  // (accounts → contacts next to catalog → orders), sharing the connection's rate limiter.
  const runs = new Map<FlowId, Promise<FlowRunResult>>();
  const start = (id: FlowId): Promise<FlowRunResult> => {
    const existing = runs.get(id);
    if (existing) return existing;
    const flow = opts.registry.get(id) as FlowDefinition<P>;
    const run = (async (): Promise<FlowRunResult> => {
      const deps = await Promise.all(flow.dependsOn.filter((dep) => order.includes(dep)).map(start));
      const failedDep = deps.find((r) => r.outcome === 'failed' || r.outcome === 'skipped')?.flow;
      if (failedDep !== undefined || opts.signal?.aborted === true) {
        return {
          flow: id,
          runId: null,
          outcome: 'skipped',
          counts: zeroCounts(),
          calls: { hubspot: 0, qad: 0 },
          durationMs: 0,
          error:
            failedDep !== undefined
              ? {
                  code: 'FLOW_DEPENDENCY_FAILED',
                  message: `not run: ${failedDep} did not complete in this pass`,
                }
              : { code: 'INTERRUPTED', message: 'not run: stop requested' },
        };
      }
      return runFlow(rt, flow, { ...opts, holder, plan });
    })();
    runs.set(id, run);
    return run;
  };
  const results = await Promise.all(order.map(start));
  const callsNow = rt.callCounts();
  return {
    connection: rt.connection.name,
    flows: results,
    calls: { hubspot: callsNow.hubspot - callsAtStart.hubspot, qad: callsNow.qad - callsAtStart.qad },
    durationMs: rt.clock.nowMs() - started,
    plan,
  };
}

/** Runs one flow under its lease and records the run. */
export async function runFlow<P extends ConnectionParts>(
  rt: EngineRuntime<P>,
  flow: FlowDefinition<P>,
  opts: RunPassOptions<P> & { holder: string; plan: DryRunPlan | null },
): Promise<FlowRunResult> {
  const connection = rt.connection.name;
  const startedAtMs = rt.clock.nowMs();
  const runId = randomUUID();
  const counts = zeroCounts();
  // calls made inside this run's async context (flows of one pass may run side by side): the
  // run's own async-local scope tells them apart; it is dropped when the run ends
  const calls: CallCounts = { hubspot: 0, qad: 0 };
  const scope = new AsyncLocalStorage<string>();
  const offCalls = rt.events.on('http.request', (e) => {
    if (scope.getStore() === runId) calls[e.system] += 1;
  });
  try {
    return await scope.run(runId, async (): Promise<FlowRunResult> => {
      const dryRun = opts.plan !== null;
      const ttlMs = opts.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
      const attempt = dryRun
        ? null
        : await attemptLease(
            rt.store,
            rt.clock,
            { connection, flow: flow.id, holder: opts.holder },
            ttlMs,
            rt.leaseOwnership,
          );
      if (attempt !== null && attempt.held === null) {
        const holder = attempt.holder;
        const owner = holder?.owner ?? null;
        const who = owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
        const untilMs = holder?.expiresAtMs ?? rt.clock.nowMs() + ttlMs;
        return {
          flow: flow.id,
          runId: null,
          outcome: 'skipped',
          counts,
          calls: { hubspot: 0, qad: 0 },
          durationMs: 0,
          error: {
            code: 'LEASE_HELD',
            message: `${connection}/${flow.id} is being run by ${who} (lease until ${new Date(untilMs).toISOString()})`,
          },
          leaseHeld: { holder: holder?.holder ?? 'unknown', untilMs, owner },
        };
      }
      const lease = attempt?.held ?? null;
      const takenOver = attempt?.held ? attempt.takenOver : null;
      if (takenOver) {
        rt.events.emit('lease.taken_over', {
          connection,
          flow: flow.id,
          previousHolder: takenOver.previous.holder,
          previousOwner: takenOver.previous.owner,
          reason: takenOver.reason,
        });
      }
      const signals = [opts.signal, lease?.lost].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 0 ? AbortSignal.any(signals) : new AbortController().signal;
      // the connection's parts (config, clients) go to the flow as the runtime holds them
      const ctx: FlowContext<P> = {
        ...rt,
        flowId: flow.id,
        store: rt.store,
        clock: rt.clock,
        events: rt.events,
        logger: rt.logger,
        runId,
        dryRun,
        full: opts.full === true,
        signal,
        counts,
        plan: opts.plan ?? new DryRunPlan(),
        calls,
        countries: rt.countries ?? new CountryCodes(),
        ...(opts.confirmMassChange === undefined ? {} : { massChangeConfirmedBy: opts.confirmMassChange }),
      };
      let outcome: RunOutcome = 'ok';
      let error: { code: string; message: string } | null = null;
      try {
        if (!dryRun) {
          await rt.store.startRun({
            id: runId,
            connection,
            flow: flow.id,
            startedAtMs,
            counts,
            calls: { hubspot: 0, qad: 0 },
            dryRun,
          });
        }
        // logged once, by the event bus's bridge to the logger
        rt.events.emit('run.started', { connection, flow: flow.id, runId, dryRun, full: ctx.full });
        if (!dryRun) await rt.prepareFlow?.(flow.id);
        await flow.run(ctx);
        if (lease?.lost.aborted === true) {
          outcome = 'aborted';
          error = { code: 'LEASE_LOST', message: 'the lease was lost; stopped after the current batch' };
        } else if (opts.signal?.aborted === true) outcome = 'aborted';
        else if (counts.failed > 0) outcome = 'partial';
      } catch (thrown) {
        const e = toConnectorError(thrown);
        outcome = 'failed';
        error = { code: e.code, message: e.message };
        rt.logger.error(
          { event: 'run.failed', connection, flow: flow.id, runId, err: e.toJSON() },
          `${flow.id}: ${e.message}`,
        );
      }
      const endedAtMs = rt.clock.nowMs();
      const finalCalls = { hubspot: calls.hubspot, qad: calls.qad };
      try {
        if (!dryRun)
          await rt.store.finishRun(runId, { endedAtMs, outcome, counts, calls: finalCalls, error });
      } finally {
        await lease?.release();
      }
      const result: FlowRunResult = {
        flow: flow.id,
        runId: dryRun ? null : runId,
        outcome,
        counts: { ...counts },
        calls: finalCalls,
        durationMs: endedAtMs - startedAtMs,
        error,
        ...(takenOver
          ? { leaseTakenOver: { owner: takenOver.previous.owner, reason: takenOver.reason } }
          : {}),
      };
      rt.events.emit('run.finished', { connection, ...result, runId });
      return result;
    });
  } finally {
    offCalls();
    scope.disable();
  }
}

declare module '../core/events.js' {
  interface EventMap {
    /** A flow run started (also in dry-run). */
    'run.started': { connection: string; flow: FlowId; runId: string; dryRun: boolean; full: boolean };
    /** A flow run ended; `outcome` as recorded in the store. */
    'run.finished': {
      connection: string;
      flow: FlowId;
      runId: string | null;
      outcome: RunOutcome | 'skipped';
      counts: RunCounts;
      calls: CallCounts;
      durationMs: number;
      error: { code: string; message: string } | null;
    };
    /** A lease whose owner was provably dead was taken over (also recorded by the store). */
    'lease.taken_over': {
      connection: string;
      flow: FlowId;
      previousHolder: string;
      previousOwner: LeaseOwner | null;
      reason: string;
    };
  }
}
