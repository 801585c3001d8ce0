/**
 * Moves rows out of a table into `dropped_<table>` with a `reason` column, so cleaning never loses
 * what the user gave. Rows are deleted in place (DuckDB marks them), which keeps the input order of
 * the rows that stay and avoids rewriting large tables.
 */
import { quoteIdent, type Database, type SqlParams } from '../../internal/duckdb.js';

/** One cleaning rule's effect on one table. */
export interface CleanReportEntry {
  /** Rule name, e.g. `duplicates`, `k-core`. */
  rule: string;
  table: string;
  /** Rows moved to `dropped_<table>`. */
  dropped: number;
  /** Why the rows were dropped (or what the rule did when it drops nothing). */
  reason: string;
  /** Rule-specific figures: bounds, iterations, rows changed, counts by sub-reason. */
  details: Record<string, unknown>;
}

/** The effects of the cleaning rules, in the order they ran. */
export type CleanReport = CleanReportEntry[];

/** Name of the table that keeps the rows dropped from `table`. */
export function droppedTableName(table: string): string {
  return `dropped_${table}`;
}

/** Whether a table exists in the main schema. */
export async function tableExists(db: Database, table: string): Promise<boolean> {
  const count = await db.scalar<number>(
    `SELECT count(*) FROM duckdb_tables() WHERE table_name = $1 AND schema_name = 'main' AND database_name = current_database()`,
    [table],
  );
  return (count ?? 0) > 0;
}

/** Column names of a table, in order. */
export async function tableColumns(db: Database, table: string): Promise<string[]> {
  const rows = await db.all<{ column_name: string }>(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = $1 AND schema_name = 'main' AND database_name = current_database() ORDER BY column_index`,
    [table],
  );
  return rows.map((row) => row.column_name);
}

async function ensureDroppedTable(db: Database, table: string): Promise<void> {
  await db.run(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(droppedTableName(table))} AS SELECT *, ''::VARCHAR AS reason FROM ${quoteIdent(table)} LIMIT 0`,
  );
}

let temporaryCounter = 0;

/** Hooks of {@link dropFlaggedRows}. */
export interface DropFlaggedRowsOptions {
  /** Called with the (quoted) name of the materialised flagged rows before they are deleted, e.g. to count them by key. */
  beforeDelete?: (flagged: string) => Promise<void>;
}

/**
 * Drops the rows selected by `flaggedSql`: a query over `table` returning the table's columns
 * (`*`), `rid` (the row's `rowid`) and `reason`, each row at most once. The selected rows are
 * materialised once, so the table is scanned only by the query itself and the DELETE. Returns the
 * number of rows dropped per reason.
 */
export async function dropFlaggedRows(
  db: Database,
  table: string,
  flaggedSql: string,
  params?: SqlParams,
  options: DropFlaggedRowsOptions = {},
): Promise<Map<string, number>> {
  const flagged = quoteIdent(`__flagged_${process.pid}_${temporaryCounter++}`);
  await db.run(`CREATE TEMP TABLE ${flagged} AS ${flaggedSql}`, params);
  try {
    const counts = await db.all<{ reason: string; n: number }>(`SELECT reason, count(*) AS n FROM ${flagged} GROUP BY reason ORDER BY reason`);
    const result = new Map(counts.map((row) => [row.reason, Number(row.n)]));
    if (counts.length === 0) return result;
    await ensureDroppedTable(db, table);
    await db.run(`INSERT INTO ${quoteIdent(droppedTableName(table))} BY NAME SELECT * EXCLUDE (rid) FROM ${flagged}`);
    await options.beforeDelete?.(flagged);
    await db.run(`DELETE FROM ${quoteIdent(table)} WHERE rowid IN (SELECT rid FROM ${flagged})`);
    return result;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${flagged}`);
  }
}

/**
 * Drops the rows of `table` whose `rowid` is in column `rid` of `rowids` (a table or subquery, each
 * row id at most once), all with one reason. For large drops found on narrow columns: the wide rows
 * go straight into `dropped_<table>`, with no materialised copy in between. Returns the count.
 */
export async function dropRowsByRowid(db: Database, table: string, rowids: string, reason: string): Promise<number> {
  const source = quoteIdent(table);
  const count = Number((await db.scalar<number>(`SELECT count(*) FROM ${rowids}`)) ?? 0);
  if (count === 0) return 0;
  await ensureDroppedTable(db, table);
  await db.run(`INSERT INTO ${quoteIdent(droppedTableName(table))} BY NAME SELECT *, $reason AS reason FROM ${source} WHERE rowid IN (SELECT rid FROM ${rowids})`, {
    reason,
  });
  await db.run(`DELETE FROM ${source} WHERE rowid IN (SELECT rid FROM ${rowids})`);
  return count;
}

/** Sum of the per-reason counts of {@link dropFlaggedRows}. */
export function totalDropped(counts: Map<string, number>): number {
  let total = 0;
  for (const value of counts.values()) total += value;
  return total;
}
