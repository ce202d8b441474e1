/**
 * The health page: one banner per connection whose system is down or refuses our credential; then
 * per flow whether it ran on schedule (lag against its interval) apart from the records needing
 * attention, the records waiting for another record to sync first (not failing: retried every
 * run), with skipped, excluded and resolved counts, and the lag and run charts.
 */
import { lagChart, runChart } from '../chart.js';
import { connectionBanners, type FlowStatusRow } from '../health-model.js';
import { html, type SafeHtml, withQuery } from '../html.js';
import { fmtDuration, fmtTime, layout } from './layout.js';

const STATUS_LABEL: Record<FlowStatusRow['status'], string> = {
  'in-sync': 'ok',
  failing: 'failing',
  blocked: 'blocked (see banner)',
  attention: 'ok, records need attention',
  paused: 'paused (daily limit)',
  pending: 'not run yet',
};

const SCHEDULE_LABEL: Record<FlowStatusRow['schedule'], string> = {
  'on-schedule': 'on schedule',
  late: 'late',
  unknown: '—',
};

function row(r: FlowStatusRow): SafeHtml {
  const last = r.lastRun;
  const errorsHref = (state: string): string =>
    withQuery('/errors', { connection: r.connection, flow: r.flow, state });
  return html`<tr data-connection="${r.connection}" data-flow="${r.flow}">
    <td>
      <strong>${r.flow}</strong>
      <div class="muted">${r.connection}</div>
    </td>
    <td>
      <span class="badge status-${r.status}" data-status="${r.status}">${STATUS_LABEL[r.status]}</span
      >${r.running ? html` <span class="badge outcome-running">running</span>` : ''}
      ${r.status === 'paused' ? html`<div class="muted">until ${fmtTime(r.pausedUntilMs)}</div>` : ''}
      ${last?.error && r.status === 'failing' ? html`<div class="error-text">${last.error.code}: ${last.error.message}</div>` : ''}
    </td>
    <td data-schedule="${r.schedule}" data-label="Ran on schedule">
      <span class="badge schedule-${r.schedule}">${SCHEDULE_LABEL[r.schedule]}</span>
      <div>
        lag
        <span data-lag>${fmtDuration(r.lagMs)}</span
        >${r.intervalMs === null ? '' : html` / every ${fmtDuration(r.intervalMs)}`}
      </div>
      <div class="muted">last ${last ? fmtTime(last.startedAtMs) : '—'} · next ${fmtTime(r.nextRunAtMs)}</div>
    </td>
    <td class="num" data-attention data-label="Needing attention">
      ${r.attention > 0 ? html`<a href="${errorsHref('')}">${r.attention}</a>` : '0'}
    </td>
    <td class="num" data-waiting="${r.waiting}" data-label="Waiting for customer sync">
      ${r.waiting > 0 ? html`<a href="${errorsHref('waiting')}">${r.waiting}</a>` : '0'}
    </td>
    <td class="num" data-label="Skipped / excluded / resolved">
      <span data-skipped>${r.skipped}</span> /
      <a href="${errorsHref('held')}" data-excluded>${r.excluded}</a> /
      <span data-resolved>${r.resolved}</span>
    </td>
    <td class="num" data-label="In sync">
      ${r.inSync}
      ${r.adopted > 0 ? html`<div class="muted" data-adopted>${r.adopted} adopted from HubSpot last run</div>` : ''}
    </td>
    <td class="charts">
      ${runChart(r.history, `records and errors per run of ${r.connection} ${r.flow}`)}
      ${lagChart(r.history, r.intervalMs, `lag of ${r.connection} ${r.flow} against its schedule`)}
    </td>
  </tr>`;
}

/** Renders the health overview. */
export function healthPage(rows: FlowStatusRow[], csrfToken: string, nowMs: number): SafeHtml {
  const banners = connectionBanners(rows);
  const body = html`<h1>Health</h1>
    ${banners.map(
      (b) =>
        html`<div class="banner" role="alert" data-banner="${b.outage.system}">
          <strong>${b.outage.system} ${b.outage.kind}</strong> for ${b.connection} since
          ${fmtTime(b.sinceMs)}: ${b.outage.code}: ${b.outage.message}
          <div>
            Stopped flows: ${b.flows.join(', ')}. They resume by themselves when ${b.outage.system}
            answers${b.outage.kind === 'credential rejected' ? ' and the credential is fixed (`ml-connector connect`)' : ''}.
          </div>
        </div>`,
    )}
    <p class="muted">
      As of ${fmtTime(nowMs)}. Lag is the time since the flow's last successful run; "late" means more than
      two intervals. Records needing attention are failing or quarantined and not resolved or excluded.
      Records waiting for customer sync (QAD orders whose customer, or lines whose order, is not in HubSpot
      yet) are not failures: every run tries them again.
    </p>
    ${
      rows.length === 0
        ? html`<p>No flows have run or are scheduled yet.</p>`
        : html`<div class="table-wrap">
            <table id="health">
              <thead>
                <tr>
                  <th>Flow</th>
                  <th>Status</th>
                  <th>Ran on schedule</th>
                  <th>Needing attention</th>
                  <th>Waiting for customer sync</th>
                  <th>Skipped / excluded / resolved</th>
                  <th>In sync</th>
                  <th>Runs and lag</th>
                </tr>
              </thead>
              <tbody>
                ${rows.map(row)}
              </tbody>
            </table>
          </div>`
    }`;
  return layout({ title: 'Health', section: 'health', csrfToken, body });
}
