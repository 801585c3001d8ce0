/**
 * Global temporal cut: every row before `validationFrom` is train, rows in [validationFrom, testFrom)
 * validation, rows from `testFrom` on test. Cut points are given timestamps or quantiles of all
 * timestamps (`quantile_disc`, so they are timestamps that occur in the data).
 */
import { SampleForgeError } from '../../errors.js';
import { quoteIdent, type Database } from '../../internal/duckdb.js';
import { writeSplitTables, type SplitCounts } from './split-tables.js';

/** Cut points as quantiles of all timestamps or as timestamps (ms since the epoch). */
export interface TemporalSplitOptions {
  table?: string;
  /** Test starts at this quantile of the timestamps; default 0.9. Ignored when `testFrom` is given. */
  testQuantile?: number;
  /** Validation starts at this quantile; default 0.8. Ignored when `validationFrom` is given. */
  validationQuantile?: number;
  /** Test starts at this timestamp (ms since the epoch). */
  testFrom?: number | null;
  /** Validation starts at this timestamp. */
  validationFrom?: number | null;
}

/** Row counts per output table and the cut points used. */
export interface TemporalSplitResult {
  counts: SplitCounts;
  validationFrom: number;
  testFrom: number;
  /** Rows without a timestamp: they cannot be placed in time and go to the pool. */
  withoutTimestamp: number;
}

/** Splits `table` (default `interactions`) at two points in time; rows keep their input order. */
export async function temporalSplit(db: Database, options: TemporalSplitOptions = {}): Promise<TemporalSplitResult> {
  const table = options.table ?? 'interactions';
  const source = quoteIdent(table);
  const [quantiles] = await db.all<{ validation: number | null; test: number | null }>(
    `SELECT quantile_disc("timestamp", $validationQuantile) AS validation, quantile_disc("timestamp", $testQuantile) AS test FROM ${source}`,
    { validationQuantile: options.validationQuantile ?? 0.8, testQuantile: options.testQuantile ?? 0.9 },
  );
  const testFrom = options.testFrom ?? quantiles.test;
  const validationFrom = options.validationFrom ?? quantiles.validation;
  if (testFrom === null || validationFrom === null) {
    throw new SampleForgeError('E_DATA', `${table} has no timestamps; a temporal split needs them (use leave-one-out or give split.testFrom)`, {
      details: { table },
    });
  }
  if (validationFrom > testFrom) {
    throw new SampleForgeError('E_CONFIG', `split.validationFrom (${validationFrom}) is after split.testFrom (${testFrom}); validation must come before test`, {
      details: { validationFrom, testFrom },
    });
  }
  const counts = await writeSplitTables(
    db,
    table,
    `SELECT *, CASE WHEN "timestamp" IS NULL THEN 'pool' WHEN "timestamp" >= $testFrom THEN 'test'
                    WHEN "timestamp" >= $validationFrom THEN 'validation' ELSE 'train' END AS __split
     FROM ${source}`,
    { testFrom: BigInt(testFrom), validationFrom: BigInt(validationFrom) },
  );
  return { counts, validationFrom: Number(validationFrom), testFrom: Number(testFrom), withoutTimestamp: counts.pool };
}
