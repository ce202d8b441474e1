/**
 * Inline SVG chart of records and errors per run (no library, no script): one bar pair per run,
 * oldest on the left, with a <title> tooltip per run. Styling comes from classes in the stylesheet.
 */
import type { RunRecord } from '../core/store-port.js';
import { html, type SafeHtml } from './html.js';

const WIDTH = 300;
const HEIGHT = 60;

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

/** Records read (and errors) per run; an empty history renders a "no runs yet" placeholder. */
export function runChart(runs: readonly RunRecord[], label: string): SafeHtml {
  if (runs.length === 0) return html`<span class="muted">no runs yet</span>`;
  const max = Math.max(1, ...runs.map((r) => Math.max(r.counts.read, r.counts.failed)));
  const slot = WIDTH / Math.max(runs.length, 10);
  const barWidth = Math.max(2, slot * 0.7);
  const bars = runs.map((run, i) => {
    const x = (i * slot).toFixed(1);
    const recordsH = (run.counts.read / max) * (HEIGHT - 2);
    const errorsH = (run.counts.failed / max) * (HEIGHT - 2);
    const title = `${fmtTime(run.startedAtMs)} ${run.outcome}: ${run.counts.read} records, ${run.counts.failed} errors`;
    return html`<g class="run run-${run.outcome}"
      ><title>${title}</title
      ><rect
        class="bar-records"
        x="${x}"
        y="${(HEIGHT - recordsH).toFixed(1)}"
        width="${barWidth.toFixed(1)}"
        height="${recordsH.toFixed(1)}"
      ></rect
      ><rect
        class="bar-errors"
        x="${x}"
        y="${(HEIGHT - errorsH).toFixed(1)}"
        width="${barWidth.toFixed(1)}"
        height="${errorsH.toFixed(1)}"
      ></rect
    ></g>`;
  });
  return html`<svg
    class="chart"
    viewBox="0 0 ${WIDTH} ${HEIGHT}"
    width="${WIDTH}"
    height="${HEIGHT}"
    role="img"
    aria-label="${label}"
  >
    <line class="axis" x1="0" y1="${HEIGHT}" x2="${WIDTH}" y2="${HEIGHT}"></line>
    ${bars}
  </svg>`;
}
