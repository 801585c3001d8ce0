/**
 * Similarity bounds to the parent: a sample almost identical to its parent adds nothing, one too
 * different may have changed meaning. Similarity is Jaccard or cosine over character n-grams.
 */
import type { TextSample } from '../../types.js';
import { charShingles, cosine, jaccard } from './char-shingles.js';
import { indexById, recordVerdict, type FilterOutcome, type SampleFilter } from './sample-filter.js';

/** Options of {@link similarityBoundsFilter}. */
export interface SimilarityBoundsOptions {
  name?: string;
  /** Lowest similarity kept; default 0.3. */
  min?: number;
  /** Highest similarity kept; default 0.95. */
  max?: number;
  /** `jaccard` (default) or `cosine` of character n-gram sets. */
  measure?: 'jaccard' | 'cosine';
  /** Character n-gram length; default 3. */
  ngram?: number;
}

/** Keeps samples whose similarity to their closest parent lies in [min, max]; samples without a known parent are kept with a reason. */
export function similarityBoundsFilter(options: SimilarityBoundsOptions = {}): SampleFilter<TextSample> {
  const name = options.name ?? 'filter/similarity-bounds';
  const min = options.min ?? 0.3;
  const max = options.max ?? 0.95;
  const measure = options.measure ?? 'jaccard';
  const ngram = options.ngram ?? 3;
  const similarity = measure === 'cosine' ? cosine : jaccard;
  return {
    name,
    async apply(samples, context) {
      const parents = indexById(context.real);
      const shingleCache = new Map<string, Uint32Array>();
      const outcome: FilterOutcome<TextSample> = { kept: [], dropped: [] };
      for (const sample of samples) {
        const own = charShingles(sample.sample.text, ngram);
        let best = -1;
        let bestParent = '';
        for (const parentId of sample.lineage.parentIds) {
          const parent = parents.get(parentId);
          if (parent === undefined) continue;
          let shingles = shingleCache.get(parentId);
          if (shingles === undefined) {
            shingles = charShingles(parent.text, ngram);
            shingleCache.set(parentId, shingles);
          }
          const score = similarity(own, shingles);
          if (score > best) {
            best = score;
            bestParent = parentId;
          }
        }
        const score = Number(best.toFixed(4));
        if (best < 0) recordVerdict(sample, { filter: name, kept: true, reason: 'no parent among the real samples; not checked' }, outcome);
        else if (best > max) recordVerdict(sample, { filter: name, kept: false, reason: `too close to parent ${bestParent} (${measure} ${score} > max ${max})`, score: best }, outcome);
        else if (best < min) recordVerdict(sample, { filter: name, kept: false, reason: `too far from parent ${bestParent} (${measure} ${score} < min ${min})`, score: best }, outcome);
        else recordVerdict(sample, { filter: name, kept: true, score: best }, outcome);
      }
      return outcome;
    },
  };
}
