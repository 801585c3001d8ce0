/** Creates a canonical table when it does not exist yet, so loaders and ingests can append. */
import type { Database } from '../../internal/duckdb.js';
import { createTableSql, TABLES, type TableName } from '../tables.js';

/** `CREATE TABLE IF NOT EXISTS` with the canonical schema of `table`, under `as` (default its canonical name). */
export async function ensureCanonicalTable(db: Database, table: TableName, as: string = TABLES[table]): Promise<void> {
  await db.run(createTableSql(table, as).replace(/^CREATE TABLE/, 'CREATE TABLE IF NOT EXISTS'));
}
