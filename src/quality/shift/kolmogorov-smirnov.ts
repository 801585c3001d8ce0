/** Two-sample Kolmogorov-Smirnov test. */

export interface KolmogorovSmirnovResult {
  /** Largest absolute gap between the two empirical CDFs, in [0, 1]. */
  statistic: number;
  /** Asymptotic two-sided p-value (Kolmogorov distribution with Stephens' small-sample correction). */
  pValue: number;
}

/**
 * Two-sample Kolmogorov-Smirnov statistic and asymptotic p-value, as in Press et al., Numerical
 * Recipes (3rd ed.), section 14.3.3. Non-finite values are ignored; an empty side gives statistic 0, p 1.
 */
export function kolmogorovSmirnov(first: readonly number[], second: readonly number[]): KolmogorovSmirnovResult {
  const a = sortedFinite(first);
  const b = sortedFinite(second);
  if (a.length === 0 || b.length === 0) return { statistic: 0, pValue: 1 };
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i], b[j]);
    // Advance past ties on both sides before comparing CDFs, so tied values do not create gaps.
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  const effective = Math.sqrt((a.length * b.length) / (a.length + b.length));
  return { statistic, pValue: kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * statistic) };
}

/** Q_KS(lambda) = 2 * sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2), clamped to [0, 1]. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda < 1e-3) return 1;
  let total = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda);
    total += term;
    if (Math.abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * total));
}

/** Finite values, sorted ascending, as a new array. */
export function sortedFinite(values: readonly number[]): number[] {
  return values.filter((value) => Number.isFinite(value)).sort((x, y) => x - y);
}
