/**
 * The mass-changes page: runs the mass-change guard held, what each would have done (counts by
 * kind, sample keys), and a confirmation form per waiting hold; below, the recent confirmations
 * (who, when, which run used it) — the guard's audit.
 */
import type { MassChangeHold } from '../../core/store-port.js';
import { html, type SafeHtml } from '../html.js';
import { fmtTime, layout } from './layout.js';

function counts(h: MassChangeHold): SafeHtml {
  const t = h.tally;
  return html`archive <b>${t.archive}</b>, inactivate <b>${t.inactivate}</b>, update <b>${t.update}</b>
    <span class="muted">of ${t.linked} linked (held above ${h.threshold})</span>`;
}

function sample(h: MassChangeHold): SafeHtml {
  return html`${h.sample.map((s, i) => html`${i > 0 ? ', ' : ''}<code>${s.key}</code> (${s.kind})`)}`;
}

function confirmForm(h: MassChangeHold, csrfToken: string): SafeHtml {
  return html`<form method="post" action="/mass-changes/confirm" class="confirm-mass-change">
    <input type="hidden" name="_csrf" value="${csrfToken}" />
    <input type="hidden" name="id" value="${h.id}" />
    <label
      ><input type="checkbox" name="understood" value="yes" required /> I checked these counts; the next
      ${h.flow} run may write them</label
    >
    <button type="submit">Confirm</button>
  </form>`;
}

function status(h: MassChangeHold): SafeHtml {
  if (h.status === 'held') return html`<span class="badge status-failing">held</span>`;
  if (h.status === 'confirmed')
    return html`<span class="badge status-paused">confirmed</span>
      <div class="muted">
        by ${h.confirmedBy ?? '—'} at ${fmtTime(h.confirmedAtMs)}; used by the next run
      </div>`;
  if (h.status === 'used')
    return html`<span class="badge status-in-sync">went ahead</span>
      <div class="muted">
        confirmed by ${h.confirmedBy ?? '—'} at ${fmtTime(h.confirmedAtMs)}; run ${h.usedByRunId ?? '—'}
      </div>`;
  return html`<span class="badge">superseded</span>`;
}

/** Renders the holds, newest first; waiting ones carry the confirmation form. */
export function massChangesPage(holds: MassChangeHold[], csrfToken: string): SafeHtml {
  const rows = holds.map(
    (h) =>
      html`<tr data-hold="${h.id}" data-status="${h.status}">
        <td>${fmtTime(h.heldAtMs)}</td>
        <td>${h.connection}</td>
        <td>${h.flow}</td>
        <td>
          ${counts(h)}
          <div class="muted">${sample(h)}</div>
        </td>
        <td>${status(h)}${h.status === 'held' && csrfToken !== '' ? confirmForm(h, csrfToken) : ''}</td>
      </tr>`,
  );
  const body = html`<h1>Mass changes</h1>
    <p>
      A run that would archive, inactivate or update more than the allowed share of a flow's linked records
      stops before writing anything. Confirm a hold once the change is meant; the next run of that flow goes
      ahead if it changes no more than confirmed.
    </p>
    ${
      holds.length === 0
        ? html`<p>No run has been held.</p>`
        : html`<table id="mass-changes">
            <thead>
              <tr>
                <th>Held at</th>
                <th>Connection</th>
                <th>Flow</th>
                <th>Would have</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>`
    }`;
  return layout({ title: 'Mass changes', section: 'mass-changes', csrfToken, body });
}
