import { createRng } from '../../internal/rng.js';
import { countItems, createPopularityNegativeSampler, createUniformNegativeSampler } from '../../augment/sequence/negative-samplers.js';
import type { LeaveOneOutData } from '../../models/recommender.js';

/** Options of {@link sampleEvaluationNegatives}. */
export interface SampledNegativesOptions {
  /** Negatives per user; default 99 (S3-Rec). */
  negatives?: number;
  /** `uniform` (default) or `popularity` (proportional to training counts, alias method). */
  sampler?: 'uniform' | 'popularity';
  /** Default 0. */
  seed?: number;
}

/**
 * Candidate negatives per user for the sampled protocol: items the user never interacted with in
 * train, validation or test (as S3-Rec's `*_sample.txt` files), drawn with a seeded sampler. The
 * same seed and data give the same candidates, so baseline and augmented runs are ranked alike.
 */
export function sampleEvaluationNegatives(data: LeaveOneOutData, options: SampledNegativesOptions = {}): Int32Array[] {
  const count = options.negatives ?? 99;
  const sampler =
    options.sampler === 'popularity' ? createPopularityNegativeSampler(countItems(data.train, data.numItems)) : createUniformNegativeSampler(data.numItems);
  const rng = createRng(options.seed ?? 0).fork('evaluation-negatives');
  return data.train.map((train, user) => {
    const known = Array.from(train);
    if (data.validTarget[user] > 0) known.push(data.validTarget[user]);
    if (data.testTarget[user] > 0) known.push(data.testTarget[user]);
    return sampler.sample(known, count, rng);
  });
}
