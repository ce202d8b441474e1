/**
 * The dashboard's stylesheet and script, embedded as strings (tsc does not copy assets to dist) and
 * served from /assets/* so the CSP can forbid inline script and style entirely.
 */

/** Served as /assets/app.css. */
export const APP_CSS = `
:root { --ok:#1a7f37; --bad:#cf222e; --warn:#9a6700; --muted:#656d76; --line:#d0d7de; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; }
header { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #24292f; color: #fff; }
header a { color: #fff; text-decoration: none; } header a.active { text-decoration: underline; }
header .brand { font-weight: 600; } header form { margin-left: auto; }
main { padding: 1rem 1.2rem; max-width: 1400px; }
h1 { font-size: 1.3rem; margin: .2rem 0 1rem; } h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.time { white-space: nowrap; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; color: #fff; white-space: nowrap; }
.status-in-sync, .state-ok, .outcome-ok { background: var(--ok); }
.status-failing, .state-failed, .outcome-failed, .outcome-aborted { background: var(--bad); }
.status-paused, .state-quarantined, .outcome-partial { background: var(--warn); }
.status-pending, .outcome-running { background: var(--muted); }
.muted { color: var(--muted); } .error-text { color: var(--bad); }
.flash { padding: .5rem .8rem; border-radius: 6px; margin-bottom: 1rem; background: #dafbe1; border: 1px solid var(--ok); }
.flash.bad { background: #ffebe9; border-color: var(--bad); }
form.inline { display: inline; }
form.filters { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: 1rem; }
label { display: flex; flex-direction: column; font-size: .8rem; color: var(--muted); }
input, select, button { font: inherit; padding: .25rem .5rem; }
button { cursor: pointer; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
button.primary { background: #1f883d; color: #fff; border-color: #1f883d; }
.chart .bar-records { fill: #54aeff; } .chart .bar-errors { fill: var(--bad); } .chart .axis { stroke: var(--line); }
.meter { width: 220px; height: 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 5px; overflow: hidden; }
.meter > div { height: 100%; background: #54aeff; } .meter.high > div { background: var(--bad); }
pre { white-space: pre-wrap; word-break: break-all; margin: 0; font-size: .8rem; max-width: 60ch; }
.login { max-width: 360px; margin: 4rem auto; display: flex; flex-direction: column; gap: .8rem; }
.status-blocked { background: var(--muted); } .status-attention { background: #0969da; }
.outcome-killed { background: #6e7781; }
.schedule-on-schedule { background: var(--ok); } .schedule-late { background: var(--bad); } .schedule-unknown { background: var(--muted); }
.banner { padding: .7rem 1rem; border-radius: 6px; margin-bottom: 1rem; background: #ffebe9; border: 2px solid var(--bad); }
.table-wrap { width: 100%; overflow-x: auto; }
.chart { display: block; max-width: 360px; height: auto; }
.chart .tick, .chart .legend { font-size: 10px; fill: var(--muted); }
.chart .run-mark { fill: var(--line); } .chart .run-failed .run-mark, .chart .run-partial .run-mark { fill: var(--warn); }
.chart .lag-line { fill: none; stroke: #0969da; stroke-width: 1.5; } .chart .lag-dot { fill: #0969da; }
.chart .lag-key { fill: #0969da; } .chart .schedule-key { fill: var(--ok); } .chart .late-key { fill: var(--bad); }
.chart .schedule-line { stroke: var(--ok); stroke-dasharray: 4 3; } .chart .late-line { stroke: var(--bad); stroke-dasharray: 4 3; }
.chart .now-line { stroke: var(--muted); }
td.charts { min-width: 240px; } td.charts .chart + .chart { margin-top: .4rem; }
td.remedy { max-width: 40ch; } td.actions { min-width: 12rem; }
td.actions a.button, a.button { display: inline-block; padding: .2rem .6rem; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; margin: .2rem 0; }
form.hold { display: flex; gap: .3rem; flex-wrap: wrap; margin-top: .3rem; } form.hold input { min-width: 8rem; flex: 1; }
dl.scope { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dl.scope dd { margin: 0; font-weight: 600; }
@media (max-width: 700px) {
  header { flex-wrap: wrap; gap: .6rem; padding: .5rem .8rem; } header form { margin-left: 0; }
  main { padding: .6rem; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { display: none; }
  tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: .6rem; padding: .3rem; }
  td { border-bottom: none; padding: .2rem .3rem; } td.num { text-align: left; }
  td.charts, td.actions, td.remedy { min-width: 0; max-width: none; }
  td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .8rem; }
  .chart { max-width: 100%; }
  pre { max-width: 100%; }
}
${Array.from({ length: 21 }, (_, i) => `.meter > div.w${i * 5} { width: ${i * 5}%; }`).join('\n')}
`;

/**
 * Served as /assets/app.js. Progressive enhancement only: replay buttons submit their form with
 * fetch and turn the row's state badge green/red in place; without script the form posts normally.
 */
export const APP_JS = `
'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  function setBadge(row, state) {
    var badge = row.querySelector('[data-state]');
    if (!badge) return;
    badge.textContent = state;
    badge.className = 'badge state-' + state;
    badge.setAttribute('data-state', state);
  }
  document.querySelectorAll('form[data-replay]').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var button = form.querySelector('button');
      if (button) { button.disabled = true; button.textContent = 'Replaying…'; }
      var body = {};
      new FormData(form).forEach(function (v, k) { if (k !== '_csrf') body[k] = v; });
      if (body.failed) body.failed = true;
      fetch('/api/replay', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(body)
      }).then(function (res) {
        return res.json().then(function (json) { return { ok: res.ok, json: json }; });
      }).then(function (r) {
        var row = form.closest('tr') || form.closest('[data-record]');
        var status = document.getElementById('replay-status');
        if (!r.ok) throw new Error((r.json && r.json.error && r.json.error.message) || 'replay failed');
        if (row && r.json.link) {
          setBadge(row, r.json.link.state);
          var err = row.querySelector('[data-error]');
          if (err) err.textContent = r.json.link.lastError ? r.json.link.lastError.message : '';
        }
        if (status) {
          status.hidden = false;
          status.className = 'flash' + (r.json.failed > 0 ? ' bad' : '');
          var causes = (r.json.stillFailing || []).map(function (c) { return c.count + ' × ' + c.code; }).join(', ');
          status.textContent = 'Replayed ' + r.json.replayed + ': ' + r.json.ok + ' ok, ' + r.json.failed + ' still failing' + (causes ? ' (' + causes + ')' : '');
        }
        if (button) { button.disabled = false; button.textContent = 'Replay'; }
        if (body.failed) window.location.reload();
      }).catch(function (e) {
        var status = document.getElementById('replay-status');
        if (status) { status.hidden = false; status.className = 'flash bad'; status.textContent = String(e.message || e); }
        if (button) { button.disabled = false; button.textContent = 'Replay'; }
      });
    });
  });
})();
`;
