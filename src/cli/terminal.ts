/**
 * The terminal's stderr as two things that must not garble each other: log and message lines
 * that scroll, and a live status area (one line per running flow) redrawn in place below them.
 * A line written while the area is shown clears the area, prints, and redraws it. Not a
 * terminal: the area is never drawn and lines pass through unchanged.
 */
import { createLogUpdate } from 'log-update';
import type { TextOut } from './context.js';

export interface Terminal {
  /** True when stderr is a terminal (the status area is drawn). */
  readonly live: boolean;
  /** Writes text (one or more whole lines) above the status area. */
  write(text: string): void;
  /** Replaces the status area's lines (empty: hides it). */
  status(lines: readonly string[]): void;
  /** Leaves the status area's last lines on screen and stops redrawing. */
  done(): void;
}

/** A terminal over `stderr`; live only when `stderr.isTTY`. */
export function createTerminal(stderr: TextOut & { columns?: number; rows?: number }): Terminal {
  const live = stderr.isTTY === true;
  const stream = stderr as NodeJS.WriteStream;
  const area = live ? createLogUpdate(stream, { showCursor: true }) : null;
  let shown: readonly string[] = [];
  return {
    live,
    write(text) {
      if (area && shown.length > 0) {
        area.clear();
        stderr.write(text);
        area(shown.join('\n'));
      } else stderr.write(text);
    },
    status(lines) {
      if (!area) return;
      shown = lines;
      if (lines.length === 0) area.clear();
      else area(lines.join('\n'));
    },
    done() {
      if (!area) return;
      if (shown.length > 0) area.done();
      shown = [];
    },
  };
}
