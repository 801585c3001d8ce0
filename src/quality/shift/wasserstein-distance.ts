/** Wasserstein-1 (earth mover's) distance between two one-dimensional samples. */
import { sortedFinite } from './kolmogorov-smirnov.js';

/**
 * Wasserstein-1 distance between the empirical distributions of two samples, in the values' own
 * unit: the area between the two empirical CDFs (Villani, "Optimal Transport", 2009, remark 2.19).
 * Non-finite values are ignored; 0 when either side is empty.
 */
export function wassersteinDistance(first: readonly number[], second: readonly number[]): number {
  const a = sortedFinite(first);
  const b = sortedFinite(second);
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let area = 0;
  let previous = Math.min(a[0], b[0]);
  while (i < a.length || j < b.length) {
    const value = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    area += Math.abs(i / a.length - j / b.length) * (value - previous);
    previous = value;
    while (i < a.length && a[i] === value) i++;
    while (j < b.length && b[j] === value) j++;
  }
  return area;
}
