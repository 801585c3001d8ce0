/**
 * Progress of a long DuckDB statement, read from DuckDB's own query progress while the statement
 * runs on its worker threads. DuckDB only tracks progress with `enable_progress_bar` on; it is
 * switched on (without printing) for the duration and restored after.
 */
import type { Database } from './duckdb.js';

/** One reading: rows the running query has processed and its estimate of the total (CSV totals are estimated from bytes). */
export interface QueryProgressReading {
  rowsProcessed: number;
  rowsTotal: number | undefined;
}

// Setting progress_bar_time switches the bar on again, so it is set (and restored) first.
const SETTINGS = ['progress_bar_time', 'enable_progress_bar_print', 'enable_progress_bar'] as const;

/**
 * Runs `work` and calls `onProgress` every `intervalMs` (default 250) while a query is running on
 * `db`'s connection. The reading goes through the connection's progress, so `work` should run one
 * long statement (an `INSERT ... SELECT`), not several short ones.
 */
export async function withQueryProgress<T>(
  db: Database,
  onProgress: (reading: QueryProgressReading) => void,
  work: () => Promise<T>,
  intervalMs = 250,
): Promise<T> {
  const previous = new Map<string, string>();
  for (const name of SETTINGS) previous.set(name, String(await db.scalar(`SELECT current_setting('${name}')`)));
  await db.run('SET progress_bar_time = 0');
  await db.run('SET enable_progress_bar_print = false');
  await db.run('SET enable_progress_bar = true');
  const timer = setInterval(() => {
    const progress = db.connection.progress;
    if (progress.percentage < 0) return;
    const total = Number(progress.total_rows_to_process);
    onProgress({ rowsProcessed: Number(progress.rows_processed), rowsTotal: total > 0 ? total : undefined });
  }, intervalMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    for (const [name, value] of previous) {
      // SET takes no bound parameters; the values came from DuckDB itself and are checked here.
      if (/^(true|false|-?\d+)$/.test(value)) await db.run(`SET ${name} = ${value}`);
    }
  }
}
