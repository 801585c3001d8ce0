/**
 * Per-column shape similarity of a synthetic table to the real one, as SDMetrics defines it:
 * 1 - the two-sample Kolmogorov-Smirnov statistic for numeric columns, 1 - the total variation
 * distance of the category frequencies for categorical columns. 1 means identical.
 */
import type { TabularColumn, TabularRow, TabularValue } from '../../augment/generative/tabular.js';

/** Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs (nulls ignored). */
export function ksStatistic(a: readonly TabularValue[], b: readonly TabularValue[]): number {
  const left = Float64Array.from(a.filter((value): value is number => typeof value === 'number')).sort();
  const right = Float64Array.from(b.filter((value): value is number => typeof value === 'number')).sort();
  if (left.length === 0 || right.length === 0) return left.length === right.length ? 0 : 1;
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < left.length && j < right.length) {
    const value = Math.min(left[i], right[j]);
    while (i < left.length && left[i] <= value) i++;
    while (j < right.length && right[j] <= value) j++;
    gap = Math.max(gap, Math.abs(i / left.length - j / right.length));
  }
  return gap;
}

/** Frequencies of each value (null included) as shares of the column. */
export function frequencies(values: readonly TabularValue[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const value of values) {
    const key = JSON.stringify(value ?? null);
    out.set(key, (out.get(key) ?? 0) + 1 / values.length);
  }
  return out;
}

/** Total variation distance of two frequency maps: half the sum of absolute differences. */
export function totalVariationDistance(p: ReadonlyMap<string, number>, q: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const [key, share] of p) sum += Math.abs(share - (q.get(key) ?? 0));
  for (const [key, share] of q) if (!p.has(key)) sum += share;
  return sum / 2;
}

export interface ColumnShapeScore {
  column: string;
  metric: 'ks-complement' | 'tv-complement';
  score: number;
}

/** Shape similarity of each column and their mean. */
export function columnShapeSimilarity(
  real: readonly TabularRow[],
  synthetic: readonly TabularRow[],
  columns: readonly TabularColumn[],
): { score: number; columns: ColumnShapeScore[] } {
  const scores = columns.map((column): ColumnShapeScore => {
    const a = real.map((row) => row[column.name] ?? null);
    const b = synthetic.map((row) => row[column.name] ?? null);
    return column.kind === 'numeric'
      ? { column: column.name, metric: 'ks-complement', score: 1 - ksStatistic(a, b) }
      : { column: column.name, metric: 'tv-complement', score: 1 - totalVariationDistance(frequencies(a), frequencies(b)) };
  });
  return { score: scores.reduce((sum, entry) => sum + entry.score, 0) / Math.max(1, scores.length), columns: scores };
}
