/**
 * Server-rendered SVG charts (no library, no script), each with axes, time labels and a legend:
 * records and errors per run, lag against the schedule over time, and HubSpot's daily budget over
 * the day up to its reset. A viewBox and `width="100%"` let them shrink to a phone's width.
 * Styling comes from classes in the stylesheet (the CSP allows no inline style).
 */
import type { RunRecord } from '../core/store-port.js';
import { html, type SafeHtml } from './html.js';

const W = 360;
const H = 150;
/** Plot area inside the axes. */
const PAD = { left: 40, right: 8, top: 22, bottom: 26 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

function compact(n: number): string {
  if (n >= 1_000_000) return `${Math.round(n / 100_000) / 10}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${Math.round(n / 100) / 10}k`;
  return String(Math.round(n));
}

function frame(
  label: string,
  yMax: string,
  xFrom: string,
  xTo: string,
  legend: SafeHtml,
  body: SafeHtml,
): SafeHtml {
  const x0 = PAD.left;
  const y0 = PAD.top + PH;
  return html`<svg
    class="chart"
    viewBox="0 0 ${W} ${H}"
    width="100%"
    preserveAspectRatio="xMinYMin meet"
    role="img"
    aria-label="${label}"
  >
    <title>${label}</title>
    ${legend}
    <line class="axis" x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}"></line>
    <line class="axis" x1="${x0}" y1="${y0}" x2="${x0 + PW}" y2="${y0}"></line>
    <text class="tick" x="${x0 - 4}" y="${PAD.top + 4}" text-anchor="end">${yMax}</text>
    <text class="tick" x="${x0 - 4}" y="${y0}" text-anchor="end">0</text>
    <text class="tick" x="${x0}" y="${H - 8}" text-anchor="start">${xFrom}</text>
    <text class="tick" x="${x0 + PW}" y="${H - 8}" text-anchor="end">${xTo}</text>
    ${body}
  </svg>`;
}

function legendItem(x: number, cls: string, text: string): SafeHtml {
  return html`<rect class="${cls}" x="${x}" y="4" width="10" height="10"></rect
    ><text class="legend" x="${x + 14}" y="13">${text}</text>`;
}

/** Records read and errors per run, oldest left; a run that read nothing still shows a tick. */
export function runChart(runs: readonly RunRecord[], label: string): SafeHtml {
  if (runs.length === 0) return html`<span class="muted">no runs yet</span>`;
  const max = Math.max(1, ...runs.map((r) => Math.max(r.counts.read, r.counts.failed)));
  const slot = PW / Math.max(runs.length, 10);
  const bw = Math.max(2, slot * 0.4);
  const y0 = PAD.top + PH;
  const bars = runs.map((run, i) => {
    const x = PAD.left + i * slot + 1;
    const rh = Math.max(run.counts.read > 0 ? 1 : 0, (run.counts.read / max) * PH);
    const eh = (run.counts.failed / max) * PH;
    const title = `${fmtTime(run.startedAtMs)} ${run.outcome}: ${run.counts.read} records, ${run.counts.failed} errors`;
    return html`<g class="run run-${run.outcome}"
      ><title>${title}</title>
      <rect
        class="bar-records"
        x="${x.toFixed(1)}"
        y="${(y0 - rh).toFixed(1)}"
        width="${bw.toFixed(1)}"
        height="${rh.toFixed(1)}"
      ></rect>
      <rect
        class="bar-errors"
        x="${(x + bw).toFixed(1)}"
        y="${(y0 - eh).toFixed(1)}"
        width="${bw.toFixed(1)}"
        height="${eh.toFixed(1)}"
      ></rect>
      <rect
        class="run-mark"
        x="${x.toFixed(1)}"
        y="${y0 + 1}"
        width="${(2 * bw).toFixed(1)}"
        height="3"
      ></rect>
    </g>`;
  });
  const first = runs[0]?.startedAtMs ?? 0;
  const last = runs[runs.length - 1]?.startedAtMs ?? 0;
  const legend = html`${legendItem(PAD.left, 'bar-records', 'records read')}${legendItem(PAD.left + 110, 'bar-errors', 'errors')}`;
  return frame(label, compact(max), hhmm(first), hhmm(last), legend, html`${bars}`);
}

/**
 * Lag against the schedule: at each run's start, the time since the last successful run before
 * it, as a line; the interval (and twice it, "late") as dashed lines.
 */
export function lagChart(runs: readonly RunRecord[], intervalMs: number | null, label: string): SafeHtml {
  const sorted = [...runs].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const points: { t: number; lag: number }[] = [];
  let lastOk: number | null = null;
  for (const r of sorted) {
    if (lastOk !== null) points.push({ t: r.startedAtMs, lag: r.startedAtMs - lastOk });
    if (r.outcome === 'ok' && r.endedAtMs !== null) lastOk = r.endedAtMs;
  }
  if (points.length === 0) return html`<span class="muted">no lag history yet</span>`;
  const late = intervalMs === null ? 0 : 2 * intervalMs + 60_000;
  const max = Math.max(1, late, ...points.map((p) => p.lag));
  const t0 = points[0]?.t ?? 0;
  const t1 = Math.max(t0 + 1, points[points.length - 1]?.t ?? t0);
  const x = (t: number): number => PAD.left + ((t - t0) / (t1 - t0)) * PW;
  const y = (v: number): number => PAD.top + PH - (v / max) * PH;
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.t).toFixed(1)} ${y(p.lag).toFixed(1)}`)
    .join(' ');
  const dots = points.map(
    (p) =>
      html`<circle class="lag-dot" cx="${x(p.t).toFixed(1)}" cy="${y(p.lag).toFixed(1)}" r="2.5"
        ><title>${fmtTime(p.t)}: lag ${Math.round(p.lag / 1000)} s</title></circle
      >`,
  );
  const lines =
    intervalMs === null
      ? ''
      : html`<line
            class="schedule-line"
            x1="${PAD.left}"
            x2="${PAD.left + PW}"
            y1="${y(intervalMs).toFixed(1)}"
            y2="${y(intervalMs).toFixed(1)}"
          ></line>
          <line
            class="late-line"
            x1="${PAD.left}"
            x2="${PAD.left + PW}"
            y1="${y(late).toFixed(1)}"
            y2="${y(late).toFixed(1)}"
          ></line>`;
  const legend = html`${legendItem(PAD.left, 'lag-key', 'lag')}${legendItem(PAD.left + 60, 'schedule-key', 'interval')}${legendItem(PAD.left + 140, 'late-key', 'late')}`;
  return frame(
    label,
    `${compact(max / 1000)} s`,
    hhmm(t0),
    hhmm(t1),
    legend,
    html`${lines}<path class="lag-line" d="${path}"></path>${dots}`,
  );
}

/**
 * HubSpot's daily budget over the portal's day: calls used, accumulated from the runs since the
 * last reset, against the limit, up to the reset time.
 */
export function budgetChart(
  runs: readonly RunRecord[],
  daily: { used: number; limit: number; resetAtMs: number | null },
  nowMs: number,
  label: string,
): SafeHtml {
  const reset = daily.resetAtMs ?? nowMs + 1;
  const dayStart = reset - 86_400_000;
  const inDay = runs
    .filter((r) => r.startedAtMs >= dayStart && r.startedAtMs <= nowMs)
    .sort((a, b) => a.startedAtMs - b.startedAtMs);
  const max = Math.max(1, daily.limit, daily.used);
  const x = (t: number): number => PAD.left + ((t - dayStart) / (reset - dayStart)) * PW;
  const y = (v: number): number => PAD.top + PH - (v / max) * PH;
  let sum = 0;
  let d = `M${x(dayStart).toFixed(1)} ${y(0).toFixed(1)}`;
  for (const r of inDay) {
    sum += r.calls.hubspot;
    d += ` L${x(r.endedAtMs ?? r.startedAtMs).toFixed(1)} ${y(sum).toFixed(1)}`;
  }
  d += ` L${x(nowMs).toFixed(1)} ${y(Math.max(sum, daily.used)).toFixed(1)}`;
  const legend = html`${legendItem(PAD.left, 'lag-key', 'calls used')}${legendItem(PAD.left + 100, 'late-key', `limit ${compact(daily.limit)}`)}`;
  const body = html`<line
      class="late-line"
      x1="${PAD.left}"
      x2="${PAD.left + PW}"
      y1="${y(daily.limit).toFixed(1)}"
      y2="${y(daily.limit).toFixed(1)}"
    ></line>
    <line
      class="now-line"
      x1="${x(nowMs).toFixed(1)}"
      x2="${x(nowMs).toFixed(1)}"
      y1="${PAD.top}"
      y2="${PAD.top + PH}"
    ></line>
    <path class="lag-line" d="${d}"></path>`;
  return frame(label, compact(max), hhmm(dayStart), `reset ${hhmm(reset)}`, legend, body);
}
