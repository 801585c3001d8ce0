/** Drops synthetic samples whose normalised text equals a real sample or an earlier kept synthetic one. */
import type { TextSample } from '../../types.js';
import { normalizeForComparison, recordVerdict, type FilterOutcome, type SampleFilter } from './sample-filter.js';

/** Exact-duplicate removal (case and whitespace ignored); the reason names the matched sample's id. */
export function exactDuplicateFilter(options: { name?: string; compareWithReal?: boolean } = {}): SampleFilter<TextSample> {
  const name = options.name ?? 'filter/exact-duplicate';
  return {
    name,
    async apply(samples, context) {
      const seen = new Map<string, string>();
      if (options.compareWithReal !== false) for (const real of context.real) seen.set(normalizeForComparison(real.text), real.id);
      const outcome: FilterOutcome<TextSample> = { kept: [], dropped: [] };
      for (const sample of samples) {
        const key = normalizeForComparison(sample.sample.text);
        const match = seen.get(key);
        if (match !== undefined) {
          recordVerdict(sample, { filter: name, kept: false, reason: `exact duplicate of ${match}`, score: 1 }, outcome);
        } else {
          seen.set(key, sample.id);
          recordVerdict(sample, { filter: name, kept: true }, outcome);
        }
      }
      return outcome;
    },
  };
}
