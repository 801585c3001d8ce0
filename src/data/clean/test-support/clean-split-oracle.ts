/**
 * The cleaning rules the ingest benchmark runs (missing keys, duplicates, k-core, chronological
 * order) and the leave-one-out split, written as the plainest SQL we could think of: one full table
 * per step, windows instead of tricks. Tests compare the fast implementations with it.
 */
import { quoteIdent, type Database } from '../../../internal/duckdb.js';

/** What the oracle dropped and kept; its tables are `oracle_<name>` in the same database. */
export interface OracleResult {
  missingByReason: Record<string, number>;
  duplicates: number;
  kCoreDroppedPerIteration: number[];
  users: number;
  items: number;
  rows: number;
}

const COLUMNS = 'user_id, item_id, event, value, "timestamp", query, dwell_ms, session_id';
const blank = (column: string) => `(${column} IS NULL OR trim(${column}) = '')`;

/**
 * Runs the oracle on `source` (left untouched) and writes `oracle_clean`, `oracle_dropped`,
 * `oracle_train`, `oracle_validation` and `oracle_test`, each in the order the real stage promises.
 */
export async function runCleanSplitOracle(db: Database, source: string, options: { userK: number; itemK: number }): Promise<OracleResult> {
  await db.run(`CREATE TABLE oracle_input AS SELECT *, rowid AS pos FROM ${quoteIdent(source)}`);
  await db.run(
    `CREATE TABLE oracle_dropped AS
     SELECT * EXCLUDE (pos), CASE WHEN ${blank('user_id')} THEN 'missing user_id' ELSE 'missing item_id' END AS reason
     FROM oracle_input WHERE ${blank('user_id')} OR ${blank('item_id')}`,
  );
  const missing = await db.all<{ reason: string; n: number }>(`SELECT reason, count(*) AS n FROM oracle_dropped GROUP BY reason`);
  await db.run(
    `CREATE TABLE oracle_copies AS SELECT *, row_number() OVER (PARTITION BY ${COLUMNS} ORDER BY pos) AS copy
     FROM oracle_input WHERE NOT (${blank('user_id')} OR ${blank('item_id')})`,
  );
  await db.run(`INSERT INTO oracle_dropped SELECT * EXCLUDE (pos, copy), 'duplicate' FROM oracle_copies WHERE copy > 1`);
  const duplicates = Number(await db.scalar(`SELECT count(*) FROM oracle_copies WHERE copy > 1`));
  await db.run(`CREATE TABLE oracle_kept AS SELECT * EXCLUDE (copy) FROM oracle_copies WHERE copy = 1`);

  const droppedPerIteration: number[] = [];
  for (;;) {
    await db.run(
      `CREATE OR REPLACE TABLE oracle_low AS SELECT pos FROM oracle_kept
       WHERE user_id IN (SELECT user_id FROM oracle_kept GROUP BY user_id HAVING count(*) < $userK)
          OR item_id IN (SELECT item_id FROM oracle_kept GROUP BY item_id HAVING count(*) < $itemK)`,
      options,
    );
    const low = Number(await db.scalar(`SELECT count(*) FROM oracle_low`));
    if (low === 0) break;
    droppedPerIteration.push(low);
    await db.run(`INSERT INTO oracle_dropped SELECT * EXCLUDE (pos), 'k-core' FROM oracle_kept WHERE pos IN (SELECT pos FROM oracle_low)`);
    await db.run(`CREATE OR REPLACE TABLE oracle_kept AS SELECT * FROM oracle_kept WHERE pos NOT IN (SELECT pos FROM oracle_low)`);
  }

  await db.run(
    `CREATE TABLE oracle_ranked AS
     SELECT *, row_number() OVER (ORDER BY user_id, "timestamp" NULLS LAST, pos) AS clean_position,
            row_number() OVER (PARTITION BY user_id ORDER BY "timestamp" DESC NULLS FIRST, pos DESC) AS from_end,
            count(*) OVER (PARTITION BY user_id) AS user_rows
     FROM oracle_kept`,
  );
  const select = (where: string) => `SELECT * EXCLUDE (pos, clean_position, from_end, user_rows) FROM oracle_ranked WHERE ${where} ORDER BY clean_position`;
  await db.run(`CREATE TABLE oracle_clean AS ${select('true')}`);
  await db.run(`CREATE TABLE oracle_test AS ${select('user_rows >= 3 AND from_end = 1')}`);
  await db.run(`CREATE TABLE oracle_validation AS ${select('user_rows >= 3 AND from_end = 2')}`);
  await db.run(`CREATE TABLE oracle_train AS ${select('user_rows < 3 OR from_end > 2')}`);
  const [kept] = await db.all<{ users: number; items: number; rows: number }>(
    `SELECT count(DISTINCT user_id) AS users, count(DISTINCT item_id) AS items, count(*) AS rows FROM oracle_kept`,
  );
  return {
    missingByReason: Object.fromEntries(missing.map((row) => [row.reason, Number(row.n)])),
    duplicates,
    kCoreDroppedPerIteration: droppedPerIteration,
    users: Number(kept.users),
    items: Number(kept.items),
    rows: Number(kept.rows),
  };
}

/**
 * Rows of `actual` that differ from `expected`: with `ordered`, a row also carries its position
 * (by rowid, so gaps left by DELETE do not count), else the tables are compared as multisets.
 */
export async function countRowDifferences(db: Database, actual: string, expected: string, ordered: boolean): Promise<number> {
  const rows = (table: string) => (ordered ? `SELECT *, row_number() OVER (ORDER BY rowid) AS __position FROM ${quoteIdent(table)}` : `SELECT * FROM ${quoteIdent(table)}`);
  const differences = await db.scalar(
    `SELECT (SELECT count(*) FROM (${rows(actual)} EXCEPT ALL ${rows(expected)})) + (SELECT count(*) FROM (${rows(expected)} EXCEPT ALL ${rows(actual)}))`,
  );
  return Number(differences);
}
