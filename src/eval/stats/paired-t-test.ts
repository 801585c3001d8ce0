import { SampleForgeError } from '../../errors.js';
import { studentTTwoSidedP } from './student-t.js';

/** Result of a paired test: the statistic, its degrees of freedom and the two-sided p-value. */
export interface PairedTestResult {
  test: string;
  /** Number of pairs used. */
  n: number;
  /** Mean of `variant[i] - baseline[i]`. */
  meanDifference: number;
  statistic: number;
  df?: number;
  /** Two-sided p-value; NaN when it cannot be computed (fewer than 2 pairs). */
  pValue: number;
}

/**
 * Paired two-sided t-test on `variant[i] - baseline[i]` (Student 1908): t = mean(d) / (sd(d) / sqrt(n)),
 * df = n - 1, p from the Student t CDF. With identical differences (sd 0) p is 1 when they are all 0
 * and 0 otherwise; with fewer than 2 pairs p is NaN.
 */
export function pairedTTest(baseline: readonly number[], variant: readonly number[]): PairedTestResult {
  if (baseline.length !== variant.length) {
    throw new SampleForgeError('E_USAGE', `pairedTTest: samples must be paired, got ${baseline.length} baseline and ${variant.length} variant values`, {
      details: { baseline: baseline.length, variant: variant.length },
    });
  }
  const n = baseline.length;
  const differences = baseline.map((value, i) => variant[i] - value);
  const mean = n === 0 ? Number.NaN : differences.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { test: 'paired t', n, meanDifference: mean, statistic: Number.NaN, df: Math.max(0, n - 1), pValue: Number.NaN };
  let squares = 0;
  for (const value of differences) squares += (value - mean) * (value - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const df = n - 1;
  // Float noise below this is "no spread": seeds that give exactly the same gap.
  if (sd <= 1e-15 * Math.max(1, Math.abs(mean))) {
    const statistic = mean === 0 ? 0 : Math.sign(mean) * Infinity;
    return { test: 'paired t', n, meanDifference: mean, statistic, df, pValue: mean === 0 ? 1 : 0 };
  }
  const statistic = mean / (sd / Math.sqrt(n));
  return { test: 'paired t', n, meanDifference: mean, statistic, df, pValue: studentTTwoSidedP(statistic, df) };
}
