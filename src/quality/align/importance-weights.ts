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
