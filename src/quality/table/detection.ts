/**
 * Detection score (SDMetrics' LogisticDetection idea): how well a classifier tells real rows from
 * synthetic ones. Features are one-hot categories and standardised numbers; the classifier is an
 * L2-regularised logistic regression fitted by iteratively reweighted least squares; the score is
 * the ROC AUC on held-out folds (0.5: indistinguishable, 1: fully separable).
 */
import type { TabularColumn, TabularRow } from '../../augment/generative/tabular.js';
import { createRng } from '../../internal/rng.js';

/** Most categories one-hot encoded per column; rarer ones share an `other` feature. */
const MAX_CATEGORIES = 50;

/** A dense design matrix builder fitted on the pooled rows. */
function createEncoder(rows: readonly TabularRow[], columns: readonly TabularColumn[]): { width: number; encode(row: TabularRow): Float64Array } {
  const parts = columns.map((column) => {
    const values = rows.map((row) => row[column.name] ?? null);
    if (column.kind === 'numeric') {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      const mean = numbers.reduce((sum, value) => sum + value, 0) / Math.max(1, numbers.length);
      const std = Math.sqrt(numbers.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, numbers.length)) || 1;
      const hasNull = numbers.length < values.length;
      return { column, width: hasNull ? 2 : 1, write: (row: TabularRow, out: Float64Array, at: number) => {
        const value = row[column.name];
        if (typeof value === 'number') out[at] = (value - mean) / std;
        else if (hasNull) out[at + 1] = 1;
      } };
    }
    const counts = new Map<string, number>();
    for (const value of values) counts.set(JSON.stringify(value), (counts.get(JSON.stringify(value)) ?? 0) + 1);
    const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_CATEGORIES).map(([key]) => key);
    const index = new Map(kept.map((key, position) => [key, position]));
    return { column, width: kept.length + 1, write: (row: TabularRow, out: Float64Array, at: number) => {
      out[at + (index.get(JSON.stringify(row[column.name] ?? null)) ?? kept.length)] = 1;
    } };
  });
  const width = parts.reduce((sum, part) => sum + part.width, 0);
  return {
    width,
    encode(row) {
      const out = new Float64Array(width + 1);
      out[width] = 1;
      let at = 0;
      for (const part of parts) {
        part.write(row, out, at);
        at += part.width;
      }
      return out;
    },
  };
}

function solve(matrix: Float64Array, vector: Float64Array, n: number): Float64Array {
  // Gaussian elimination with partial pivoting; the system is small (features + bias).
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) if (Math.abs(a[row * n + col]) > Math.abs(a[pivot * n + col])) pivot = row;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k], a[col * n + k]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    const diagonal = a[col * n + col] || 1e-12;
    for (let row = col + 1; row < n; row++) {
      const factor = a[row * n + col] / diagonal;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) a[row * n + k] -= factor * a[col * n + k];
      b[row] -= factor * b[col];
    }
  }
  const x = new Float64Array(n);
  for (let row = n - 1; row >= 0; row--) {
    let sum = b[row];
    for (let k = row + 1; k < n; k++) sum -= a[row * n + k] * x[k];
    x[row] = sum / (a[row * n + row] || 1e-12);
  }
  return x;
}

/** Logistic regression by Newton's method (IRLS) with an L2 penalty `lambda` on all weights but the bias. */
export function fitLogisticRegression(features: readonly Float64Array[], labels: ArrayLike<number>, lambda = 1, iterations = 25): Float64Array {
  const d = features[0]?.length ?? 0;
  let weights = new Float64Array(d);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const hessian = new Float64Array(d * d);
    const gradient = new Float64Array(d);
    for (let i = 0; i < features.length; i++) {
      const x = features[i];
      let margin = 0;
      for (let k = 0; k < d; k++) margin += weights[k] * x[k];
      const p = 1 / (1 + Math.exp(-margin));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a < d; a++) {
        if (x[a] === 0) continue;
        gradient[a] += (p - labels[i]) * x[a];
        for (let b = 0; b < d; b++) hessian[a * d + b] += w * x[a] * x[b];
      }
    }
    for (let k = 0; k < d - 1; k++) {
      gradient[k] += lambda * weights[k];
      hessian[k * d + k] += lambda;
    }
    hessian[(d - 1) * d + (d - 1)] += 1e-9;
    const step = solve(hessian, gradient, d);
    let change = 0;
    const next = new Float64Array(d);
    for (let k = 0; k < d; k++) {
      next[k] = weights[k] - step[k];
      change = Math.max(change, Math.abs(step[k]));
    }
    weights = next;
    if (change < 1e-8) break;
  }
  return weights;
}

/** ROC AUC by the Mann-Whitney rank statistic, ties counted half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface DetectionOptions {
  /** Cross-validation folds; default 5. */
  folds?: number;
  /** Seed of the fold assignment; default 0. */
  seed?: number;
  /** L2 penalty; default 1. */
  lambda?: number;
}

/** Mean held-out AUC of a real-vs-synthetic logistic regression, and the AUC of each fold. */
export function detectionAuc(
  real: readonly TabularRow[],
  synthetic: readonly TabularRow[],
  columns: readonly TabularColumn[],
  options: DetectionOptions = {},
): { auc: number; folds: number[] } {
  const folds = options.folds ?? 5;
  const rows = [...real, ...synthetic];
  const labels = Int8Array.from(rows, (_, i) => (i < real.length ? 0 : 1));
  const encoder = createEncoder(rows, columns);
  const features = rows.map((row) => encoder.encode(row));
  // Stratified folds: each class is shuffled and dealt round-robin.
  const rng = createRng(options.seed ?? 0).fork('detection-folds');
  const fold = new Int32Array(rows.length);
  for (const label of [0, 1]) {
    const members = rng.shuffle(rows.map((_, i) => i).filter((i) => labels[i] === label));
    members.forEach((row, position) => {
      fold[row] = position % folds;
    });
  }
  const aucs: number[] = [];
  for (let k = 0; k < folds; k++) {
    const train = rows.map((_, i) => i).filter((i) => fold[i] !== k);
    const test = rows.map((_, i) => i).filter((i) => fold[i] === k);
    const weights = fitLogisticRegression(train.map((i) => features[i]), Int8Array.from(train, (i) => labels[i]), options.lambda ?? 1);
    const scores = test.map((i) => features[i].reduce((sum, value, j) => sum + value * weights[j], 0));
    aucs.push(rocAuc(scores, Int8Array.from(test, (i) => labels[i])));
  }
  return { auc: aucs.reduce((sum, value) => sum + value, 0) / aucs.length, folds: aucs };
}
