/**
 * Privacy of synthetic rows: the distance to the closest real record (DCR) under a Gower distance
 * (numeric gaps scaled by the real range, categorical mismatches 0/1, averaged over columns), with
 * the same distance between real rows as the yardstick, and refusal of rows that copy a real record.
 */
import { tabularRowKey, type TabularColumn, type TabularRow } from '../../augment/generative/tabular.js';
import type { Augmented } from '../../types.js';

function createGower(real: readonly TabularRow[], columns: readonly TabularColumn[]): (a: TabularRow, b: TabularRow) => number {
  const ranges = columns.map((column) => {
    if (column.kind !== 'numeric') return 0;
    let low = Infinity;
    let high = -Infinity;
    for (const row of real) {
      const value = row[column.name];
      if (typeof value === 'number') {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    }
    return high > low ? high - low : 1;
  });
  return (a, b) => {
    let sum = 0;
    columns.forEach((column, j) => {
      const x = a[column.name] ?? null;
      const y = b[column.name] ?? null;
      if (column.kind === 'numeric' && typeof x === 'number' && typeof y === 'number') sum += Math.min(1, Math.abs(x - y) / ranges[j]);
      else if (x !== y) sum += 1;
    });
    return sum / Math.max(1, columns.length);
  };
}

/** Rows of `synthetic` equal to a row of `real` on `columns` (the synthesizers' copy key, `tabularRowKey`). */
export function countCopies(real: readonly TabularRow[], synthetic: readonly TabularRow[], columns: readonly TabularColumn[]): number {
  const realKeys = new Set(real.map((row) => tabularRowKey(columns, row)));
  return synthetic.filter((row) => realKeys.has(tabularRowKey(columns, row))).length;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export interface DcrSummary {
  /** Rows of the synthetic table equal to a real record. */
  copies: number;
  /** DCR of synthetic rows: minimum, 5th percentile, median. */
  synthetic: { min: number; p05: number; median: number };
  /** Distance of each real row to its nearest other real row: the yardstick. */
  realToReal: { min: number; p05: number; median: number };
}

/** Gower distance of each synthetic row to its closest real row, summarised, with the real-to-real yardstick. O(n_real x n_synthetic). */
export function distanceToClosestRecord(real: readonly TabularRow[], synthetic: readonly TabularRow[], columns: readonly TabularColumn[]): DcrSummary {
  const distance = createGower(real, columns);
  const nearest = (row: TabularRow, skip: number): number => {
    let best = Infinity;
    for (let i = 0; i < real.length && best > 0; i++) if (i !== skip) best = Math.min(best, distance(row, real[i]));
    return best;
  };
  const syntheticDistances = synthetic.map((row) => nearest(row, -1)).sort((a, b) => a - b);
  const realDistances = real.map((row, index) => nearest(row, index)).sort((a, b) => a - b);
  const summary = (values: number[]) => ({ min: values[0] ?? NaN, p05: quantile(values, 0.05), median: quantile(values, 0.5) });
  return {
    copies: countCopies(real, synthetic, columns),
    synthetic: summary(syntheticDistances),
    realToReal: summary(realDistances),
  };
}

/** Splits synthetic rows into kept and refused (equal to a real record), recording the verdict on each. */
export function refuseCopiedRows(
  real: readonly TabularRow[],
  synthetic: readonly Augmented<TabularRow>[],
  columns: readonly TabularColumn[],
): { kept: Augmented<TabularRow>[]; refused: Augmented<TabularRow>[] } {
  const realKeys = new Set(real.map((row) => tabularRowKey(columns, row)));
  const kept: Augmented<TabularRow>[] = [];
  const refused: Augmented<TabularRow>[] = [];
  for (const row of synthetic) {
    const copy = realKeys.has(tabularRowKey(columns, row.sample));
    const verdict = copy
      ? { filter: 'copy-refusal', kept: false, reason: 'equals a real record' }
      : { filter: 'copy-refusal', kept: true, reason: 'differs from every real record' };
    (copy ? refused : kept).push({ ...row, lineage: { ...row.lineage, verdicts: [...row.lineage.verdicts, verdict] } });
  }
  return { kept, refused };
}
