/**
 * The runs page: every recorded run, newest first, with duration, outcome (killed runs shown as
 * such), counts and calls per system, filterable by connection and flow.
 */
import { FLOW_IDS, type FlowId } from '../../core/store-port.js';
import { runChart } from '../chart.js';
import { html, type SafeHtml } from '../html.js';
import { BadRequest } from '../http-util.js';
import { isFlowId } from '../queries.js';
import { viewRuns, type RunView } from '../run-view.js';
import type { DashboardOptions } from '../types.js';
import { fmtDuration, fmtTime, layout } from './layout.js';

function row(r: RunView): SafeHtml {
  const c = r.counts;
  return html`<tr data-run="${r.id}" data-outcome="${r.shownOutcome}">
    <td class="time">${fmtTime(r.startedAtMs)}</td>
    <td>
      ${r.flow}
      <div class="muted">${r.connection}${r.dryRun ? ' · dry run' : ''}</div>
    </td>
    <td><span class="badge outcome-${r.shownOutcome}">${r.shownOutcome}</span></td>
    <td class="num">${fmtDuration(r.durationMs)}</td>
    <td class="num">
      ${c.read} read · ${c.created} new · ${c.updated} upd · ${c.unchanged} same · ${c.skipped} skipped ·
      ${c.failed} failed
    </td>
    <td class="num">HubSpot ${r.calls.hubspot} · QAD ${r.calls.qad}</td>
    <td>
      ${r.error ? html`<span class="error-text">${r.error.code}: ${r.error.message}</span>` : ''}${r.shownOutcome === 'killed' ? html`<span class="muted">its process ended without recording an outcome (no live lease)</span>` : ''}
    </td>
  </tr>`;
}

/** GET /runs. */
export async function runsResponse(
  opts: Pick<DashboardOptions, 'store'>,
  url: URL,
  csrfToken: string,
  nowMs: number,
): Promise<SafeHtml> {
  const connection = url.searchParams.get('connection') ?? '';
  const flow = url.searchParams.get('flow') ?? '';
  if (flow && !isFlowId(flow)) throw new BadRequest(400, `unknown flow ${flow}`);
  const filter: { connection?: string; flow?: FlowId; limit: number } = { limit: 200 };
  if (connection) filter.connection = connection;
  if (isFlowId(flow)) filter.flow = flow;
  const runs = viewRuns(await opts.store.listRuns(filter), await opts.store.listLeases(), nowMs);
  const finished = runs
    .filter((r) => r.endedAtMs !== null)
    .slice(0, 30)
    .reverse();
  const body = html`<h1>Runs</h1>
    <form method="get" action="/runs" class="filters">
      <label>Connection<input type="text" name="connection" value="${connection}" /></label>
      <label
        >Flow<select name="flow">
          <option value="">all</option>
          ${FLOW_IDS.map((f) => html`<option value="${f}" ${f === flow ? html` selected` : ''}>${f}</option>`)}
        </select></label
      >
      <button type="submit">Filter</button>
    </form>
    <div class="chart-box" data-chart="runs">${runChart(finished, 'records and errors per run')}</div>
    ${
      runs.length === 0
        ? html`<p>No runs recorded.</p>`
        : html`<div class="table-wrap">
            <table id="runs">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Flow</th>
                  <th>Outcome</th>
                  <th>Duration</th>
                  <th>Records</th>
                  <th>Calls</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                ${runs.map(row)}
              </tbody>
            </table>
          </div>`
    }`;
  return layout({ title: 'Runs', section: 'runs', csrfToken, body });
}
