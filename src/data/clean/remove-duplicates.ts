/**
 * Exact duplicate removal. Interactions: identical rows. Texts: the same normalised text and label.
 * Items: a repeated item_id. The first row in input order is kept; the others go to
 * `dropped_<table>` with the reason `duplicate`.
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { dropFlaggedRows, tableColumns, tableExists, totalDropped, type CleanReportEntry } from './drop-rows.js';
import { registerNormalizeTextFunction } from './normalize-text.js';

/**
 * Drops rows whose `keySql` values equal an earlier row's. `candidateSql` (default `keySql`) is a
 * subset of the key that is cheaper to hash: rows can only be equal when it is, so its hash picks
 * the few candidate rows, and the exact comparison of the whole key in the window decides. A hash
 * collision can therefore never drop a row.
 */
async function dropDuplicatesBy(db: Database, table: string, keySql: string[], what: string, candidateSql: string[] = keySql): Promise<CleanReportEntry> {
  const source = quoteIdent(table);
  const candidate = `hash(${candidateSql.join(', ')})`;
  const keys = keySql.map((_, index) => `__k${index}`).join(', ');
  const counts = await dropFlaggedRows(
    db,
    table,
    `WITH repeated AS (SELECT ${candidate} AS h FROM ${source} GROUP BY h HAVING count(*) > 1)
     SELECT * EXCLUDE (${keys}), 'duplicate' AS reason
     FROM (SELECT *, rowid AS rid, ${keySql.map((sql, index) => `${sql} AS __k${index}`).join(', ')}
           FROM ${source} WHERE ${candidate} IN (SELECT h FROM repeated))
     QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY rid) > 1`,
  );
  return { rule: 'duplicates', table, dropped: totalDropped(counts), reason: `duplicate ${what}, first kept`, details: { key: what } };
}

/**
 * Columns of interactions that almost always differ between distinct rows: the candidate key of the
 * duplicate search. The item is left out: hashing it costs a little more (10M rows: 0.78 vs 0.75 s
 * for the candidate aggregate, `bench/ingest/sql-alternatives.ts`) than the few extra candidates (a
 * user's distinct events at one timestamp) add.
 */
const INTERACTION_CANDIDATE_COLUMNS = ['user_id', 'timestamp'];

/** Drops interactions identical in every column to an earlier one. */
export async function dropDuplicateInteractions(db: Database, table = 'interactions'): Promise<CleanReportEntry> {
  const columns = await tableColumns(db, table);
  const candidate = columns.filter((column) => INTERACTION_CANDIDATE_COLUMNS.includes(column));
  return dropDuplicatesBy(db, table, columns.map(quoteIdent), 'row', candidate.length > 0 ? candidate.map(quoteIdent) : undefined);
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
