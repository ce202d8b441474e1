/**
 * The error queue as a triage desk. Without a cause chosen it shows one row per cause (error
 * code × flow) with its count, first and last seen, the documented remedy and the actions that can
 * help it; choosing a cause drills into its records, each with replay (where it can help), resolve
 * and exclude. Every link keeps the filter. State `held` lists resolved and excluded records.
 */
import type { RecordHold, RecordLink } from '../../core/store-port.js';
import { FLOW_IDS } from '../../core/store-port.js';
import { html, pathSegment, type SafeHtml, withQuery } from '../html.js';
import { holdId } from '../queries.js';
import { actionsFor, type ErrorGroup } from '../triage.js';
import { fmtTime, layout } from './layout.js';

/** The error queue filter, as read from the query string. */
export interface ErrorFilter {
  q: string;
  connection: string;
  flow: string;
  /** '' = failed and quarantined; 'failed' | 'quarantined' | 'ok' | 'waiting' | 'all' | 'held'. */
  state: string;
  /** One cause; '' = grouped view. */
  code: string;
}

/** Link to one record's audit page. */
export function recordHref(link: Pick<RecordLink, 'connection' | 'flow' | 'sourceKey'>): string {
  return withQuery(`/records/${pathSegment(link.sourceKey)}`, {
    connection: link.connection,
    flow: link.flow,
  });
}

/** The errors URL for a filter (empty values left out). */
export function errorsHref(filter: Partial<ErrorFilter>): string {
  return withQuery('/errors', { ...filter });
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

/** Resolve / exclude (with a reason), or lift a hold, for one record; returns to `back`. */
export function holdForm(
  link: Pick<RecordLink, 'connection' | 'flow' | 'sourceKey'>,
  csrfToken: string,
  back: string,
  kinds: readonly ('resolved' | 'excluded')[],
  hold?: RecordHold,
): SafeHtml {
  const hidden = html`<input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="connection" value="${link.connection}" />
    <input type="hidden" name="flow" value="${link.flow}" />
    <input type="hidden" name="sourceKey" value="${link.sourceKey}" />
    <input type="hidden" name="back" value="${back}" />`;
  if (hold) {
    return html`<form method="post" action="/records/hold" class="hold">
      ${hidden}<input type="hidden" name="kind" value="lift" />
      <input type="text" name="reason" required placeholder="why lift it" aria-label="why lift the hold" />
      <button type="submit">Lift ${hold.kind === 'excluded' ? 'exclusion' : 'resolution'}</button>
    </form>`;
  }
  return html`<form method="post" action="/records/hold" class="hold">
    ${hidden}
    <input
      type="text"
      name="reason"
      required
      placeholder="reason"
      aria-label="reason for ${link.sourceKey}"
    />
    ${kinds.map(
      (k) =>
        html`<button type="submit" name="kind" value="${k}">
          ${k === 'excluded' ? 'Exclude' : 'Resolve'}
        </button>`,
    )}
  </form>`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label}</option>`;
}

function groupsTable(groups: ErrorGroup[], filter: ErrorFilter): SafeHtml {
  if (groups.length === 0) return html`<p>No records need attention.</p>`;
  const rows = groups.map((g) => {
    const scope = { ...filter, connection: g.connection, flow: g.flow, code: g.code };
    return html`<tr data-code="${g.code}" data-flow="${g.flow}">
      <td>
        <strong>${g.code}</strong>
        <div class="muted">${g.summary}</div>
      </td>
      <td>${g.connection}<br />${g.flow}</td>
      <td class="num" data-count>${g.count}</td>
      <td class="time">${fmtTime(g.firstSeenMs)}<br />${fmtTime(g.lastSeenMs)}</td>
      <td class="remedy" data-remedy>${g.remedy}</td>
      <td class="actions">
        <a href="${errorsHref(scope)}">${g.count === 1 ? 'The record' : `The ${g.count} records`}</a>
        ${
          g.actions.includes('replay')
            ? html`<a class="button" href="${withQuery('/replay/confirm', { ...scope })}">Replay…</a>`
            : html`<div class="muted" data-no-replay>No replay: ${g.noReplayBecause ?? ''}</div>`
        }
      </td>
    </tr>`;
  });
  return html`<div class="table-wrap">
    <table id="groups">
      <thead>
        <tr>
          <th>Cause</th>
          <th>Where</th>
          <th>Records</th>
          <th>First / last seen</th>
          <th>Remedy</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function recordsTable(
  links: RecordLink[],
  holds: Map<string, RecordHold>,
  filter: ErrorFilter,
  csrfToken: string,
): SafeHtml {
  if (links.length === 0) return html`<p>No records match.</p>`;
  const back = errorsHref(filter);
  const rows = links.map((l) => {
    const hold = holds.get(holdId(l));
    const { actions } = actionsFor(l.lastError?.code ?? 'INTERNAL');
    const kinds: ('resolved' | 'excluded')[] = [];
    if (actions.includes('resolve')) kinds.push('resolved');
    if (actions.includes('exclude')) kinds.push('excluded');
    return html`<tr data-key="${l.sourceKey}">
      <td>
        <a href="${recordHref(l)}">${l.sourceKey}</a>
        <div class="muted">${l.connection} · ${l.flow}</div>
      </td>
      <td><span class="badge state-${l.state}" data-state="${l.state}">${l.state}</span></td>
      <td>
        ${l.lastError?.code ?? ''}
        <div class="error-text" data-error>${l.lastError?.message ?? ''}</div>
      </td>
      <td>${l.targetId ?? '—'}</td>
      <td class="time">${fmtTime(l.updatedAtMs)}</td>
      <td class="actions">
        ${
          hold
            ? html`<div data-hold="${hold.kind}">${hold.kind} by ${hold.actor}: ${hold.reason}</div>`
            : l.state !== 'ok' && actions.includes('replay')
              ? replayForm(l, csrfToken)
              : ''
        }
        ${l.state === 'ok' ? '' : holdForm(l, csrfToken, back, kinds, hold)}
      </td>
    </tr>`;
  });
  return html`<div class="table-wrap">
    <table id="errors">
      <thead>
        <tr>
          <th>Record</th>
          <th>State</th>
          <th>Reason</th>
          <th>Target id</th>
          <th>Updated</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** Renders the queue. `flash` is the outcome of an action just done without script. */
export function errorsPage(opts: {
  links: RecordLink[];
  groups: ErrorGroup[];
  holds: Map<string, RecordHold>;
  filter: ErrorFilter;
  connections: string[];
  csrfToken: string;
  flash?: { text: string; bad: boolean } | undefined;
  truncated: boolean;
}): SafeHtml {
  const { filter, csrfToken } = opts;
  const grouped =
    filter.code === '' && filter.state !== 'held' && filter.state !== 'ok' && filter.state !== 'all';
  const group = opts.groups[0];
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
          ${option('', 'needing attention', filter.state)}${option('failed', 'failed', filter.state)}${option('quarantined', 'quarantined', filter.state)}${option('held', 'resolved / excluded', filter.state)}${option('waiting', 'waiting for customer sync', filter.state)}${option('ok', 'ok', filter.state)}${option('all', 'all', filter.state)}
        </select></label
      >
      ${filter.code ? html`<input type="hidden" name="code" value="${filter.code}" />` : ''}
      <button type="submit">Filter</button>
    </form>
    ${
      grouped
        ? html`<h2>By cause</h2>
            ${groupsTable(opts.groups, filter)}`
        : html`${
            filter.code && group
              ? html`<div class="cause" id="cause">
                  <h2>${group.code} · ${group.count} record${group.count === 1 ? '' : 's'}</h2>
                  <p>${group.summary}</p>
                  <p><strong>Remedy:</strong> ${group.remedy}</p>
                  ${
                    group.actions.includes('replay') && group.flow && filter.flow
                      ? html`<a class="button" href="${withQuery('/replay/confirm', { ...filter })}"
                          >Replay these…</a
                        >`
                      : ''
                  }
                  <a href="${errorsHref({ ...filter, code: '' })}">All causes</a>
                </div>`
              : ''
          }
          ${recordsTable(opts.links, opts.holds, filter, csrfToken)}`
    }
    ${opts.truncated ? html`<p class="muted">Showing the first ${opts.links.length} matches; narrow the filter to see more.</p>` : ''}`;
  return layout({ title: 'Error queue', section: 'errors', csrfToken, body });
}

/** Confirms a group replay: what it covers (connection, flow, filter) and how many records. */
export function replayConfirmPage(opts: { filter: ErrorFilter; count: number; csrfToken: string }): SafeHtml {
  const { filter } = opts;
  const body = html`<h1>Replay?</h1>
    <dl class="scope" id="scope">
      <dt>Connection</dt>
      <dd>${filter.connection}</dd>
      <dt>Flow</dt>
      <dd>${filter.flow}</dd>
      <dt>Cause</dt>
      <dd>${filter.code || 'every cause'}</dd>
      <dt>Filter</dt>
      <dd>${filter.q || 'none'}</dd>
      <dt>Records</dt>
      <dd data-count>${opts.count}</dd>
    </dl>
    ${
      opts.count === 0
        ? html`<p>Nothing to replay.</p>`
        : html`<form method="post" action="/replay">
            <input type="hidden" name="_csrf" value="${opts.csrfToken}" />
            <input type="hidden" name="scope" value="group" />
            <input type="hidden" name="connection" value="${filter.connection}" />
            <input type="hidden" name="flow" value="${filter.flow}" />
            <input type="hidden" name="code" value="${filter.code}" />
            <input type="hidden" name="q" value="${filter.q}" />
            <input type="hidden" name="state" value="${filter.state}" />
            <input type="hidden" name="expected" value="${opts.count}" />
            <button type="submit" class="primary">
              Replay ${opts.count} record${opts.count === 1 ? '' : 's'}
            </button>
          </form>`
    }
    <p><a href="${errorsHref(filter)}">Back to the queue</a></p>`;
  return layout({ title: 'Replay?', section: 'errors', csrfToken: opts.csrfToken, body });
}
