/**
 * The report of `sync --dry-run`: the summary first (per connection and flow: create, update,
 * adopt, archive, skip, fail, unchanged), then the problems (records that would be quarantined or
 * skipped, flows that failed), then the changes with field-level before → after (HubSpot's
 * current value vs the new one). Lists are cut at `limit` entries, the cut is said.
 */
import { currentValues, fieldChanges, type FieldChange } from '../app/dry-run-diff.js';
import type { ConnectionRuntime } from '../app/runtime.js';
import type { FlowId } from '../core/store-port.js';
import type { MassChangePreview, PlannedChange } from '../engine/flow.js';
import { describeTally } from '../engine/mass-change.js';
import type { PassResult } from '../engine/runner.js';

export const SUMMARY_COLUMNS = ['create', 'update', 'adopt', 'archive', 'skip', 'fail', 'unchanged'] as const;
export type SummaryColumn = (typeof SUMMARY_COLUMNS)[number];

/** Which summary column a planned action counts in (quarantine counts as fail). */
function columnOf(action: string): SummaryColumn | null {
  if (action === 'quarantine') return 'fail';
  return (SUMMARY_COLUMNS as readonly string[]).includes(action) ? (action as SummaryColumn) : null;
}

export interface DryRunProblem {
  flow: FlowId;
  sourceKey: string | null;
  kind: 'quarantine' | 'skip' | 'flow-failed';
  reason: string;
}

export interface DryRunChange {
  flow: FlowId;
  sourceKey: string;
  action: string;
  targetId: string | null;
  /** For an adoption: the matching rule that found the existing HubSpot record. */
  rule?: string;
  fields: FieldChange[];
}

export interface DryRunReport {
  summary: Partial<Record<FlowId, Record<SummaryColumn, number>>>;
  problems: DryRunProblem[];
  changes: DryRunChange[];
  /**
   * The mass-change guard's verdict per flow it checked: `wouldHold` true means the real run would
   * write nothing and exit 5 (MASS_CHANGE_HELD) until confirmed; the changes listed are then what a
   * confirmed run would do.
   */
  massChange: Partial<Record<FlowId, MassChangePreview>>;
  /** How many entries the limit left out. */
  omitted: { problems: number; changes: number };
}

/** Builds one connection's report, reading HubSpot's current values of the shown updates. */
export async function dryRunReport(
  pass: PassResult,
  rt: Pick<ConnectionRuntime, 'hubspot'> | undefined,
  limit: number,
): Promise<DryRunReport> {
  const changes = pass.plan?.changes ?? [];
  const summary: DryRunReport['summary'] = {};
  for (const f of pass.flows) {
    summary[f.flow] = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, 0])) as Record<SummaryColumn, number>;
  }
  for (const c of changes) {
    const column = columnOf(c.action);
    const row = summary[c.flow];
    if (column && row) row[column] += 1;
  }
  const problems: DryRunProblem[] = [
    ...pass.flows
      .filter((f) => f.outcome === 'failed' && f.error)
      .map((f) => ({
        flow: f.flow,
        sourceKey: null,
        kind: 'flow-failed' as const,
        reason: `error[${f.error?.code}]: ${f.error?.message}`,
      })),
    ...changes
      .filter((c) => c.action === 'quarantine' || c.action === 'skip')
      .map((c) => ({
        flow: c.flow,
        sourceKey: c.sourceKey,
        kind: c.action as 'quarantine' | 'skip',
        reason: c.reason ?? '',
      })),
  ];
  const writes = changes.filter(
    (c) => c.action !== 'unchanged' && c.action !== 'quarantine' && c.action !== 'skip',
  );
  const shown = writes.slice(0, limit);
  const before = new Map<string, Record<string, string | null>>();
  if (rt) {
    for (const flow of new Set(shown.map((c) => c.flow))) {
      for (const [id, values] of await currentValues(
        rt,
        flow,
        shown.filter((c) => c.flow === flow),
      ))
        before.set(`${flow}\u0000${id}`, values);
    }
  }
  const detail = (c: PlannedChange): DryRunChange => ({
    flow: c.flow,
    sourceKey: c.sourceKey,
    action: c.action,
    targetId: c.targetId,
    ...(c.action === 'adopt' && c.rule ? { rule: c.rule } : {}),
    fields: fieldChanges(
      c.targetId === null ? null : (before.get(`${c.flow}\u0000${c.targetId}`) ?? null),
      c.properties ?? {},
    ),
  });
  return {
    summary,
    massChange: Object.fromEntries(pass.plan?.massChange ?? []),
    problems: problems.slice(0, limit),
    changes: shown.map(detail),
    omitted: { problems: Math.max(0, problems.length - limit), changes: Math.max(0, writes.length - limit) },
  };
}

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '(empty)' : JSON.stringify(v);

/**
 * The mass-change section: a flow the real run would hold is said first and loudly (the real run
 * exits 5 and writes nothing); one over the limit but covered by a confirmation says whose.
 */
function massChangeLines(reports: readonly { connection: string; report: DryRunReport }[]): string[] {
  const lines: string[] = [];
  for (const { connection, report } of reports) {
    for (const [flow, m] of Object.entries(report.massChange)) {
      if (!m.exceedsLimit) continue;
      const what = `${describeTally(m.tally)} of ${m.tally.linked} linked records (more than ${m.threshold} allowed)`;
      if (m.wouldHold) {
        lines.push(
          '',
          `WOULD BE HELD by the mass-change guard: ${connection} ${flow} would ${what}.`,
          `  The real run would write nothing and exit 5 (MASS_CHANGE_HELD) until confirmed with`,
          `  \`ml-connector sync ${flow} --connection ${connection} --confirm-mass-change\` or on the dashboard's Mass changes page.`,
          `  The changes below are what a confirmed run would do.`,
        );
      } else {
        lines.push(
          '',
          `Mass change confirmed by ${m.confirmedBy ?? 'unknown'}: ${connection} ${flow} would ${what}; the real run would go ahead.`,
        );
      }
      if (m.sample.length > 0)
        lines.push(`  Sample: ${m.sample.map((s) => `${s.key} (${s.kind})`).join(', ')}`);
    }
  }
  return lines;
}

/** The flows a dry run found the mass-change guard would hold, for `--json` (`massChangeWouldHold`). */
export function wouldHoldFlows(
  reports: readonly { connection: string; report: DryRunReport }[],
): ({ connection: string; flow: string } & MassChangePreview)[] {
  return reports.flatMap(({ connection, report }) =>
    Object.entries(report.massChange)
      .filter(([, m]) => m.wouldHold)
      .map(([flow, m]) => ({ connection, flow, ...m })),
  );
}

/** The human lines of the reports of every connection. */
export function dryRunLines(reports: readonly { connection: string; report: DryRunReport }[]): string[] {
  const lines: string[] = ['Dry run: nothing was written anywhere.', ''];
  const header = ['CONNECTION', 'FLOW', ...SUMMARY_COLUMNS.map((c) => c.toUpperCase())];
  const rows: string[][] = [];
  for (const { connection, report } of reports) {
    for (const [flow, s] of Object.entries(report.summary)) {
      rows.push([connection, flow, ...SUMMARY_COLUMNS.map((c) => String(s[c]))]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  lines.push(fmt(header), ...rows.map(fmt));
  lines.push(...massChangeLines(reports));
  const problems = reports.flatMap((r) => r.report.problems.map((p) => ({ connection: r.connection, p })));
  const problemsLeft = reports.reduce((n, r) => n + r.report.omitted.problems, 0);
  lines.push('', `Problems (${problems.length + problemsLeft}):`);
  if (problems.length === 0) lines.push('  none');
  for (const { connection, p } of problems) {
    lines.push(
      `  ${connection} ${p.flow} ${p.sourceKey ?? ''}${p.sourceKey ? ' ' : ''}${p.kind}: ${p.reason}`,
    );
  }
  if (problemsLeft > 0) lines.push(`  … and ${problemsLeft} more (--limit N shows more)`);
  const changes = reports.flatMap((r) => r.report.changes.map((c) => ({ connection: r.connection, c })));
  const changesLeft = reports.reduce((n, r) => n + r.report.omitted.changes, 0);
  lines.push('', `Changes (${changes.length + changesLeft}):`);
  if (changes.length === 0) lines.push('  none');
  for (const { connection, c } of changes) {
    lines.push(
      `  ${connection} ${c.flow} ${c.action} ${c.sourceKey}${c.targetId ? ` (HubSpot ${c.targetId})` : ''}`,
    );
    for (const f of c.fields) {
      lines.push(
        c.action === 'create'
          ? `      ${f.field}: ${show(f.after)}`
          : `      ${f.field}: ${show(f.before)} → ${show(f.after)}`,
      );
    }
  }
  if (changesLeft > 0) lines.push(`  … and ${changesLeft} more (--limit N shows more)`);
  return lines;
}
