/** The rate budget page: HubSpot burst and daily usage per portal. */
import type { RunRecord } from '../../core/store-port.js';
import { budgetChart } from '../chart.js';
import { html, type SafeHtml } from '../html.js';
import type { RateBudgetSnapshot } from '../types.js';
import { fmtTime, layout } from './layout.js';

function meter(used: number, limit: number): SafeHtml {
  const pct = limit > 0 ? Math.min(100, Math.round((used / limit) * 1000) / 10) : 0;
  return html`<div class="meter ${pct >= 90 ? 'high' : ''}" title="${pct}%">
      <div class="w${Math.round(pct / 5) * 5}"></div>
    </div>
    <span class="muted">${used} / ${limit} (${pct}%)</span>`;
}

/** The next UTC midnight: the reset shown when the limiter does not know the portal's own midnight. */
function nextUtcMidnight(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

/** Renders one row per portal, and each portal's daily budget over the day. */
export function rateBudgetPage(
  budgets: RateBudgetSnapshot[],
  csrfToken: string,
  nowMs: number,
  runs: readonly RunRecord[] = [],
): SafeHtml {
  const withReset = budgets.map((b) => ({
    ...b,
    resetKnown: b.daily.resetAtMs !== null,
    daily: { ...b.daily, resetAtMs: b.daily.resetAtMs ?? nextUtcMidnight(nowMs) },
  }));
  const rows = withReset.map(
    (b) =>
      html`<tr data-connection="${b.connection}">
        <td>${b.connection}</td>
        <td>${b.portalId}</td>
        <td>
          ${meter(b.burst.used, b.burst.limit)}
          <div class="muted">per ${b.burst.windowMs / 1000}s</div>
        </td>
        <td>${b.search ? meter(b.search.used, b.search.limit) : '—'}</td>
        <td>
          ${meter(b.daily.used, b.daily.limit)}
          <div class="muted" data-reset>
            resets
            ${fmtTime(b.daily.resetAtMs)}${b.resetKnown ? '' : ' (UTC midnight; the portal time zone is not known yet)'}
          </div>
        </td>
        <td>
          ${
            b.pausedUntilMs && b.pausedUntilMs > nowMs
              ? html`<span class="badge status-paused">paused until ${fmtTime(b.pausedUntilMs)}</span>`
              : html`<span class="badge status-in-sync">active</span>`
          }
        </td>
      </tr>`,
  );
  const body = html`<h1>HubSpot rate budget</h1>
    ${
      budgets.length === 0
        ? html`<p>No HubSpot portal is being tracked by this process.</p>`
        : html`<table id="rate-budget">
              <thead>
                <tr>
                  <th>Connection</th>
                  <th>Portal</th>
                  <th>Burst window</th>
                  <th>Search</th>
                  <th>Daily</th>
                  <th>State</th>
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
            ${withReset.map(
              (b) =>
                html`<h2>Daily budget of ${b.connection} today</h2>
                  <div class="chart-box" data-chart="budget">
                    ${budgetChart(
                      runs.filter((r) => r.connection === b.connection),
                      b.daily,
                      nowMs,
                      `HubSpot calls of ${b.connection} since the last reset, against the daily limit`,
                    )}
                  </div>`,
            )}`
    }`;
  return layout({ title: 'Rate budget', section: 'rate-budget', csrfToken, body });
}
