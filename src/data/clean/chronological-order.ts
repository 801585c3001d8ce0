/** Rewrites interactions in chronological order; stable, so rows with equal timestamps keep input order. */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import type { CleanReportEntry } from './drop-rows.js';

/**
 * Sorts the table by (user_id,) timestamp and input position; rows without a timestamp go last in
 * their user's sequence. Drops nothing.
 */
export async function sortChronologically(db: Database, options: { byUser: boolean; table?: string }): Promise<CleanReportEntry> {
  const table = options.table ?? 'interactions';
  const source = quoteIdent(table);
  const order = `${options.byUser ? 'user_id, ' : ''}"timestamp" NULLS LAST, rowid`;
  // Sorting a copy and renaming it keeps the table intact if the sort fails (e.g. out of memory).
  const sorted = quoteIdent(`__sorted_${table}`);
  await db.run(`CREATE OR REPLACE TABLE ${sorted} AS SELECT * FROM ${source} ORDER BY ${order}`);
  await db.run(`DROP TABLE ${source}`);
  await db.run(`ALTER TABLE ${sorted} RENAME TO ${source}`);
  const rows = await db.scalar<number>(`SELECT count(*) FROM ${source}`);
  return {
    rule: 'chronological',
    table,
    dropped: 0,
    reason: 'sorted by time, ties in input order',
    details: { byUser: options.byUser, rows: Number(rows ?? 0) },
  };
}
