/**
 * The shape every quality filter shares: synthetic samples in, kept and dropped out, each sample's
 * verdict (filter, kept, reason, score) appended to its lineage so dropped rows keep their reason.
 */
import type { Augmented, FilterVerdict, TextSample } from '../../types.js';

/** What a filter may compare against: the real samples (parents, training data). */
export interface FilterContext {
  /** Real samples; parents are found here by id. */
  real: readonly TextSample[];
  /** Seed for filters with randomness (MinHash). */
  seed: number;
}

/** Kept and dropped samples, both with this filter's verdict on their lineage. */
export interface FilterOutcome<T> {
  kept: Augmented<T>[];
  dropped: Augmented<T>[];
}

/** A quality filter over synthetic samples. */
export interface SampleFilter<T> {
  /** Registry key, e.g. `filter/near-duplicate`. */
  readonly name: string;
  apply(samples: readonly Augmented<T>[], context: FilterContext): Promise<FilterOutcome<T>>;
}

/** Appends `verdict` to the sample's lineage and sorts it into kept or dropped. */
export function recordVerdict<T>(sample: Augmented<T>, verdict: FilterVerdict, outcome: FilterOutcome<T>): void {
  sample.lineage.verdicts.push(verdict);
  (verdict.kept ? outcome.kept : outcome.dropped).push(sample);
}

/** Runs filters in order; each sees only what the previous kept. Dropped samples of all filters are returned. */
export async function applyFilters<T>(
  samples: readonly Augmented<T>[],
  filters: readonly SampleFilter<T>[],
  context: FilterContext,
): Promise<FilterOutcome<T>> {
  let kept = [...samples];
  const dropped: Augmented<T>[] = [];
  for (const filter of filters) {
    const outcome = await filter.apply(kept, context);
    kept = outcome.kept;
    dropped.push(...outcome.dropped);
  }
  return { kept, dropped };
}

/** Lowercased text with runs of whitespace collapsed, for duplicate comparison. */
export function normalizeForComparison(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The parent texts of `context.real` by id. */
export function indexById(real: readonly TextSample[]): Map<string, TextSample> {
  return new Map(real.map((sample) => [sample.id, sample]));
}
