/**
 * Pair-trend similarity (SDMetrics' ColumnPairTrends): for two numeric columns
 * 1 - |r_real - r_synthetic| / 2 with Pearson's r; for any other pair 1 - the total variation
 * distance of the joint frequencies, numeric columns first cut into bins at the real data's quantiles.
 */
import type { TabularColumn, TabularRow, TabularValue } from '../../augment/generative/tabular.js';
import { totalVariationDistance } from './column-shapes.js';

/** Number of quantile bins a numeric column is cut into for contingency tables. */
export const PAIR_TREND_BINS = 10;

/** Pearson correlation over rows where both values are numbers; 0 when either side is constant. */
export function pearson(rows: readonly TabularRow[], a: string, b: string): number {
  let n = 0;
  let sumA = 0;
  let sumB = 0;
  for (const row of rows) {
    const x = row[a];
    const y = row[b];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    n++;
    sumA += x;
    sumB += y;
  }
  if (n < 2) return 0;
  const meanA = sumA / n;
  const meanB = sumB / n;
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  for (const row of rows) {
    const x = row[a];
    const y = row[b];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    covariance += (x - meanA) * (y - meanB);
    varianceA += (x - meanA) ** 2;
    varianceB += (y - meanB) ** 2;
  }
  return varianceA > 0 && varianceB > 0 ? covariance / Math.sqrt(varianceA * varianceB) : 0;
}

/** Inner bin edges at the real column's quantiles (duplicates removed). */
export function quantileEdges(values: readonly TabularValue[], bins: number): number[] {
  const sorted = values.filter((value): value is number => typeof value === 'number').sort((x, y) => x - y);
  const edges = new Set<number>();
  for (let k = 1; k < bins; k++) if (sorted.length > 0) edges.add(sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / bins))]);
  return [...edges].sort((x, y) => x - y);
}

function binOf(value: TabularValue, edges: readonly number[] | undefined): string {
  if (edges === undefined) return JSON.stringify(value ?? null);
  if (typeof value !== 'number') return 'null';
  let bin = 0;
  while (bin < edges.length && value >= edges[bin]) bin++;
  return `bin${bin}`;
}

function jointFrequencies(rows: readonly TabularRow[], a: string, b: string, edgesA?: number[], edgesB?: number[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const key = `${binOf(row[a] ?? null, edgesA)}\u0000${binOf(row[b] ?? null, edgesB)}`;
    out.set(key, (out.get(key) ?? 0) + 1 / rows.length);
  }
  return out;
}

export interface PairTrendScore {
  columns: [string, string];
  metric: 'correlation-similarity' | 'contingency-similarity';
  score: number;
  real?: number;
  synthetic?: number;
}

/** Trend similarity of every column pair and their mean. */
export function pairTrendSimilarity(
  real: readonly TabularRow[],
  synthetic: readonly TabularRow[],
  columns: readonly TabularColumn[],
): { score: number; pairs: PairTrendScore[] } {
  const edges = new Map(columns.filter((column) => column.kind === 'numeric').map((column) => [column.name, quantileEdges(real.map((row) => row[column.name]), PAIR_TREND_BINS)]));
  const pairs: PairTrendScore[] = [];
  for (let i = 0; i < columns.length; i++) {
    for (let j = i + 1; j < columns.length; j++) {
      const [a, b] = [columns[i], columns[j]];
      if (a.kind === 'numeric' && b.kind === 'numeric') {
        const r = pearson(real, a.name, b.name);
        const s = pearson(synthetic, a.name, b.name);
        pairs.push({ columns: [a.name, b.name], metric: 'correlation-similarity', score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s });
      } else {
        const p = jointFrequencies(real, a.name, b.name, edges.get(a.name), edges.get(b.name));
        const q = jointFrequencies(synthetic, a.name, b.name, edges.get(a.name), edges.get(b.name));
        pairs.push({ columns: [a.name, b.name], metric: 'contingency-similarity', score: 1 - totalVariationDistance(p, q) });
      }
    }
  }
  return { score: pairs.length === 0 ? 1 : pairs.reduce((sum, pair) => sum + pair.score, 0) / pairs.length, pairs };
}
