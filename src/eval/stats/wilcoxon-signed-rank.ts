import { SampleForgeError } from '../../errors.js';
import type { PairedTestResult } from './paired-t-test.js';

/** Largest number of non-zero differences for which the exact null distribution is enumerated. */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Wilcoxon signed-rank test (Wilcoxon 1945) on `variant[i] - baseline[i]`, two-sided. Zero
 * differences are dropped (Wilcoxon's convention), tied magnitudes get average ranks. The statistic
 * is W+ (sum of ranks of positive differences). For up to {@link WILCOXON_EXACT_MAX_N} non-zero
 * differences the p-value is exact (the 2^n sign assignments counted by dynamic programming over
 * doubled ranks, so ties stay exact); above that the normal approximation with tie correction and
 * continuity correction is used. No non-zero difference gives p = 1.
 */
export function wilcoxonSignedRank(baseline: readonly number[], variant: readonly number[]): PairedTestResult {
  if (baseline.length !== variant.length) {
    throw new SampleForgeError('E_USAGE', `wilcoxonSignedRank: samples must be paired, got ${baseline.length} baseline and ${variant.length} variant values`, {
      details: { baseline: baseline.length, variant: variant.length },
    });
  }
  const all = baseline.map((value, i) => variant[i] - value);
  const meanDifference = all.length === 0 ? Number.NaN : all.reduce((sum, value) => sum + value, 0) / all.length;
  const differences = all.filter((value) => value !== 0);
  const n = differences.length;
  if (n === 0) return { test: 'wilcoxon signed-rank', n: 0, meanDifference, statistic: 0, pValue: 1 };

  const order = differences.map((_, i) => i).sort((a, b) => Math.abs(differences[a]) - Math.abs(differences[b]));
  // Doubled ranks are integers even for average ranks of ties (average of i+1..j+1, times 2).
  const doubledRanks = new Array<number>(n);
  const tieGroups: number[] = [];
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && Math.abs(differences[order[j + 1]]) === Math.abs(differences[order[i]])) j++;
    for (let k = i; k <= j; k++) doubledRanks[order[k]] = i + j + 2;
    tieGroups.push(j - i + 1);
    i = j + 1;
  }
  let doubledWPlus = 0;
  for (let i = 0; i < n; i++) if (differences[i] > 0) doubledWPlus += doubledRanks[i];
  const statistic = doubledWPlus / 2;
  const doubledTotal = n * (n + 1);

  if (n <= WILCOXON_EXACT_MAX_N) {
    // counts[s] = number of sign assignments whose doubled W+ is s.
    let counts = new Float64Array(doubledTotal + 1);
    counts[0] = 1;
    for (const rank of doubledRanks) {
      const next = new Float64Array(doubledTotal + 1);
      for (let s = 0; s <= doubledTotal; s++) {
        if (counts[s] === 0) continue;
        next[s] += counts[s];
        next[s + rank] += counts[s];
      }
      counts = next;
    }
    const total = 2 ** n;
    let lower = 0;
    let upper = 0;
    for (let s = 0; s <= doubledTotal; s++) {
      if (s <= doubledWPlus) lower += counts[s];
      if (s >= doubledWPlus) upper += counts[s];
    }
    const pValue = Math.min(1, (2 * Math.min(lower, upper)) / total);
    return { test: 'wilcoxon signed-rank', n, meanDifference, statistic, pValue };
  }

  const expected = (n * (n + 1)) / 4;
  let variance = (n * (n + 1) * (2 * n + 1)) / 24;
  for (const size of tieGroups) variance -= (size * size * size - size) / 48;
  const z = (Math.abs(statistic - expected) - 0.5) / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * (1 - standardNormalCdf(Math.max(0, z))));
  return { test: 'wilcoxon signed-rank', n, meanDifference, statistic, pValue };
}

/** Standard normal CDF through erfc (Numerical Recipes' erfcc, relative error below 1.2e-7). */
function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
