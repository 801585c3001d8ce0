/** Tiny canonical tables for tests: rows given as plain objects, missing columns null. */
import type { DuckDBValue } from '@duckdb/node-api';
import { quoteIdent, type Database } from '../../../internal/duckdb.js';
import { createTableSql, TABLE_COLUMNS, type TableName } from '../../tables.js';

/** Creates canonical `table` (optionally named `as`) and inserts `rows` in order. Lists and maps must be SQL-free scalars here. */
export async function createTestTable(db: Database, table: TableName, rows: Record<string, DuckDBValue>[], as: string = table): Promise<void> {
  await db.run(createTableSql(table, as));
  const columns = TABLE_COLUMNS[table].filter((column) => !column.type.includes('[]') && !column.type.startsWith('MAP'));
  const placeholders = columns.map((_, index) => `$${index + 1}`).join(', ');
  const sql = `INSERT INTO ${quoteIdent(as)} (${columns.map((column) => quoteIdent(column.name)).join(', ')}) VALUES (${placeholders})`;
  for (const row of rows) await db.run(sql, columns.map((column) => row[column.name] ?? null));
}

/** Interactions from compact tuples `[user, item, timestamp, extra?]`. */
export function interactionRows(tuples: [string | null, string | null, number, Record<string, DuckDBValue>?][]): Record<string, DuckDBValue>[] {
  return tuples.map(([user, item, timestamp, extra]) => ({ user_id: user, item_id: item, event: 'click', value: 1, timestamp, ...extra }));
}
