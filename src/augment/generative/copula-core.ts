/**
 * One Gaussian copula: marginals, the correlation of the normal scores (a Cholesky factor), and
 * draws, free or with one categorical column fixed. The method of SDV's GaussianCopula (Patki,
 * Wedge and Veeramachaneni, "The Synthetic Data Vault", DSAA 2016), written here from the paper.
 */
import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import { fitMarginal, fromUniform, intervalOf, toUniform, type Marginal } from './marginals.js';
import { cholesky, normalCdf, normalQuantile } from './normal.js';
import type { TabularColumn, TabularRow, TabularValue } from './tabular.js';

/** A categorical column fixed to a value, with the interval of [0, 1] that value owns. */
export interface FixedColumn {
  index: number;
  name: string;
  value: TabularValue;
  interval: [number, number];
}

export interface CopulaCore {
  readonly columns: readonly TabularColumn[];
  readonly marginals: readonly Marginal[];
  /** Correlation of the normal scores, `columns.length` squared, row-major. */
  readonly correlation: Float64Array;
  /** Resolves `name = value`; throws E_USAGE naming the column or the values seen. */
  fix(name: string, value: TabularValue): FixedColumn;
  /** One row, free or with `fixed` holding exactly. */
  draw(rng: Rng, fixed?: FixedColumn): TabularRow;
}

function estimateCorrelation(scores: readonly Float64Array[], d: number): Float64Array {
  const n = scores.length;
  const mean = new Float64Array(d);
  for (const row of scores) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  const covariance = new Float64Array(d * d);
  for (const row of scores) {
    for (let i = 0; i < d; i++) {
      const a = row[i] - mean[i];
      for (let j = 0; j <= i; j++) covariance[i * d + j] += a * (row[j] - mean[j]);
    }
  }
  const correlation = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const scale = Math.sqrt(covariance[i * d + i] * covariance[j * d + j]);
      const value = i === j ? 1 : scale > 0 ? covariance[i * d + j] / scale : 0;
      correlation[i * d + j] = value;
      correlation[j * d + i] = value;
    }
  }
  return correlation;
}

/** Regression weights of the other scores on column `c`'s score and the Cholesky factor of the residual. */
interface Conditional {
  others: number[];
  weights: Float64Array;
  lower: Float64Array;
}

function conditionalOn(correlation: Float64Array, d: number, c: number): Conditional {
  const others = Array.from({ length: d }, (_, i) => i).filter((i) => i !== c);
  const m = others.length;
  const weights = Float64Array.from(others, (i) => correlation[i * d + c]);
  const residual = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) residual[a * m + b] = correlation[others[a] * d + others[b]] - weights[a] * weights[b];
  return { others, weights, lower: m === 0 ? new Float64Array(0) : cholesky(residual, m) };
}

export interface CopulaCoreOptions {
  /** Force the identity correlation (independent marginals). */
  independent: boolean;
  /** Scale of Silverman's bandwidth for numeric marginals; 0 for none. */
  smoothing: number;
}

/** Fits one copula to `rows`; `rng` drives the randomised transform of ties. */
export function fitCopulaCore(rows: readonly TabularRow[], columns: readonly TabularColumn[], rng: Rng, options: CopulaCoreOptions): CopulaCore {
  const { independent, smoothing } = options;
  const d = columns.length;
  const marginals = columns.map((column) => fitMarginal(column, rows.map((row) => row[column.name] ?? null), smoothing));
  const scores = rows.map((row) => Float64Array.from(marginals, (marginal, j) => normalQuantile(toUniform(marginal, row[columns[j].name] ?? null, rng))));
  const correlation = independent ? Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0)) : estimateCorrelation(scores, d);
  const lower = cholesky(correlation, d);
  const conditionals = new Map<number, Conditional>();

  const decode = (z: Float64Array, draw: Rng): TabularRow => {
    const row: TabularRow = {};
    marginals.forEach((marginal, j) => {
      const missing = marginal.kind === 'numeric' && marginal.nullRate > 0 && draw.chance(marginal.nullRate);
      const kernel = marginal.kind === 'numeric' && marginal.bandwidth > 0 ? draw.normal() : 0;
      row[marginal.name] = missing ? null : fromUniform(marginal, normalCdf(z[j]), kernel);
    });
    return row;
  };

  return {
    columns,
    marginals,
    correlation,
    fix(name, value) {
      const index = columns.findIndex((column) => column.name === name);
      if (index < 0) {
        throw new SampleForgeError('E_USAGE', `condition on unknown column "${name}" (columns: ${columns.map((column) => column.name).join(', ')})`, { details: { column: name } });
      }
      const marginal = marginals[index];
      if (marginal.kind !== 'categorical') {
        throw new SampleForgeError('E_USAGE', `condition on numeric column "${name}": only categorical columns can be fixed`, { details: { column: name } });
      }
      const interval = intervalOf(marginal, value);
      if (interval === undefined) {
        const seen = marginal.categories.map((category) => JSON.stringify(category)).join(', ');
        throw new SampleForgeError('E_USAGE', `condition ${name} = ${JSON.stringify(value)}: value never seen in the training rows (seen: ${seen})`, {
          details: { column: name, value },
        });
      }
      return { index, name, value, interval };
    },
    draw(draw, fixed) {
      const z = new Float64Array(d);
      if (fixed === undefined) {
        const epsilon = Float64Array.from({ length: d }, () => draw.normal());
        for (let i = 0; i < d; i++) {
          let sum = 0;
          for (let k = 0; k <= i; k++) sum += lower[i * d + k] * epsilon[k];
          z[i] = sum;
        }
        return decode(z, draw);
      }
      // Exact: the fixed column's score is a standard normal truncated to its category's interval,
      // and the other scores are normal given it.
      let conditional = conditionals.get(fixed.index);
      if (conditional === undefined) {
        conditional = conditionalOn(correlation, d, fixed.index);
        conditionals.set(fixed.index, conditional);
      }
      const [low, high] = fixed.interval;
      z[fixed.index] = normalQuantile(low + draw.float() * (high - low));
      const m = conditional.others.length;
      const epsilon = Float64Array.from({ length: m }, () => draw.normal());
      for (let a = 0; a < m; a++) {
        let sum = conditional.weights[a] * z[fixed.index];
        for (let k = 0; k <= a; k++) sum += conditional.lower[a * m + k] * epsilon[k];
        z[conditional.others[a]] = sum;
      }
      const row = decode(z, draw);
      row[fixed.name] = fixed.value;
      return row;
    },
  };
}
