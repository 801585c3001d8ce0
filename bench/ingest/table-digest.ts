/**
 * An order-free digest of an interactions table (row count and the sum of every row's hash, with
 * the columns cast to their canonical types), so the two bench children can show that they made
 * the same tables without shipping them between processes. Computed after the timed steps.
 */
import { quoteIdent, type Database } from '../../src/internal/duckdb.js';

const CANONICAL_ROW = `CAST(user_id AS VARCHAR), CAST(item_id AS VARCHAR), CAST(event AS VARCHAR), CAST(value AS DOUBLE),
  CAST("timestamp" AS BIGINT), CAST(query AS VARCHAR), CAST(dwell_ms AS DOUBLE), CAST(session_id AS VARCHAR)`;

/** `rows:sum` of `table`; equal digests mean equal multisets of rows (up to a 64-bit hash collision). */
export async function digestTable(db: Database, table: string): Promise<string> {
  return digest(db, table, CANONICAL_ROW);
}

/**
 * The same over (user_id, timestamp) only: two splits that differ just in how they order events
 * with equal timestamps have equal key digests.
 */
export async function digestUserTimes(db: Database, table: string): Promise<string> {
  return digest(db, table, 'CAST(user_id AS VARCHAR), CAST("timestamp" AS BIGINT)');
}

async function digest(db: Database, table: string, columns: string): Promise<string> {
  const [row] = await db.all<{ rows: number; digest: string | number }>(
    `SELECT count(*) AS rows, coalesce(sum(CAST(hash(${columns}) AS HUGEINT)), 0) AS digest FROM ${quoteIdent(table)}`,
  );
  return `${row.rows}:${row.digest}`;
}
