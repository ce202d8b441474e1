/** The health page: one row per connection and flow, with status, runs, lag, counts and a run chart. */
import { runChart } from '../chart.js';
import type { FlowStatusRow } from '../health-model.js';
import { html, type SafeHtml, withQuery } from '../html.js';
import { fmtDuration, fmtTime, layout } from './layout.js';

const STATUS_LABEL: Record<FlowStatusRow['status'], string> = {
  'in-sync': 'in sync',
  failing: 'failing',
  paused: 'paused (daily limit)',
  pending: 'not run yet',
};

function row(r: FlowStatusRow): SafeHtml {
  const last = r.lastRun;
  const errorsHref = (state: string): string =>
    withQuery('/errors', { connection: r.connection, flow: r.flow, state });
  return html`<tr data-connection="${r.connection}" data-flow="${r.flow}">
    <td>${r.connection}</td>
    <td>${r.flow}</td>
    <td>
      <span class="badge status-${r.status}" data-status="${r.status}">${STATUS_LABEL[r.status]}</span
      >${r.running ? html` <span class="badge outcome-running">running</span>` : ''}
      ${r.status === 'paused' ? html`<div class="muted">until ${fmtTime(r.pausedUntilMs)}</div>` : ''}
      ${last?.error ? html`<div class="error-text">${last.error.code}: ${last.error.message}</div>` : ''}
    </td>
    <td class="time">
      ${last ? html`${fmtTime(last.startedAtMs)}<br /><span class="badge outcome-${last.outcome}">${last.outcome}</span>` : '—'}
    </td>
    <td class="time">${fmtTime(r.nextRunAtMs)}</td>
    <td>${fmtDuration(r.lagMs)}</td>
    <td class="num">${r.inSync}</td>
    <td class="num"><a href="${errorsHref('failed')}">${r.failing}</a></td>
    <td class="num"><a href="${errorsHref('quarantined')}">${r.quarantined}</a></td>
    <td class="num">
      ${last ? `${last.counts.read} read / ${last.counts.created} new / ${last.counts.adopted ?? 0} adopted / ${last.counts.updated} upd / ${last.counts.failed} err` : '—'}
    </td>
    <td class="num">${r.throughputPerSec === null ? '—' : `${r.throughputPerSec}/s`}</td>
    <td>${runChart(r.history, `records and errors per run of ${r.connection} ${r.flow}`)}</td>
  </tr>`;
}

/** Renders the health overview. */
export function healthPage(rows: FlowStatusRow[], csrfToken: string, nowMs: number): SafeHtml {
  const body = html`<h1>Health</h1>
    <p class="muted">As of ${fmtTime(nowMs)}. Lag is the time since the flow's last successful run.</p>
    ${
      rows.length === 0
        ? html`<p>No flows have run or are scheduled yet.</p>`
        : html`<table id="health">
            <thead>
              <tr>
                <th>Connection</th>
                <th>Flow</th>
                <th>Status</th>
                <th>Last run</th>
                <th>Next run</th>
                <th>Lag</th>
                <th>In sync</th>
                <th>Failing</th>
                <th>Quarantined</th>
                <th>Last run counts</th>
                <th>Throughput</th>
                <th>Records / errors per run</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(row)}
            </tbody>
          </table>`
    }`;
  return layout({ title: 'Health', section: 'health', csrfToken, body });
}
