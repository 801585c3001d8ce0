/**
 * Exact duplicate removal. Interactions: identical rows. Texts: the same normalised text and label.
 * Items: a repeated item_id. The first row in input order is kept; the others go to
 * `dropped_<table>` with the reason `duplicate`.
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, tableColumns, tableExists, totalDropped, type CleanReportEntry } from './drop-rows.js';
import { registerNormalizeTextFunction } from './normalize-text.js';

async function dropDuplicatesBy(db: Database, table: string, keySql: string[], what: string): Promise<CleanReportEntry> {
  const source = quoteIdent(table);
  const key = keySql.join(', ');
  const keys = keySql.map((_, index) => `__k${index}`).join(', ');
  // hash() only narrows the search to rows whose key hash repeats, within this one statement; the
  // exact comparison in the window decides, so a collision can never drop a row.
  const counts = await dropFlaggedRows(
    db,
    table,
    `WITH repeated AS (SELECT hash(${key}) AS h FROM ${source} GROUP BY h HAVING count(*) > 1)
     SELECT * EXCLUDE (${keys}), 'duplicate' AS reason
     FROM (SELECT *, rowid AS rid, ${keySql.map((sql, index) => `${sql} AS __k${index}`).join(', ')}
           FROM ${source} WHERE hash(${key}) IN (SELECT h FROM repeated))
     QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY rid) > 1`,
  );
  return { rule: 'duplicates', table, dropped: totalDropped(counts), reason: `duplicate ${what}, first kept`, details: { key: what } };
}

/** Drops interactions identical in every column to an earlier one. */
export async function dropDuplicateInteractions(db: Database, table = 'interactions'): Promise<CleanReportEntry> {
  const columns = (await tableColumns(db, table)).map(quoteIdent);
  return dropDuplicatesBy(db, table, columns, 'row');
}

/** Drops texts whose normalised text and label equal an earlier one's. */
export async function dropDuplicateTexts(db: Database, table = 'texts'): Promise<CleanReportEntry> {
  const normalize = registerNormalizeTextFunction(db);
  const hasLabel = (await tableColumns(db, table)).includes('label');
  return dropDuplicatesBy(db, table, [`${normalize}("text")`, ...(hasLabel ? ['"label"'] : [])], 'normalised text + label');
}

/** Drops items whose item_id repeats an earlier one's. */
export async function dropDuplicateItems(db: Database, table = 'items'): Promise<CleanReportEntry> {
  return dropDuplicatesBy(db, table, ['"item_id"'], 'item_id');
}

/** Runs the duplicate rule on every canonical table that exists. */
export async function dropDuplicatesAll(db: Database): Promise<CleanReportEntry[]> {
  const reports: CleanReportEntry[] = [];
  if (await tableExists(db, 'interactions')) reports.push(await dropDuplicateInteractions(db));
  if (await tableExists(db, 'items')) reports.push(await dropDuplicateItems(db));
  if (await tableExists(db, 'texts')) reports.push(await dropDuplicateTexts(db));
  return reports;
}
