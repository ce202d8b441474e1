/** The rate budget page: HubSpot burst and daily usage per portal. */
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

/** Renders one row per portal. */
export function rateBudgetPage(budgets: RateBudgetSnapshot[], csrfToken: string, nowMs: number): SafeHtml {
  const rows = budgets.map(
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
          <div class="muted">resets ${fmtTime(b.daily.resetAtMs)}</div>
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
          </table>`
    }`;
  return layout({ title: 'Rate budget', section: 'rate-budget', csrfToken, body });
}
