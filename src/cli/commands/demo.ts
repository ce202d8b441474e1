/**
 * `ml-connector demo [--json] [--keep]`: the first-run experience (`npm run demo`). Starts both
 * sandboxes in process, creates a connection to them in a fresh folder (config, master key,
 * SQLite ledger, vault secrets), runs every flow including closed-won deals → QAD orders, and
 * prints what moved. `--json` prints the `sync --json` summary plus the orders.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { EXIT, exitCodeForCode } from '../../core/errors.js';
import { runDemo, type DemoOrder, type DemoResult } from '../../demo/run-demo.js';
import type { CliContext } from '../context.js';
import { untilStopSignal } from '../stop-signal.js';
import { syncJson } from '../sync-report.js';

interface DemoCliOptions {
  json?: boolean;
  keep?: boolean;
  dir?: string;
  deals: number;
  accounts: number;
  items: number;
}

function countArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

/** Registers `demo`. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description(
      'Run every flow against local HubSpot and QAD sandboxes (no setup needed) and show what moved.',
    )
    .option('--json', 'print the sync summary (as `sync --json`) plus the orders created, as one JSON object')
    .option('--keep', 'keep the sandboxes running afterwards (until Ctrl-C) so `run` can use the demo folder')
    .option('--dir <path>', 'folder for the demo config, key and ledger (default: a fresh temp folder)')
    .option('--deals <n>', 'closed-won deals to turn into orders', countArg, 12)
    .option('--accounts <n>', 'QAD accounts (business relations) to generate', countArg, 300)
    .option('--items <n>', 'QAD items to generate', countArg, 120)
    .action(async (opts: DemoCliOptions) => {
      const json = opts.json === true;
      const result = await runDemo({
        ...(opts.dir !== undefined ? { dir: opts.dir } : {}),
        deals: opts.deals,
        accounts: opts.accounts,
        items: opts.items,
        ...(ctx.deps.openApp ? { openApp: ctx.deps.openApp } : {}),
        onProgress: (message) => {
          if (!json) ctx.err(`… ${message}`);
        },
      });
      ctx.defer(() => result.stop());
      setExitCode(ctx, result);
      const summary = syncJson(result.passes, result.durationMs);
      if (json) {
        ctx.deps.stdout.write(
          `${JSON.stringify(
            ctx.secrets.redact({
              ...summary,
              orders: result.orders,
              moved: result.moved,
              adopted: result.adopted,
              problems: result.problems,
              dir: result.dir,
              configPath: result.configPath,
              // With --keep the sandboxes stay up: their URLs let a script check what the demo did.
              ...(opts.keep === true
                ? { sandboxes: { hubspot: result.hubspotUrl, qad: result.qadUrl } }
                : {}),
            }),
          )}\n`,
        );
      } else printHuman(ctx, result);
      if (opts.keep === true) {
        ctx.err(
          `sandboxes still running: HubSpot ${result.hubspotUrl}, QAD ${result.qadUrl} — Ctrl-C stops them`,
        );
        await untilStopSignal();
      }
    });
}

/**
 * 0 when the demo did its job: no flow failed outright and every deal became exactly one QAD order.
 * Per-record problems in the generated data (shown in the output) are outcomes, not a failed demo.
 */
function setExitCode(ctx: CliContext, result: DemoResult): void {
  for (const pass of result.passes) {
    for (const f of pass.flows) {
      if (f.outcome === 'failed' && f.error) ctx.setExitCode(exitCodeForCode(f.error.code));
      if (f.outcome === 'skipped' || f.outcome === 'aborted') ctx.setExitCode(EXIT.partial);
    }
  }
  if (!result.orders.every(isPlaced)) ctx.setExitCode(EXIT.partial);
}

function printHuman(ctx: CliContext, result: DemoResult): void {
  ctx.out('');
  ctx.out('ml-connector demo: QAD sandbox ⇄ HubSpot sandbox');
  ctx.out('');
  const header = ['flow', 'outcome', 'read', 'created', 'updated', 'unchanged', 'failed', 'skipped'];
  const rows = result.passes.flatMap((p) =>
    p.flows.map((f) => [
      f.flow,
      f.outcome,
      ...[
        f.counts.read,
        f.counts.created,
        f.counts.updated,
        f.counts.unchanged,
        f.counts.failed,
        f.counts.skipped,
      ].map(String),
    ]),
  );
  for (const line of table([header, ...rows])) ctx.out(`  ${line}`);
  ctx.out(
    `  Adopted ${result.adopted} records HubSpot already held (matched by domain, name, email or SKU) instead of creating duplicates.`,
  );
  for (const p of result.passes)
    for (const f of p.flows) if (f.error) ctx.out(`  ${f.flow}: error[${f.error.code}] ${f.error.message}`);
  ctx.out('');
  ctx.out(`Orders created (HubSpot deal → QAD sales order): ${result.orders.filter(isPlaced).length}`);
  for (const o of result.orders) {
    const target =
      o.orderNumber === null ? `no order (${o.syncStatus ?? 'not processed'})` : `QAD ${o.orderNumber}`;
    ctx.out(
      `  deal ${o.dealId.padEnd(6)} → ${target.padEnd(14)} ${o.amount.padStart(12)} ${o.currency}  ${o.dealName}`,
    );
  }
  printProblems(ctx, result);
  const calls = result.passes.reduce(
    (acc, p) => ({ hubspot: acc.hubspot + p.calls.hubspot, qad: acc.qad + p.calls.qad }),
    { hubspot: 0, qad: 0 },
  );
  const m = result.moved;
  ctx.out('');
  ctx.out(
    `Calls made: HubSpot ${calls.hubspot}, QAD ${calls.qad}; ${(result.durationMs / 1000).toFixed(1)} s`,
  );
  ctx.out(
    `HubSpot now holds ${m.companies} companies, ${m.contacts} contacts, ${m.products} products, ${m.deals} deals; QAD holds ${m.salesOrders} sales orders.`,
  );
  ctx.out('');
  ctx.out(`Demo folder (config, master key, SQLite ledger): ${result.dir}`);
  ctx.out('Open the dashboard on this ledger (runs, audit trail, errors):');
  ctx.out(
    `  ML_DASHBOARD_TOKEN=<32+ random characters, e.g. from openssl rand -base64 32> ml-connector run --config ${result.configPath}`,
  );
  ctx.out('  then open http://127.0.0.1:8787 and sign in with that token.');
  ctx.out(
    'The sandboxes stop when the demo exits; run `ml-connector demo --keep` to leave them up for `run`.',
  );
  ctx.out('Inspect: ml-connector status --config <that file>, ml-connector audit <key> --config <that file>');
}

function printProblems(ctx: CliContext, result: DemoResult): void {
  if (result.problems.length === 0) return;
  ctx.out('');
  ctx.out(
    `Per-record problems kept in the ledger for replay (the generated data has some on purpose): ${result.problems.length}`,
  );
  for (const p of result.problems.slice(0, 3)) {
    ctx.out(`  ${p.flow} ${p.sourceKey}: ${p.state} [${p.code ?? '?'}] ${p.message ?? ''}`);
  }
  const first = result.problems[0];
  if (first !== undefined)
    ctx.out(`  history of one: ml-connector audit '${first.sourceKey}' --config ${result.configPath}`);
}

function isPlaced(o: DemoOrder): boolean {
  return o.orderNumber !== null && o.qadOrders === 1;
}

/** Left-aligned text columns. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
