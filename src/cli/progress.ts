/**
 * Progress on stderr: a redrawn bar on a terminal; elsewhere (CI logs, `nohup`) one line per stage
 * and, inside a long stage, one progress line at most every `logEverySeconds` (30 s), so a log of an
 * hour-long stage shows it is alive without growing with every step.
 */
import type { PipelineEvent, PipelineListener } from '../pipeline/events.js';
import type { CliIo } from './io.js';

const BAR_WIDTH = 24;

/** A listener that renders pipeline events for people; silent when `quiet`. */
export function createProgressRenderer(io: CliIo, options: { quiet?: boolean; logEverySeconds?: number; now?: () => number } = {}): PipelineListener {
  const now = options.now ?? Date.now;
  const logEvery = (options.logEverySeconds ?? 30) * 1000;
  let lastDraw = 0;
  let lastLogged = now();
  let drawn = false;
  const clear = () => {
    if (drawn) io.stderr('\r\u001b[2K');
    drawn = false;
  };
  return (event: PipelineEvent) => {
    if (options.quiet) return;
    switch (event.type) {
      case 'stage-start':
        clear();
        lastLogged = now();
        io.stderr(`[${event.index + 1}/${event.total}] ${event.stage} ...\n`);
        break;
      case 'stage-end':
        clear();
        io.stderr(`      ${event.stage} done in ${event.seconds.toFixed(2)} s\n`);
        break;
      case 'stage-skip':
        io.stderr(`      ${event.stage} skipped: ${event.reason}\n`);
        break;
      case 'stage-fail':
        clear();
        io.stderr(`      ${event.stage} failed: ${event.error.message}\n`);
        break;
      case 'warning':
        clear();
        io.stderr(`      warning (${event.stage}): ${event.warning.message}\n`);
        break;
      case 'progress': {
        const time = now();
        const count = event.total ? `${event.done}/${event.total}` : String(event.done);
        if (!io.isTty) {
          if (time - lastLogged < logEvery) return;
          lastLogged = time;
          io.stderr(`      ${event.stage}: ${count} ${event.unit}\n`);
          return;
        }
        if (time - lastDraw < 100 && event.done !== event.total) return;
        lastDraw = time;
        const fraction = event.total ? Math.min(1, event.done / event.total) : undefined;
        const bar = fraction === undefined ? '' : `[${'#'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH)}] `;
        io.stderr(`\r\u001b[2K      ${bar}${count} ${event.unit}`);
        drawn = true;
        break;
      }
    }
  };
}
