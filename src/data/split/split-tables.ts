/**
 * Split outputs are tables named `<table>_train`, `<table>_validation`, `<table>_test` and
 * `<table>_pool`, with the input's columns; an output nobody fills exists and is empty, so
 * downstream stages can always read all four. The pool holds unlabelled rows (k-shot: everything
 * beyond the k per label; stratified: rows without label; temporal: rows without timestamp). In a
 * pool of a table with a `label` column, `label` is null and the gold label moves to
 * `hidden_label`, so a trainer cannot read it by accident and a run can still score pseudo-labels.
 */
import { quoteIdent, type Database, type SqlParams } from '../../internal/duckdb.js';
import { tableColumns } from '../clean/drop-rows.js';

/** The four outputs of every split, in order. */
export const SPLIT_NAMES = Object.freeze(['train', 'validation', 'test', 'pool'] as const);

/** One of `train`, `validation`, `test`, `pool`. */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** Row counts per output table. */
export type SplitCounts = Record<SplitName, number>;

/** Name of one split's output table, e.g. `interactions_test`. */
export function splitTableName(table: string, split: SplitName): string {
  return `${table}_${split}`;
}

/**
 * A deterministic pseudo-random sort key from an id and a seed: md5 of `seed:id`. MD5 is a fixed
 * algorithm, so the order is the same on any machine and DuckDB version (unlike `hash()`).
 */
export function seededKeySql(idSql: string, seedParam: string): string {
  return `md5(CAST(${seedParam} AS VARCHAR) || ':' || CAST(${idSql} AS VARCHAR))`;
}

/**
 * Writes the four output tables from `assignedSql`, a query over the input with a `__split` column
 * (`train`, `validation`, `test`, `pool`); rows keep the order of `assignedSql`. Returns the counts.
 */
export async function writeSplitTables(db: Database, table: string, assignedSql: string, params?: SqlParams): Promise<SplitCounts> {
  const assigned = quoteIdent(`__assigned_${table}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${assigned} AS ${assignedSql}`, params);
  try {
    const counts = { train: 0, validation: 0, test: 0, pool: 0 } as SplitCounts;
    const labelled = (await tableColumns(db, table)).includes('label');
    for (const split of SPLIT_NAMES) {
      const target = quoteIdent(splitTableName(table, split));
      const columns = split === 'pool' && labelled ? `* EXCLUDE (__split) REPLACE (NULL::VARCHAR AS label), label AS hidden_label` : '* EXCLUDE (__split)';
      await db.run(`CREATE OR REPLACE TABLE ${target} AS SELECT ${columns} FROM ${assigned} WHERE __split = $split`, { split });
      counts[split] = Number((await db.scalar<number>(`SELECT count(*) FROM ${target}`)) ?? 0);
    }
    return counts;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${assigned}`);
  }
}
