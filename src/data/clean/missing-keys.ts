/** Drops rows whose key columns are null or blank: they cannot be joined, split or trained on. */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, tableColumns, tableExists, totalDropped, type CleanReportEntry } from './drop-rows.js';

/** Key columns per canonical table, in the order their absence is reported. */
export const KEY_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  interactions: ['user_id', 'item_id'],
  items: ['item_id'],
  texts: ['id', 'text'],
});

/** Drops rows of `table` with a null or blank key; the reason names the first missing column. */
export async function dropMissingKeys(db: Database, table: string, keys: readonly string[] = KEY_COLUMNS[table] ?? []): Promise<CleanReportEntry> {
  const present = (await tableColumns(db, table)).filter((column) => keys.includes(column));
  const missing = (column: string) => `(${quoteIdent(column)} IS NULL OR trim(${quoteIdent(column)}::VARCHAR) = '')`;
  const cases = present.map((column) => `WHEN ${missing(column)} THEN 'missing ${column.replaceAll("'", "''")}'`).join(' ');
  const counts =
    present.length === 0
      ? new Map<string, number>()
      : await dropFlaggedRows(
          db,
          table,
          `SELECT * FROM (SELECT *, rowid AS rid, CASE ${cases} END AS reason FROM ${quoteIdent(table)}) WHERE reason IS NOT NULL`,
        );
  return {
    rule: 'missing-keys',
    table,
    dropped: totalDropped(counts),
    reason: 'null or blank key',
    details: { keys: present, byReason: Object.fromEntries(counts) },
  };
}

/** Runs {@link dropMissingKeys} on every canonical table that exists. */
export async function dropMissingKeysAll(db: Database): Promise<CleanReportEntry[]> {
  const reports: CleanReportEntry[] = [];
  for (const table of Object.keys(KEY_COLUMNS)) {
    if (await tableExists(db, table)) reports.push(await dropMissingKeys(db, table));
  }
  return reports;
}
