/**
 * k-shot split per label: k training examples per label (and optionally `validationK` validation
 * ones), chosen by a seeded md5 order; every other labelled row goes to the unlabelled pool. The
 * dataset's own test split (and validation split) is honoured when the `split` column has one;
 * otherwise `testFraction` of each label becomes test first.
 */
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { hasSplitColumn } from './stratified-split.js';
import { seededKeySql, splitTableName, writeSplitTables, type SplitCounts } from './split-tables.js';

/** Seed, shots per label and the test share used when the dataset has no test split. */
export interface KShotSplitOptions {
  table?: string;
  seed: number;
  /** Training examples per label. */
  k: number;
  /** Validation examples per label after the k training ones; default 0. */
  validationK?: number;
  /** Share of each label held out as test when the dataset has no test split; default 0.2. */
  testFraction?: number;
}

/** Row counts per output table and what the split had to work around. */
export interface KShotSplitResult {
  counts: SplitCounts;
  /** Whether rows with `split = 'test'` were used as the test set. */
  datasetTest: boolean;
  /** Labels with fewer than k training examples available, with how many they got. */
  shortLabels: Record<string, number>;
}

/** Splits `table` (default `texts`) into k-shot train, validation, test and the unlabelled pool. */
export async function kShotSplit(db: Database, options: KShotSplitOptions): Promise<KShotSplitResult> {
  const table = options.table ?? 'texts';
  const source = quoteIdent(table);
  const splitColumn = await hasSplitColumn(db, table);
  const datasetTest = splitColumn && Number((await db.scalar<number>(`SELECT count(*) FROM ${source} WHERE "split" = 'test'`)) ?? 0) > 0;
  const fixed = splitColumn ? `CASE WHEN "split" IN ('test', 'validation') THEN "split" END` : 'NULL::VARCHAR';
  const testFraction = datasetTest ? 0 : (options.testFraction ?? 0.2);
  const counts = await writeSplitTables(
    db,
    table,
    `SELECT * EXCLUDE (__position, __n, __key, __row, __fixed) FROM (
       SELECT *,
         CASE WHEN __fixed IS NOT NULL THEN __fixed
              WHEN label IS NULL THEN 'pool'
              WHEN __position < round(__n * $testFraction) THEN 'test'
              WHEN __position < round(__n * $testFraction) + $k THEN 'train'
              WHEN __position < round(__n * $testFraction) + $k + $validationK THEN 'validation'
              ELSE 'pool' END AS __split
       FROM (
         SELECT *, row_number() OVER (PARTITION BY label, __fixed ORDER BY __key, id, __row) - 1 AS __position,
                count(*) OVER (PARTITION BY label, __fixed) AS __n
         FROM (SELECT *, rowid AS __row, ${seededKeySql('id', '$seed')} AS __key, ${fixed} AS __fixed FROM ${source})
       )
       ORDER BY __row
     )`,
    { seed: options.seed, k: options.k, validationK: options.validationK ?? 0, testFraction },
  );
  const train = quoteIdent(splitTableName(table, 'train'));
  const short = await db.all<{ label: string; n: number }>(
    `SELECT label, count(*) AS n FROM ${train} GROUP BY label HAVING count(*) < $k
     UNION ALL
     SELECT DISTINCT label, 0 AS n FROM ${source} WHERE label IS NOT NULL AND label NOT IN (SELECT label FROM ${train})`,
    { k: options.k },
  );
  return { counts, datasetTest, shortLabels: Object.fromEntries(short.map((row) => [row.label, Number(row.n)])) };
}
