/** Drops rows whose key columns are null or blank: they cannot be joined, split or trained on. */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, tableColumns, tableExists, totalDropped, type CleanReportEntry } from './drop-rows.js';

/** Key columns per canonical table, in the order their absence is reported. */
export const KEY_COLUMNS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  interactions: ['user_id', 'item_id'],
  items: ['item_id'],
  texts: ['id', 'text'],
});

/**
 * SQL that is true when `column` is null or blank (`trim` leaves nothing). `trim` copies every value
 * it sees, so a byte-order comparison first lets through only values that could be blank: '' and
 * values starting with a space sort below '!', values starting with a non-ASCII space (U+3000,
 * U+00A0, ...) sort above '~'. Values starting with a printable ASCII character are never blank.
 */
export function missingKeySql(column: string): string {
  const value = `${quoteIdent(column)}::VARCHAR`;
  return `(${value} IS NULL OR ((${value} < '!' OR ${value} > '~') AND trim(${value}) = ''))`;
}

/** Drops rows of `table` with a null or blank key; the reason names the first missing column. */
export async function dropMissingKeys(db: Database, table: string, keys: readonly string[] = KEY_COLUMNS[table] ?? []): Promise<CleanReportEntry> {
  const present = (await tableColumns(db, table)).filter((column) => keys.includes(column));
  const cases = present.map((column) => `WHEN ${missingKeySql(column)} THEN 'missing ${column.replaceAll("'", "''")}'`).join(' ');
  // The WHERE filters before the wide projection, so only the few dropped rows are copied.
  const counts =
    present.length === 0
      ? new Map<string, number>()
      : await dropFlaggedRows(
          db,
          table,
          `SELECT *, rowid AS rid, CASE ${cases} END AS reason FROM ${quoteIdent(table)} WHERE ${present.map(missingKeySql).join(' OR ')}`,
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
