import type { MetricSummary } from '../../types.js';

/**
 * Mean, sample standard deviation (n - 1 denominator; 0 for fewer than two values) and the values
 * themselves, in the order given (so `values[i]` stays paired with seed `i`).
 */
export function summarize(values: readonly number[]): MetricSummary {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, std: 0, values: [] };
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  const std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, std, values: [...values] };
}
