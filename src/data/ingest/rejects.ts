/**
 * Lines DuckDB's CSV reader rejected (`store_rejects`), moved from its temporary tables into a
 * `rejected_<table>` table that keeps file, line, column, error and the raw line, so nothing is
 * silently dropped.
 */
import { randomBytes } from 'node:crypto';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import type { RejectSample } from './ingest-report.js';

/** Names of the temporary tables one read stores its rejects in; unique per call. */
export function createRejectsTarget(): { table: string; scan: string } {
  const suffix = randomBytes(6).toString('hex');
  return { table: `sf_reject_errors_${suffix}`, scan: `sf_reject_scans_${suffix}` };
}

/** Name of the table that keeps the rejected lines of `table`. */
export function rejectedTableName(table: string): string {
  return `rejected_${table}`;
}

/**
 * Copies the rejects of one read into `keepIn` (when given, e.g. `rejected_items`) and drops
 * DuckDB's temporary tables. Returns the number of distinct rejected lines and up to `maxSamples`
 * of them, in line order.
 */
export async function collectRejects(
  db: Database,
  rejects: { table: string; scan: string },
  file: string,
  maxSamples: number,
  keepIn?: string,
): Promise<{ count: number; samples: RejectSample[] }> {
  const errors = `temp.main.${quoteIdent(rejects.table)}`;
  try {
    const exists = await db.scalar<number>(
      `SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp' AND table_name = $name`,
      { name: rejects.table },
    );
    if (!exists) return { count: 0, samples: [] };
    const count = (await db.scalar<number>(`SELECT count(DISTINCT line) FROM ${errors}`)) ?? 0;
    if (count === 0) return { count: 0, samples: [] };
    if (keepIn !== undefined) {
      const target = quoteIdent(keepIn);
      await db.run(`CREATE TABLE IF NOT EXISTS ${target} (file VARCHAR, line BIGINT, "column" VARCHAR, error_type VARCHAR, error VARCHAR, raw VARCHAR)`);
      await db.run(`INSERT INTO ${target} SELECT $file, line, column_name, error_type, error_message, csv_line FROM ${errors} ORDER BY line, column_idx`, { file });
    }
    // One sample per line: a line with several bad fields shows its first error.
    const samples = await db.all<{ line: number; column: string | null; error: string; raw: string }>(
      `SELECT line, arg_min(column_name, column_idx) AS "column", arg_min(error_message, column_idx) AS error, any_value(csv_line) AS raw
       FROM ${errors} GROUP BY line ORDER BY line LIMIT $limit`,
      { limit: maxSamples },
    );
    return { count, samples: samples.map((sample) => ({ line: Number(sample.line), column: sample.column, error: sample.error, raw: sample.raw ?? '' })) };
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${errors}`);
    await db.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(rejects.scan)}`);
  }
}
