/** Robust bounds median +- k * 1.4826 * MAD (Iglewicz and Hoaglin, 1993): outliers do not move them. */
import type { Database, SqlParams } from '../../internal/duckdb.js';

/** Consistency constant that makes the MAD estimate the standard deviation of a normal sample. */
export const MAD_TO_SIGMA = 1.4826;

/** Median, MAD and the bounds derived from them, in the units of the value measured. */
export interface RobustBounds {
  median: number;
  mad: number;
  lower: number;
  upper: number;
  /** Values the statistics were computed on. */
  n: number;
}

/**
 * Median and MAD of `valueSql` over `fromSql`, and the bounds at `k`. With a MAD of 0 (half the
 * values equal) the bounds are infinite: nothing can be called an outlier then.
 */
export async function robustBounds(db: Database, valueSql: string, fromSql: string, k: number, params?: SqlParams): Promise<RobustBounds> {
  const [row] = await db.all<{ median: number | null; mad: number | null; n: number }>(
    `SELECT median(v)::DOUBLE AS median, mad(v)::DOUBLE AS mad, count(v) AS n FROM (SELECT ${valueSql} AS v FROM ${fromSql})`,
    params,
  );
  const median = row.median ?? 0;
  const mad = row.mad ?? 0;
  const spread = mad > 0 ? k * MAD_TO_SIGMA * mad : Number.POSITIVE_INFINITY;
  return { median, mad, lower: median - spread, upper: median + spread, n: Number(row.n) };
}
