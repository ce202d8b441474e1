/** One record's audit history across runs, newest last, with its current link. */
import type { AuditEvent, RecordLink } from '../../core/store-port.js';
import { html, type SafeHtml } from '../html.js';
import { replayForm } from './errors.js';
import { fmtTime, layout } from './layout.js';

function json(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 1);
}

/** Renders the audit page; `link` is null when the ledger has no link for the key. */
export function recordPage(opts: {
  sourceKey: string;
  link: RecordLink | null;
  events: AuditEvent[];
  csrfToken: string;
}): SafeHtml {
  const { link } = opts;
  const rows = opts.events.map(
    (e) =>
      html`<tr>
        <td class="time">${fmtTime(e.atMs)}</td>
        <td>${e.connection}</td>
        <td>${e.flow}</td>
        <td>${e.runId ?? '—'}</td>
        <td>
          <span
            class="badge ${e.action === 'failed' ? 'state-failed' : e.action === 'quarantined' ? 'state-quarantined' : 'state-ok'}"
            >${e.action}</span
          >
        </td>
        <td>${e.targetId ?? '—'}</td>
        <td class="error-text">${e.error ? `${e.error.code}: ${e.error.message}` : ''}</td>
        <td><pre>${json(e.payload)}</pre></td>
        <td><pre>${json(e.detail)}</pre></td>
      </tr>`,
  );
  const body = html`<h1>Record ${opts.sourceKey}</h1>
    ${
      link
        ? html`<div id="replay-status" role="status" class="flash" hidden></div>
            <div data-record>
              Current state
              <span class="badge state-${link.state}" id="record-state" data-state="${link.state}"
                >${link.state}</span
              >
              · ${link.connection} / ${link.flow} · target ${link.targetId ?? '—'} · updated
              ${fmtTime(link.updatedAtMs)}
              <br /><span class="error-text" data-error
                >${link.lastError ? `${link.lastError.code}: ${link.lastError.message}` : ''}</span
              >
              ${link.state === 'ok' ? '' : replayForm(link, opts.csrfToken)}
            </div>`
        : html`<p class="muted">No ledger link for this key.</p>`
    }
    <h2>Audit history</h2>
    ${
      rows.length === 0
        ? html`<p>No audit events.</p>`
        : html`<table id="audit">
            <thead>
              <tr>
                <th>At</th>
                <th>Connection</th>
                <th>Flow</th>
                <th>Run</th>
                <th>Action</th>
                <th>Target id</th>
                <th>Error</th>
                <th>Payload</th>
                <th>Detail</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }`;
  return layout({ title: `Record ${opts.sourceKey}`, section: 'errors', csrfToken: opts.csrfToken, body });
}
