/** Turns the measured results into the report's sections (figures 1–6) with targets and notes. */
import type { BenchLimits } from './env.js';
import { DEFAULT_IN_MEMORY_LIMIT } from '../src/engine/key-groups.js';
import { ACCOUNT_READ_HEAP_MB, type AccountReadResult } from './account-read.js';
import type { OverheadResult } from './overhead.js';
import type { PerRecordResult } from './per-record.js';
import { info, target, type Section } from './report.js';
import type { InitialLoadResult, SyncBenchResult } from './sync-bench.js';
import { livedInSection, type LivedInResult } from './lived-in.js';

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number): string => x.toLocaleString('en-US');
const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

/** Calls of the routes matching `pattern`. */
function routeSum(byRoute: Record<string, number>, pattern: RegExp): number {
  return Object.entries(byRoute)
    .filter(([route]) => pattern.test(route))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Poll cadence of figure 6 (ms). */
export const POLL_MS = 30_000;

/** Builds every section. */
export function buildSections(r: {
  sync: SyncBenchResult[];
  /** Figure 1 again at higher compressions, where the connector's own work becomes the ceiling. */
  headroom: InitialLoadResult[];
  /** Time compression of `limits` (k× the professional tier's pace). */
  compression: number;
  /** Time compression of the per-record pattern's sample. */
  perRecordCompression: number;
  perRecord: PerRecordResult;
  overhead: OverheadResult[];
  accountRead: AccountReadResult[];
  limits: BenchLimits;
  sizes: { accounts: number; items: number; sample: number; overhead: number[] };
  /** Figure 6 (bench/latency-section.ts), when measured. */
  latency?: Section;
  /** Figure 7 (first connect to a lived-in portal), when measured. */
  livedIn?: LivedInResult;
}): Section[] {
  const perSecond = (r.limits.burst / r.limits.windowMs) * 1000;
  const first = r.sync[0] as SyncBenchResult;
  const records = first.initial.written;

  const f1: Section = {
    title: '1. Initial load at the floor',
    figures: r.sync.flatMap((x) => {
      const ratio = x.initial.wallMs / x.floorMs;
      return [
        target(`initial load wall ÷ floor [${x.dialect}]`, ratio.toFixed(2), '≤ 1.10', ratio <= 1.1),
        target(
          `initial load 429 responses [${x.dialect}]`,
          n(x.initial.rateLimited),
          '0',
          x.initial.rateLimited === 0,
        ),
        info(`initial load wall time [${x.dialect}]`, s(x.initial.wallMs)),
        info(
          `initial load floor [${x.dialect}]`,
          `${s(x.floorMs)} (${n(x.floorCalls)} calls ÷ ${perSecond}/s)`,
        ),
        info(`initial load HubSpot calls made [${x.dialect}]`, n(x.initial.hubspotCalls)),
        info(
          `initial load HubSpot calls by route [${x.dialect}]`,
          Object.entries(x.initial.byRoute)
            .sort((a, b) => b[1] - a[1])
            .map(([route, count]) => `${route} ${n(count)}`)
            .join('; '),
        ),
        info(
          `initial load time inside HTTP calls [${x.dialect}]`,
          `HubSpot ${s(x.initial.httpMs.hubspot)} (${(x.initial.httpMs.hubspot / x.initial.hubspotCalls).toFixed(0)} ms/call), ` +
            `QAD ${s(x.initial.httpMs.qad)} (${n(x.initial.qadCalls)} calls); the rest of the wall time is the connector's own work (map, hash, ledger)`,
        ),
        info(
          `initial load records written [${x.dialect}]`,
          `${n(x.initial.written)} (companies ${n(x.initial.byFlow['accounts']?.created ?? 0)}, contacts ${n(
            x.initial.byFlow['contacts']?.created ?? 0,
          )}, products ${n(x.initial.byFlow['catalog']?.created ?? 0)}; ${n(x.initial.failed)} failed as data)`,
        ),
      ];
    }),
    notes: [
      `Sandboxes at the professional tier (190 calls per rolling 10 s, search 5 per second) with time compressed ` +
        `${r.compression}×: burst ${r.limits.burst} per ${r.limits.windowMs} ms (search ${r.limits.searchPerSecond} per ` +
        `${r.limits.searchWindowMs} ms); the connector's limiter is configured with the same window ` +
        `(\`hubspot.rateLimit\`), maxConcurrent ${r.limits.maxConcurrent}. Data: generator seed 42, ` +
        `${n(r.sizes.accounts)} accounts (≈2 contacts each), ${n(r.sizes.items)} items. Both sandboxes run in one ` +
        'child process on the same 2 cores as the connector.',
      'Floor = minimum HubSpot calls ÷ allowed calls per second; minimum calls = ⌈companies/100⌉ + ⌈contacts/100⌉ + ' +
        '⌈products/100⌉ (contact→company associations ride on the contact creates). The one-time property ' +
        'bootstrap calls are not in the floor but are in the wall time. Wall time = the whole `runPass` of accounts, ' +
        "contacts and catalog (QAD reads included). A rolling window lets a run spend the first window's burst at " +
        'once, so a run bound by the limit alone can come in under its floor.',
      `Why ${r.compression}×: at ${r.compression}× the limit allows ≈ ${n(Math.round((r.limits.burst / r.limits.windowMs) * 100_000))} ` +
        'records/s (100 per call) — the figure then measures whether the connector keeps HubSpot at its ceiling. At ' +
        `higher compressions the limit would allow more records per second than this machine's 2 cores can map, ` +
        'hash, write to the ledger and serve from both sandboxes; the headroom rows show that point: there the ' +
        "ratio measures the connector's (and the sandboxes') CPU, not the rate limit.",
      'Records that fail as data (contacts sharing an e-mail, policy `report`) are outcomes, not errors.',
    ],
  };
  for (const x of r.headroom) {
    const k = 10_000 / x.limits.windowMs;
    const ratio = x.initial.wallMs / x.floorMs;
    f1.figures.push(
      info(
        `headroom: wall ÷ floor at ${k}× [${x.dialect}]`,
        `${ratio.toFixed(2)} (${s(x.initial.wallMs)} ÷ ${s(x.floorMs)}; ${n(Math.round(x.initial.written / (x.initial.wallMs / 1000)))} ` +
          `records/s written; ${n(x.initial.rateLimited)} × 429)`,
      ),
    );
  }

  const perRecordCalls = r.perRecord.calls / r.perRecord.sample;
  const realSearchPerS = 5;
  const realBurstPerS = 19;
  const extrapolatedCalls = Math.round(perRecordCalls * records);
  const extrapolatedRealS = Math.max(records / realSearchPerS, extrapolatedCalls / realBurstPerS);
  const connectorRealS = first.initial.hubspotCalls / realBurstPerS;
  const cpr = first.initial.hubspotCalls / records;
  const f2: Section = {
    title: '2. Calls per record',
    figures: [
      target('connector HubSpot calls ÷ records written', cpr.toFixed(4), '≤ 0.012', cpr <= 0.012),
      info(
        'the initial load by kind of call',
        `record batches (create/upsert) ${n(routeSum(first.initial.byRoute, /^POST \/crm\/objects\/.*\/batch\//))}, ` +
          `association batches ${n(routeSum(first.initial.byRoute, /\/crm\/associations\//))}, ` +
          `one-time property bootstrap ${n(routeSum(first.initial.byRoute, /\/crm\/properties\//))}`,
      ),
      info(
        'per-record create-or-update pattern, calls ÷ record (measured)',
        `${perRecordCalls.toFixed(3)} on a ${n(r.perRecord.sample)}-record sample (${n(r.perRecord.searchCalls)} searches, ` +
          `${n(r.perRecord.rateLimited)} 429s, ${s(r.perRecord.wallMs)} at ${r.perRecordCompression}× compression)`,
      ),
      info(
        'per-record pattern on this load (extrapolated)',
        `≈ ${n(extrapolatedCalls)} calls, ≥ ${(extrapolatedRealS / 3600).toFixed(1)} h at real limits ` +
          `(search 5/s) vs the connector's ${n(first.initial.hubspotCalls)} calls ≈ ${connectorRealS.toFixed(0)} s at 190/10 s`,
      ),
    ],
    notes: [
      'The pattern: for each company, `POST …/companies/search` on `qad_account_key`, then `POST` (create) or ' +
        '`PATCH` (update) — sequential, as workflow tools run it, honouring 429s. Measured on a sample, then ' +
        'extrapolated linearly to the records of figure 1 (the extrapolation is arithmetic, not a run).',
    ],
  };

  const f3: Section = {
    title: '3. No-op re-run',
    figures: r.sync.flatMap((x) => [
      target(
        `incremental re-run write calls [${x.dialect}]`,
        n(x.noopIncremental.writeCalls),
        '0',
        x.noopIncremental.writeCalls === 0,
      ),
      info(`incremental re-run total HubSpot calls [${x.dialect}]`, n(x.noopIncremental.hubspotCalls)),
      info(`incremental re-run time [${x.dialect}]`, s(x.noopIncremental.wallMs)),
      target(
        `full re-read (--full) write calls [${x.dialect}]`,
        n(x.noopFull.writeCalls),
        '0',
        x.noopFull.writeCalls === 0,
      ),
      info(
        `full re-read total HubSpot calls / QAD calls [${x.dialect}]`,
        `${n(x.noopFull.hubspotCalls)} / ${n(x.noopFull.qadCalls)}`,
      ),
      info(
        `full re-read time [${x.dialect}]`,
        `${s(x.noopFull.wallMs)} for ${n(x.noopFull.read)} records read`,
      ),
    ]),
    notes: [
      'Incremental = the next scheduled run (QAD cursor at today). Full = `sync --full`: every record read, ' +
        'mapped and hashed against the ledger. Write calls counted by the HubSpot sandbox.',
    ],
  };

  const f4: Section = {
    title: '4. Incremental: 1 % of records changed',
    figures: r.sync.flatMap((x) => {
      const fixed = x.noopIncremental.hubspotCalls;
      const allowed = x.incrementalFloorCalls + fixed;
      return [
        info(
          `records changed in QAD [${x.dialect}]`,
          `${n(x.changed.companies)} business relations, ${n(x.changed.contacts)} contacts, ${n(x.changed.products)} items`,
        ),
        info(`records written [${x.dialect}]`, n(x.incremental.written)),
        target(
          `HubSpot calls [${x.dialect}]`,
          n(x.incremental.hubspotCalls),
          `≤ ${allowed}: ${x.incrementalFloorCalls} for the change + ${fixed} per run`,
          x.incremental.hubspotCalls <= allowed,
        ),
        info(`time [${x.dialect}]`, s(x.incremental.wallMs)),
      ];
    }),
    notes: [
      'Every 100th business relation (telephone), contact (function) and item (description) patched through the ' +
        'QAD sandbox control API; a business-relation change also bumps its customer/supplier rows. Items that are ' +
        'inactive are archived, not written, so written can be below changed.',
    ],
  };

  const f5figures = [];
  for (const dialect of ['sqlite', 'postgres'] as const) {
    const rows = r.overhead.filter((o) => o.dialect === dialect).sort((a, b) => a.accounts - b.accounts);
    for (const o of rows) {
      f5figures.push(
        info(`records/s at ${n(o.accounts)} accounts [${dialect}]`, n(Math.round(o.recordsPerSecond))),
      );
      f5figures.push(info(`peak RSS at ${n(o.accounts)} accounts [${dialect}]`, mb(o.maxRssKb)));
    }
    const [small, big] = rows;
    if (small && big) {
      const ratio = big.maxRssKb / small.maxRssKb;
      f5figures.push(
        target(
          `peak RSS ${n(big.accounts)} ÷ ${n(small.accounts)} [${dialect}]`,
          ratio.toFixed(2),
          '≤ 1.5',
          ratio <= 1.5,
        ),
        target(
          `peak RSS at ${n(big.accounts)} [${dialect}]`,
          mb(big.maxRssKb),
          '< 300 MB',
          big.maxRssKb < 300 * 1024,
        ),
      );
    }
  }
  const f5: Section = {
    title: '5. Connector overhead with limits off',
    figures: f5figures,
    notes: [
      'Generated accounts streamed (500 per page) through the real accounts sink: map → hash → ledger lookup → ' +
        'write → ledger commit (links + audit rows, one transaction per page). Write target: a null HubSpot (no HTTP; ' +
        'ids handed out in memory). QAD normalisation is not included (records are built from the generator). ' +
        'Each size runs in a fresh child process on a fresh store; RSS = process.resourceUsage().maxRSS.',
    ],
  };

  const reads = r.accountRead.filter((a) => a.mode === 'default').sort((a, b) => a.accounts - b.accounts);
  const f5bfigures = [];
  for (const a of reads) {
    f5bfigures.push(
      info(
        `accounts read and merged at ${n(a.accounts)} accounts`,
        a.result
          ? `${n(a.result.accounts)} in ${s(a.result.wallMs)} (${n(Math.round(a.result.accounts / (a.result.wallMs / 1000)))} accounts/s)`
          : `out of memory under a ${ACCOUNT_READ_HEAP_MB} MB heap`,
      ),
      target(
        `peak RSS at ${n(a.accounts)} accounts, heap capped at ${ACCOUNT_READ_HEAP_MB} MB`,
        a.result ? mb(a.result.maxRssKb) : 'out of memory',
        '< 300 MB',
        a.result !== null && a.result.accounts === a.accounts && a.result.maxRssKb < 300 * 1024,
      ),
    );
  }
  const [smallRead, bigRead] = reads;
  if (smallRead?.result && bigRead?.result) {
    const ratio = bigRead.result.maxRssKb / smallRead.result.maxRssKb;
    f5bfigures.push(
      target(
        `peak RSS ${n(bigRead.accounts)} ÷ ${n(smallRead.accounts)}`,
        ratio.toFixed(2),
        '≤ 1.5',
        ratio <= 1.5,
      ),
    );
  }
  for (const c of r.accountRead.filter((a) => a.mode === 'in-memory')) {
    f5bfigures.push(
      info(
        `control: ${n(c.accounts)} accounts with every row held in memory, same heap cap`,
        c.result ? `completed, peak RSS ${mb(c.result.maxRssKb)}` : 'out of memory',
      ),
    );
  }
  const f5b: Section = {
    title: '5b. Reading accounts from QAD with bounded memory',
    figures: f5bfigures,
    notes: [
      'The accounts flow reads the customer and the supplier browse at once and merges both halves of each business ' +
        "relation into one account. QAD's browse sort order is server-defined (sandbox/qad/vendor-facts.md, Browses), so the halves cannot be " +
        `joined as they stream; past ${n(DEFAULT_IN_MEMORY_LIMIT)} rows the grouping spills to a temporary SQLite file ` +
        '(src/engine/key-groups.ts) and reads the groups back in key order. Each size reads every row from its own QAD ' +
        `sandbox (in a child process) in a fresh process whose V8 heap is capped at ${ACCOUNT_READ_HEAP_MB} MB; nothing ` +
        'is written. The control reads the smaller size with the whole grouping in memory under the same cap.',
    ],
  };

  const sameDialect = r.sync.find((x) => x.dialect === r.livedIn?.dialect) ?? first;
  return [
    f1,
    f2,
    f3,
    f4,
    f5,
    f5b,
    ...(r.latency ? [r.latency] : []),
    ...(r.livedIn ? [livedInSection(r.livedIn, sameDialect.initial.hubspotCalls)] : []),
  ];
}
