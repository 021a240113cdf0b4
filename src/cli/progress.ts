/**
 * Progress bars on stderr: redrawn in place on a terminal (the bars running
 * at once each on a line of its own, a finished one left above them), one
 * line per milestone otherwise (so CI logs stay readable), silent with
 * `--quiet`.
 *
 * @module
 */

/** A progress bar for one long task. */
export interface ProgressBar {
  /** Set the number of completed steps and an optional status text. */
  update(done: number, status?: string): void;
  /** Mark the task complete and end the line. */
  finish(status?: string): void;
}

const encoder = new TextEncoder();

/** The bars running on a terminal, by bar: their lines at the bottom, redrawn together. */
const live = { lines: new Map<object, string>(), drawn: 0 };

/**
 * Redraw the running bars' lines in place, a finished bar's last line
 * first (it stays above them).
 */
function redraw(write: (s: string) => void, finished?: string): void {
  let out = live.drawn > 0 ? `\x1b[${live.drawn}F` : "";
  if (finished !== undefined) out += `\x1b[2K${finished}\n`;
  for (const text of live.lines.values()) out += `\x1b[2K${text}\n`;
  live.drawn = live.lines.size;
  write(`${out}\x1b[J`);
}

/**
 * A progress bar named `label` over `total` steps.
 *
 * @example
 * ```ts
 * import { progressBar } from "./progress.ts";
 * const bar = progressBar("training", 10, { quiet: true });
 * bar.update(5, "loss 0.3");
 * bar.finish();
 * ```
 */
export function progressBar(
  label: string,
  total: number,
  options: { quiet?: boolean; width?: number } = {},
): ProgressBar {
  const quiet = options.quiet ?? false;
  const tty = Deno.stderr.isTerminal();
  const width = options.width ?? 24;
  const start = performance.now();
  let lastLogged = -1;
  const write = (s: string) => Deno.stderr.writeSync(encoder.encode(s));
  const line = (done: number, status: string) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    return `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${
      status ? `${status} ` : ""
    }${seconds}s`;
  };
  const self = {};
  return {
    update(done, status = "") {
      if (quiet) return;
      if (tty) {
        live.lines.set(self, line(done, status));
        redraw(write);
      } else {
        // Without a terminal, log about every tenth of the way.
        const step = Math.floor((done / Math.max(1, total)) * 10);
        if (step !== lastLogged) {
          lastLogged = step;
          write(`${line(done, status)}\n`);
        }
      }
    },
    finish(status = "done") {
      if (quiet) return;
      if (!tty) return write(`${line(total, status)}\n`);
      live.lines.delete(self);
      redraw(write, line(total, status));
    },
  };
}
