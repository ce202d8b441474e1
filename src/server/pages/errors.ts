/**
 * The error queue: failing and quarantined records with their reasons, a filter, one-click replay
 * (a form per row, enhanced by /assets/app.js) and a link to each record's audit history.
 */
import type { RecordLink } from '../../core/store-port.js';
import { FLOW_IDS } from '../../core/store-port.js';
import { html, pathSegment, type SafeHtml, withQuery } from '../html.js';
import { fmtTime, layout } from './layout.js';

/** The error queue filter, as read from the query string. */
export interface ErrorFilter {
  q: string;
  connection: string;
  flow: string;
  /** '' = failed and quarantined; 'failed' | 'quarantined' | 'ok' | 'all'. */
  state: string;
}

/** Link to one record's audit page. */
export function recordHref(link: Pick<RecordLink, 'connection' | 'flow' | 'sourceKey'>): string {
  return withQuery(`/records/${pathSegment(link.sourceKey)}`, {
    connection: link.connection,
    flow: link.flow,
  });
}

/** The one-click replay form of one record (enhanced by /assets/app.js; plain POST without script). */
export function replayForm(link: RecordLink, csrfToken: string): SafeHtml {
  return html`<form method="post" action="/replay" class="inline" data-replay>
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="connection" value="${link.connection}" />
    <input type="hidden" name="flow" value="${link.flow}" />
    <input type="hidden" name="sourceKey" value="${link.sourceKey}" />
    <button type="submit">Replay</button>
  </form>`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label}</option>`;
}

/** Renders the queue. `flash` is the outcome of a replay just done without script. */
export function errorsPage(opts: {
  links: RecordLink[];
  filter: ErrorFilter;
  connections: string[];
  csrfToken: string;
  flash?: { text: string; bad: boolean } | undefined;
  truncated: boolean;
}): SafeHtml {
  const { filter, csrfToken } = opts;
  const rows = opts.links.map(
    (l) =>
      html`<tr data-key="${l.sourceKey}">
        <td><a href="${recordHref(l)}">${l.sourceKey}</a></td>
        <td>${l.connection}</td>
        <td>${l.flow}</td>
        <td><span class="badge state-${l.state}" data-state="${l.state}">${l.state}</span></td>
        <td>${l.lastError?.code ?? ''}</td>
        <td class="error-text" data-error>${l.lastError?.message ?? ''}</td>
        <td>${l.targetId ?? '—'}</td>
        <td class="time">${fmtTime(l.updatedAtMs)}</td>
        <td>${l.state === 'ok' ? '' : replayForm(l, csrfToken)}</td>
      </tr>`,
  );
  const body = html`<h1>Error queue</h1>
    <div
      id="replay-status"
      role="status"
      class="${opts.flash ? `flash${opts.flash.bad ? ' bad' : ''}` : 'flash'}"
      ${opts.flash ? '' : html` hidden`}
    >
      ${opts.flash?.text ?? ''}
    </div>
    <form method="get" action="/errors" class="filters">
      <label>Search<input type="search" name="q" value="${filter.q}" placeholder="key, id, error…" /></label>
      <label
        >Connection<select name="connection">
          ${option('', 'all', filter.connection)}${opts.connections.map((c) => option(c, c, filter.connection))}
        </select></label
      >
      <label
        >Flow<select name="flow">
          ${option('', 'all', filter.flow)}${FLOW_IDS.map((f) => option(f, f, filter.flow))}
        </select></label
      >
      <label
        >State<select name="state">
          ${option('', 'failed + quarantined', filter.state)}${option('failed', 'failed', filter.state)}${option('quarantined', 'quarantined', filter.state)}${option('ok', 'ok', filter.state)}${option('all', 'all', filter.state)}
        </select></label
      >
      <button type="submit">Filter</button>
    </form>
    <form method="post" action="/replay" class="inline" data-replay>
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <input type="hidden" name="failed" value="true" />
      ${filter.connection ? html`<input type="hidden" name="connection" value="${filter.connection}" />` : ''}
      <button type="submit">Replay all failed${filter.connection ? ` of ${filter.connection}` : ''}</button>
    </form>
    ${
      opts.links.length === 0
        ? html`<p>No records match.</p>`
        : html`<table id="errors">
            <thead>
              <tr>
                <th>Record</th>
                <th>Connection</th>
                <th>Flow</th>
                <th>State</th>
                <th>Code</th>
                <th>Reason</th>
                <th>Target id</th>
                <th>Updated</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }
    ${opts.truncated ? html`<p class="muted">Showing the first ${opts.links.length} matches; narrow the filter to see more.</p>` : ''}`;
  return layout({ title: 'Error queue', section: 'errors', csrfToken, body });
}
