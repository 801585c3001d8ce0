/**
 * Gaussian-copula synthesis of feature tables: per-column marginals, the correlation of the normal
 * scores, seeded sampling, conditional sampling on categorical columns, optional strata (one copula
 * per value of a categorical column, for dependencies a single copula cannot bend to), and refusal
 * of rows that copy a training row. After SDV's GaussianCopula (Patki et al., "The Synthetic Data
 * Vault", DSAA 2016), written here from the paper.
 */
import { SampleForgeError } from '../../errors.js';
import { createRng, type Rng } from '../../internal/rng.js';
import type { AugmentContext, Augmenter } from '../../types.js';
import { fitCopulaCore, type CopulaCore, type FixedColumn } from './copula-core.js';
import { fromUniform, type CategoricalMarginal, type Marginal } from './marginals.js';
import { drawTabularRows, inferColumns, tabularRowKey, type TabularColumn, type TabularRow, type TabularValue, type TabularSample, type TabularSampleOptions } from './tabular.js';

export const GAUSSIAN_COPULA_NAME = 'generative/gaussian-copula';

export interface GaussianCopulaFitOptions {
  /** Columns to model; inferred from the rows when absent. */
  columns?: TabularColumn[];
  /** Seed of the randomised transform that spreads ties; default 0. */
  seed?: number;
  /** Ignore correlations and sample each column on its own (the independent-marginals baseline). */
  independent?: boolean;
  /** Id of the source table, recorded as the parent of every sampled row. */
  sourceId?: string;
  /**
   * A categorical column to stratify by: its value is drawn from its frequencies, the other columns
   * from a copula fitted on that value's rows. Values with fewer than `minStratumRows` rows use the
   * pooled copula conditioned on the value. Default: no strata.
   */
  stratifyBy?: string;
  /** Rows a stratum needs for a copula of its own; default 20. */
  minStratumRows?: number;
  /**
   * Smooth numeric marginals with a Gaussian kernel of this many Silverman bandwidths (a smoothed
   * bootstrap), so small tables and strata give values between the observed ones; default 0.
   */
  smoothing?: number;
}

/** Sample options (`idPrefix` default `gc`). */
export type GaussianCopulaSampleOptions = TabularSampleOptions;

export type GaussianCopulaSample = TabularSample;

export interface GaussianCopulaModel {
  readonly columns: readonly TabularColumn[];
  readonly marginals: readonly Marginal[];
  /** Correlation of the normal scores of the pooled copula, `columns.length` squared, row-major. */
  readonly correlation: Float64Array;
  /** Values of `stratifyBy` that have a copula of their own. */
  readonly strata: readonly TabularValue[];
  sample(count: number, context: Pick<AugmentContext, 'rng' | 'seed'>, options?: GaussianCopulaSampleOptions): GaussianCopulaSample;
}

/** Fits a Gaussian copula (optionally one per stratum) to `rows`; throws on an empty table. */
export function fitGaussianCopula(rows: readonly TabularRow[], options: GaussianCopulaFitOptions = {}): GaussianCopulaModel {
  if (rows.length === 0) throw new SampleForgeError('E_DATA', 'fitGaussianCopula: the table is empty; pass at least one row');
  const columns = options.columns ?? inferColumns(rows);
  const independent = options.independent === true;
  const rng = createRng(options.seed ?? 0);
  const coreOptions = { independent, smoothing: options.smoothing ?? 0 };
  const pooled = fitCopulaCore(rows, columns, rng.fork('pooled'), coreOptions);
  const stratumIndex = options.stratifyBy === undefined ? -1 : columns.findIndex((column) => column.name === options.stratifyBy);
  if (options.stratifyBy !== undefined && (stratumIndex < 0 || columns[stratumIndex].kind !== 'categorical')) {
    throw new SampleForgeError('E_USAGE', `stratifyBy: "${options.stratifyBy}" is not a categorical column (columns: ${columns.map((column) => `${column.name} (${column.kind})`).join(', ')})`, {
      details: { stratifyBy: options.stratifyBy },
    });
  }
  const strata = new Map<string, CopulaCore>();
  if (stratumIndex >= 0) {
    const name = columns[stratumIndex].name;
    const others = columns.filter((_, index) => index !== stratumIndex);
    const groups = new Map<string, TabularRow[]>();
    for (const row of rows) {
      const key = JSON.stringify(row[name] ?? null);
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [row]);
      else group.push(row);
    }
    for (const [key, group] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      if (group.length >= (options.minStratumRows ?? 20)) strata.set(key, fitCopulaCore(group, others, rng.fork(`stratum:${key}`), coreOptions));
    }
  }
  const realKeys = new Set(rows.map((row) => tabularRowKey(columns, row)));
  const parentIds = options.sourceId === undefined ? [] : [options.sourceId];

  /** One row meeting the first condition exactly (the others are checked by the caller). */
  const drawOne = (draw: Rng, fixed: FixedColumn | undefined, stratum: TabularValue): TabularRow => {
    if (stratumIndex < 0) return pooled.draw(draw, fixed);
    const name = columns[stratumIndex].name;
    const value = stratum;
    const core = strata.get(JSON.stringify(value ?? null));
    if (core === undefined) return pooled.draw(draw, pooled.fix(name, value));
    return { ...core.draw(draw), [name]: value };
  };

  // Strata are dealt in exact proportion to their frequencies (largest remainder, shuffled), so a
  // sample's stratum counts carry no multinomial noise; a condition on the stratum column wins.
  const createStratumSchedule = (count: number, draw: Rng, conditions: Record<string, TabularValue>): ((slot: number) => TabularValue) => {
    if (stratumIndex < 0) return () => null;
    const name = columns[stratumIndex].name;
    if (name in conditions) return () => conditions[name];
    const marginal = pooled.marginals[stratumIndex] as CategoricalMarginal;
    const shares = marginal.categories.map((_, k) => marginal.ends[k] - (k === 0 ? 0 : marginal.ends[k - 1]));
    const exact = shares.map((share) => share * count);
    const counts = exact.map(Math.floor);
    const order = exact.map((value, k) => ({ k, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.k - b.k);
    for (let missing = count - counts.reduce((a, b) => a + b, 0), i = 0; missing > 0; missing--, i++) counts[order[i % order.length].k]++;
    const schedule = draw.shuffle(counts.flatMap((n, k) => Array.from({ length: n }, () => marginal.categories[k])));
    return (slot) => schedule[slot] ?? fromUniform(marginal, draw.float());
  };

  return {
    columns,
    marginals: pooled.marginals,
    correlation: pooled.correlation,
    strata: [...strata.keys()].map((key) => JSON.parse(key) as TabularValue),
    sample(count, context, sampleOptions = {}) {
      const conditions = sampleOptions.conditions ?? {};
      const resolved = Object.entries(conditions).map(([name, value]) => pooled.fix(name, value));
      const exact = stratumIndex < 0 ? resolved[0] : undefined;
      const refuseCopies = sampleOptions.refuseCopies ?? true;
      const prefix = sampleOptions.idPrefix ?? 'gc';
      const stratumOf = createStratumSchedule(count, context.rng, conditions);
      const params: Record<string, unknown> = { independent, conditions, smoothing: coreOptions.smoothing, ...(options.stratifyBy === undefined ? {} : { stratifyBy: options.stratifyBy }) };
      return drawTabularRows({
        count,
        draw: (slot) => drawOne(context.rng, exact, stratumOf(slot)),
        outsideConditions: (row) => resolved.some((condition) => row[condition.name] !== condition.value),
        realKeys: refuseCopies ? realKeys : undefined,
        columns,
        emit: (row, index) => {
          const ordered: TabularRow = {};
          for (const column of columns) ordered[column.name] = row[column.name] ?? null;
          return {
            id: `${prefix}-${context.seed}-${index}`,
            sample: ordered,
            lineage: {
              parentIds,
              augmenter: GAUSSIAN_COPULA_NAME,
              params,
              seed: context.seed,
              verdicts: refuseCopies ? [{ filter: 'copy-refusal', kept: true, reason: 'differs from every training row' }] : [],
            },
          };
        },
      });
    },
  };
}

export interface GaussianCopulaAugmenterOptions extends Omit<GaussianCopulaFitOptions, 'seed'>, GaussianCopulaSampleOptions {
  /** Rows to sample per input row; default 1. */
  ratio?: number;
}

/** An augmenter that fits a Gaussian copula on its input batch and samples `ratio` times as many rows. */
export function gaussianCopulaAugmenter(options: GaussianCopulaAugmenterOptions = {}): Augmenter<TabularRow> {
  return {
    name: GAUSSIAN_COPULA_NAME,
    async augment(samples, context) {
      if (samples.length === 0) return [];
      const model = fitGaussianCopula(samples, { ...options, seed: context.seed });
      return model.sample(Math.round(samples.length * (options.ratio ?? 1)), context, options).rows;
    },
  };
}
