/**
 * Rows of a feature table as vectors for the tabular GAN, and back, with CTGAN's mode-specific
 * normalisation (Xu et al., NeurIPS 2019, section 4.2): each numeric column gets a small Gaussian
 * mixture; a value is written as a one-hot of its mode (drawn from the mode posterior) and a scalar
 * `(x - mean_k) / (4 std_k)` in (-1, 1) that a tanh output can reach. Categorical columns are
 * one-hot. CTGAN fits a Bayesian (variational) mixture with 10 modes and drops the light ones; here
 * plain EM is run for 1..`maxModes` modes and the number chosen by BIC, which also keeps unimodal
 * columns at one mode (no one-hot then). With `maxModes: 1` this is plain standardisation.
 */
import type { Rng } from '../../internal/rng.js';
import type { TabularColumn, TabularRow, TabularValue } from './tabular.js';

/** One Gaussian of a numeric column's mixture, on the column's own scale. */
export interface GanMode {
  weight: number;
  mean: number;
  std: number;
}

/** A numeric column: a tanh scalar, a softmax over its modes (when more than one), a missing flag pair. */
export interface GanNumericColumn {
  kind: 'numeric';
  column: TabularColumn;
  /** Offset of the scalar. */
  offset: number;
  modes: GanMode[];
  /** Offset of the mode one-hot, -1 with a single mode. */
  modeOffset: number;
  /** Offset of the present/missing one-hot pair, -1 when the column has no nulls. */
  missingOffset: number;
  low: number;
  high: number;
}

/** A categorical column: a softmax over the values seen, in sorted JSON-key order. */
export interface GanCategoricalColumn {
  kind: 'categorical';
  column: TabularColumn;
  offset: number;
  values: TabularValue[];
  index: Map<string, number>;
  /** Training rows per value. */
  counts: number[];
}

export type GanColumn = GanNumericColumn | GanCategoricalColumn;

/** A stretch of the vector and the generator's output activation over it. */
export type GanBlock = { kind: 'tanh'; offset: number } | { kind: 'softmax'; offset: number; size: number };

export interface GanEncoding {
  readonly columns: readonly GanColumn[];
  readonly blocks: readonly GanBlock[];
  readonly width: number;
}

export const valueKey = (value: TabularValue | undefined): string => JSON.stringify(value ?? null);

const LOG_2PI = Math.log(2 * Math.PI);

function logDensity(x: number, mode: GanMode): number {
  const z = (x - mode.mean) / mode.std;
  return Math.log(mode.weight) - Math.log(mode.std) - 0.5 * (LOG_2PI + z * z);
}

/** Log-sum-exp of the weighted mode densities at `x`, and the posterior of each mode in `out`. */
function posterior(x: number, modes: readonly GanMode[], out: Float64Array): number {
  let top = -Infinity;
  for (let k = 0; k < modes.length; k++) {
    out[k] = logDensity(x, modes[k]);
    top = Math.max(top, out[k]);
  }
  let total = 0;
  for (let k = 0; k < modes.length; k++) total += (out[k] = Math.exp(out[k] - top));
  for (let k = 0; k < modes.length; k++) out[k] /= total;
  return top + Math.log(total);
}

/**
 * A Gaussian mixture of `k` modes fitted by EM from quantile starts (deterministic), with a floor
 * on the standard deviations (`floor`) so a mode on a repeated value does not collapse.
 * Returns the modes and the log-likelihood.
 */
export function fitMixture(values: readonly number[], k: number, floor: number, iterations = 60): { modes: GanMode[]; logLikelihood: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((a, b) => a + b, 0) / n;
  const spread = Math.sqrt(sorted.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  let modes: GanMode[] = Array.from({ length: k }, (_, m) => ({ weight: 1 / k, mean: sorted[Math.min(n - 1, Math.floor(((m + 0.5) / k) * n))], std: Math.max(floor, spread / k) }));
  const responsibility = new Float64Array(k);
  let logLikelihood = -Infinity;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const sumW = new Float64Array(k);
    const sumX = new Float64Array(k);
    const sumXX = new Float64Array(k);
    let total = 0;
    for (const x of sorted) {
      total += posterior(x, modes, responsibility);
      for (let m = 0; m < k; m++) {
        sumW[m] += responsibility[m];
        sumX[m] += responsibility[m] * x;
        sumXX[m] += responsibility[m] * x * x;
      }
    }
    const improved = total - logLikelihood;
    logLikelihood = total;
    // A mode that lost all its rows is dropped rather than left with a degenerate estimate.
    modes = modes
      .map((mode, m) => {
        if (sumW[m] < 1e-9) return undefined;
        const modeMean = sumX[m] / sumW[m];
        return { weight: sumW[m] / n, mean: modeMean, std: Math.max(floor, Math.sqrt(Math.max(0, sumXX[m] / sumW[m] - modeMean * modeMean))) };
      })
      .filter((mode): mode is GanMode => mode !== undefined);
    if (modes.length < k) return fitMixture(values, modes.length, floor, iterations);
    if (improved >= 0 && improved < 1e-6 * n) break;
  }
  return { modes, logLikelihood };
}

/** The mixture of 1..`maxModes` modes with the lowest BIC, modes sorted by mean. */
export function selectMixture(values: readonly number[], maxModes: number, floor: number): GanMode[] {
  let best: { modes: GanMode[]; bic: number } | undefined;
  for (let k = 1; k <= Math.max(1, maxModes); k++) {
    const fit = fitMixture(values, k, floor);
    const bic = (3 * fit.modes.length - 1) * Math.log(values.length) - 2 * fit.logLikelihood;
    if (best === undefined || bic < best.bic) best = { modes: fit.modes, bic };
  }
  return (best?.modes ?? [{ weight: 1, mean: 0, std: 1 }]).sort((a, b) => a.mean - b.mean);
}

export interface GanEncodingOptions {
  /** Most modes per numeric column; default 5; 1 turns mode-specific normalisation off. */
  maxModes?: number;
  /** Rows the mixtures are fitted on (a seeded subsample when the table is larger); default 5000. */
  mixtureRows?: number;
}

/** Fits the encoding of `columns` on `rows` (mixtures on a seeded subsample). */
export function fitGanEncoding(rows: readonly TabularRow[], columns: readonly TabularColumn[], rng: Rng, options: GanEncodingOptions = {}): GanEncoding {
  const maxModes = options.maxModes ?? 5;
  const mixtureRows = options.mixtureRows ?? 5000;
  const encoded: GanColumn[] = [];
  const blocks: GanBlock[] = [];
  let width = 0;
  for (const column of columns) {
    if (column.kind === 'numeric') {
      const numbers = rows.map((row) => row[column.name]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
      const fitted = numbers.length > mixtureRows ? rng.sample(numbers.length, mixtureRows).map((i) => numbers[i]) : numbers;
      const mean = numbers.reduce((a, b) => a + b, 0) / Math.max(1, numbers.length);
      const spread = Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, numbers.length)) || 1;
      // Integer columns are treated as if each value were spread over its unit interval (std of
      // uniform width 1 is 0.29), so a mixture cannot buy likelihood by spiking on single integers.
      const floor = Math.max(1e-3 * spread, column.integer === true ? 0.29 : 0);
      const modes = fitted.length === 0 ? [{ weight: 1, mean: 0, std: 1 }] : selectMixture(fitted, maxModes, floor);
      const offset = width;
      blocks.push({ kind: 'tanh', offset });
      width += 1;
      const modeOffset = modes.length > 1 ? width : -1;
      if (modes.length > 1) {
        blocks.push({ kind: 'softmax', offset: width, size: modes.length });
        width += modes.length;
      }
      const missingOffset = numbers.length < rows.length ? width : -1;
      if (missingOffset >= 0) {
        blocks.push({ kind: 'softmax', offset: width, size: 2 });
        width += 2;
      }
      const low = numbers.length === 0 ? 0 : numbers.reduce((a, b) => Math.min(a, b), Infinity);
      const high = numbers.length === 0 ? 0 : numbers.reduce((a, b) => Math.max(a, b), -Infinity);
      encoded.push({ kind: 'numeric', column, offset, modes, modeOffset, missingOffset, low, high });
      continue;
    }
    const keys = [...new Set(rows.map((row) => valueKey(row[column.name])))].sort();
    const index = new Map(keys.map((key, position) => [key, position]));
    const counts = keys.map(() => 0);
    for (const row of rows) counts[index.get(valueKey(row[column.name])) ?? 0]++;
    encoded.push({ kind: 'categorical', column, offset: width, values: keys.map((key) => JSON.parse(key) as TabularValue), index, counts });
    blocks.push({ kind: 'softmax', offset: width, size: keys.length });
    width += keys.length;
  }
  return { columns: encoded, blocks, width };
}

/** Writes `row` into `out` at `at` (zeroed); the mode of each number is drawn from its posterior with `rng`. */
export function encodeGanRow(encoding: GanEncoding, row: TabularRow, out: Float32Array, at: number, rng: Rng): void {
  for (const column of encoding.columns) {
    const value = row[column.column.name];
    if (column.kind === 'categorical') {
      const position = column.index.get(valueKey(value));
      if (position !== undefined) out[at + column.offset + position] = 1;
      continue;
    }
    const present = typeof value === 'number' && Number.isFinite(value);
    if (column.missingOffset >= 0) out[at + column.missingOffset + (present ? 0 : 1)] = 1;
    if (!present) continue;
    let mode = 0;
    if (column.modes.length > 1) {
      const weights = new Float64Array(column.modes.length);
      posterior(value, column.modes, weights);
      let threshold = rng.float();
      mode = column.modes.length - 1;
      for (let k = 0; k < column.modes.length; k++) {
        threshold -= weights[k];
        if (threshold < 0) {
          mode = k;
          break;
        }
      }
      out[at + column.modeOffset + mode] = 1;
    }
    const { mean, std } = column.modes[mode];
    out[at + column.offset] = Math.min(0.99, Math.max(-0.99, (value - mean) / (4 * std)));
  }
}

/** Index of the largest of `count` values from `from`. */
export function argmax(values: Float32Array, from: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[from + k] > values[from + best]) best = k;
  return best;
}

/**
 * A row from an activated generator output (`tanh` scalars, one-hot or probability blocks): the
 * mode and the missing flag by argmax, the value back on the column's scale, clipped to the real
 * range, rounded for integer columns; categories by argmax.
 */
export function decodeGanRow(encoding: GanEncoding, vector: Float32Array, at: number): TabularRow {
  const row: TabularRow = {};
  for (const column of encoding.columns) {
    if (column.kind === 'categorical') {
      row[column.column.name] = column.values[argmax(vector, at + column.offset, column.values.length)];
      continue;
    }
    if (column.missingOffset >= 0 && argmax(vector, at + column.missingOffset, 2) === 1) {
      row[column.column.name] = null;
      continue;
    }
    const mode = column.modes.length > 1 ? column.modes[argmax(vector, at + column.modeOffset, column.modes.length)] : column.modes[0];
    const value = Math.min(column.high, Math.max(column.low, vector[at + column.offset] * 4 * mode.std + mode.mean));
    row[column.column.name] = column.column.integer === true ? Math.round(value) : value;
  }
  return row;
}
