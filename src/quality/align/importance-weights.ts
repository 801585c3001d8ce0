/** Importance weights for synthetic samples from a real-vs-synthetic classifier. */
import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import { classifierTwoSampleTest } from '../shift/classifier-two-sample-test.js';
import { createFeatureEncoder, type FieldSpec, type ShiftRecord } from '../shift/shift-features.js';

/** Options of {@link importanceWeights}. */
export interface ImportanceWeightOptions {
  realCount: number;
  syntheticCount: number;
  /** Lower clip, before normalising. Default 0.1. */
  min?: number;
  /** Upper clip, before normalising. Default 10. */
  max?: number;
}

/**
 * Density-ratio weights w = p / (1 - p) * n_syn / n_real from each synthetic sample's P(real | x),
 * clipped to [min, max] and normalised to mean 1; pass them to trainers as sample weights.
 * Bickel, Brueckner and Scheffer, "Discriminative Learning Under Covariate Shift", JMLR 2009.
 */
export function importanceWeights(probabilityOfReal: readonly number[], options: ImportanceWeightOptions): number[] {
  const min = options.min ?? 0.1;
  const max = options.max ?? 10;
  if (!(min > 0 && min <= max)) throw new SampleForgeError('E_CONFIG', `align.importanceWeights: need 0 < min <= max, got min ${min}, max ${max}`);
  if (probabilityOfReal.length === 0) return [];
  const prior = options.syntheticCount / Math.max(1, options.realCount);
  const clipped = probabilityOfReal.map((p) => {
    const bounded = Math.min(1 - 1e-9, Math.max(1e-9, p));
    return Math.min(max, Math.max(min, (bounded / (1 - bounded)) * prior));
  });
  const mean = clipped.reduce((total, weight) => total + weight, 0) / clipped.length;
  return clipped.map((weight) => weight / mean);
}

/** Options of {@link computeImportanceWeights}: the fields to encode, the fold seed, the clip range. */
export interface ComputeImportanceWeightOptions {
  fields: readonly FieldSpec[];
  rng: Rng;
  folds?: number;
  steps?: number;
  min?: number;
  max?: number;
}

/** Trains the cross-validated real-vs-synthetic classifier and returns one weight per synthetic record (out-of-fold). */
export function computeImportanceWeights(real: readonly ShiftRecord[], synthetic: readonly ShiftRecord[], options: ComputeImportanceWeightOptions): { weights: number[]; auc: number } {
  const encoder = createFeatureEncoder(options.fields, [...real, ...synthetic]);
  const result = classifierTwoSampleTest(real.map(encoder.encode), synthetic.map(encoder.encode), { rng: options.rng, folds: options.folds, steps: options.steps });
  const weights = importanceWeights(result.syntheticProbabilityOfReal, { realCount: real.length, syntheticCount: synthetic.length, min: options.min, max: options.max });
  return { weights, auc: result.auc };
}

/** Options of {@link alignmentWeights}. */
export interface AlignmentWeightOptions extends ComputeImportanceWeightOptions {
  /** Real rows given to the classifier at most (a seeded subsample; every synthetic row is scored). Default 20,000. */
  maxRealSamples?: number;
}

/** Importance weights of the synthetic records an alignment kept, and a draw of them by weight. */
export interface AlignmentWeights {
  /** One weight per synthetic record (0 where `copies` is 0), mean 1 over the kept multiset. */
  weights: Float64Array;
  /** Out-of-fold AUC of the real-vs-synthetic classifier behind the weights. */
  auc: number;
  /**
   * Indices of a seeded systematic draw of `sum(copies)` records with probability proportional to
   * copies x weight: the multiset a weighted trainer effectively sees, for measuring the shift left.
   */
  drawn: number[];
}

/**
 * Importance weights for the aligned multiset: the classifier separates `real` from the synthetic
 * records with `copies[i] > 0` (each once; repeats would leak across its folds), every kept record
 * gets its clipped density ratio, and the weights are normalised to mean 1 over the multiset (a
 * record drawn twice counts twice). Records left out (copies 0) get weight 0.
 */
export function alignmentWeights(real: readonly ShiftRecord[], synthetic: readonly ShiftRecord[], copies: ArrayLike<number>, options: AlignmentWeightOptions): AlignmentWeights {
  const kept: number[] = [];
  for (let i = 0; i < synthetic.length; i++) if (copies[i] > 0) kept.push(i);
  const weights = new Float64Array(synthetic.length);
  const folds = options.folds ?? 5;
  if (kept.length < folds || real.length < folds) {
    for (const index of kept) weights[index] = 1;
    return { weights, auc: 0.5, drawn: drawByMass(kept.map((index) => copies[index]), kept, options.rng.fork('draw')) };
  }
  const maxReal = options.maxRealSamples ?? 20_000;
  const realRows = real.length <= maxReal ? real : options.rng.fork('real-subsample').sample(real.length, maxReal).map((index) => real[index]);
  const { weights: raw, auc } = computeImportanceWeights(
    realRows,
    kept.map((index) => synthetic[index]),
    { ...options, rng: options.rng.fork('classifier') },
  );
  let mass = 0;
  let count = 0;
  kept.forEach((index, position) => {
    mass += raw[position] * copies[index];
    count += copies[index];
  });
  const scale = mass > 0 ? count / mass : 1;
  kept.forEach((index, position) => {
    weights[index] = raw[position] * scale;
  });
  return { weights, auc, drawn: drawByMass(kept.map((index) => copies[index] * weights[index]), kept, options.rng.fork('draw'), count) };
}

/** Systematic sampling: `size` (default round(total mass)) draws of `ids`, each in proportion to its mass. */
function drawByMass(mass: readonly number[], ids: readonly number[], rng: Rng, size = Math.round(mass.reduce((total, value) => total + value, 0))): number[] {
  const total = mass.reduce((sum, value) => sum + value, 0);
  if (size <= 0 || total <= 0) return [];
  const step = total / size;
  let next = rng.float() * step;
  let cumulative = 0;
  const drawn: number[] = [];
  for (let i = 0; i < mass.length && drawn.length < size; i++) {
    cumulative += mass[i];
    while (next < cumulative && drawn.length < size) {
      drawn.push(ids[i]);
      next += step;
    }
  }
  return drawn;
}
