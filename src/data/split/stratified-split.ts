/**
 * Stratified random split of labelled texts: within each label, rows are ordered by a seeded md5
 * key and the first `train` fraction goes to train, the next `validation` fraction to validation,
 * the rest to test, so every label keeps its share in each split. Unlabelled rows go to the pool.
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { tableColumns } from '../clean/drop-rows.js';
import { seededKeySql, writeSplitTables, type SplitCounts } from './split-tables.js';

/** Seed and per-label fractions of a stratified split. */
export interface StratifiedSplitOptions {
  table?: string;
  seed: number;
  /** Fraction of each label for train; default 0.8. */
  train?: number;
  /** Fraction of each label for validation; default 0.1. The rest is test. */
  validation?: number;
  /** Rows whose `split` column is set keep it; default true. */
  honourDatasetSplit?: boolean;
}

/**
 * Splits `table` (default `texts`). Per label with n rows, train gets round(n * train) rows and
 * validation round(n * (train + validation)) - round(n * train). Same seed, same split.
 */
export async function stratifiedSplit(db: Database, options: StratifiedSplitOptions): Promise<SplitCounts> {
  const table = options.table ?? 'texts';
  const honour = (options.honourDatasetSplit ?? true) && (await hasSplitColumn(db, table));
  const datasetSplit = honour ? `"split" IN ('train', 'validation', 'test')` : 'false';
  return writeSplitTables(
    db,
    table,
    `SELECT * EXCLUDE (__position, __n, __key, __row) FROM (
       SELECT *,
         CASE WHEN ${datasetSplit} THEN "split"
              WHEN label IS NULL THEN 'pool'
              WHEN __position < round(__n * $train) THEN 'train'
              WHEN __position < round(__n * ($train + $validation)) THEN 'validation'
              ELSE 'test' END AS __split
       FROM (
         SELECT *, row_number() OVER (PARTITION BY label, ${datasetSplit} ORDER BY __key, id, __row) - 1 AS __position,
                count(*) OVER (PARTITION BY label, ${datasetSplit}) AS __n
         FROM (SELECT *, rowid AS __row, ${seededKeySql('id', '$seed')} AS __key FROM ${quoteIdent(table)})
       )
       ORDER BY __row
     )`,
    { seed: options.seed, train: options.train ?? 0.8, validation: options.validation ?? 0.1 },
  );
}

/** Whether `table` has the `split` column of canonical texts. */
export async function hasSplitColumn(db: Database, table: string): Promise<boolean> {
  return (await tableColumns(db, table)).includes('split');
}
