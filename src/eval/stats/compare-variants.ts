import { SampleForgeError } from '../../errors.js';
import type { Comparison, VariantResult } from '../../types.js';
import { pairedTTest } from './paired-t-test.js';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

/** Options of {@link compareVariants}. */
export interface CompareVariantsOptions {
  /** Metrics to compare, e.g. `['ndcg@10', 'hr@10']`; default every metric both variants have. */
  metrics?: readonly string[];
  /** Splits to compare; default `['test']`. */
  splits?: readonly string[];
  /** Paired test; default `'paired t'`. */
  test?: 'paired t' | 'wilcoxon signed-rank';
}

/**
 * One `Comparison` per (split, metric) of `variant` against `baseline`, pairing values by seed (the
 * seeds both ran; at least one shared seed is required). `relativeLift` is NaN when the baseline
 * mean is 0. Metrics missing from either side are skipped.
 */
export function compareVariants(baseline: VariantResult, variant: VariantResult, options: CompareVariantsOptions = {}): Comparison[] {
  const splits = options.splits ?? ['test'];
  const testName = options.test ?? 'paired t';
  const shared = baseline.seeds.filter((seed) => variant.seeds.includes(seed));
  if (shared.length === 0) {
    throw new SampleForgeError(
      'E_DATA',
      `compareVariants: "${variant.name}" (seeds ${variant.seeds.join(', ')}) shares no seed with baseline "${baseline.name}" (seeds ${baseline.seeds.join(', ')}); run both with the same seeds`,
      { details: { baseline: baseline.name, variant: variant.name } },
    );
  }
  const comparisons: Comparison[] = [];
  for (const split of splits) {
    const baselineMetrics = baseline.metrics[split] ?? {};
    const variantMetrics = variant.metrics[split] ?? {};
    const metrics = options.metrics ?? Object.keys(baselineMetrics).filter((metric) => metric in variantMetrics);
    for (const metric of metrics) {
      const before = baselineMetrics[metric];
      const after = variantMetrics[metric];
      if (before === undefined || after === undefined) continue;
      const baselineValues = shared.map((seed) => before.values[baseline.seeds.indexOf(seed)]);
      const variantValues = shared.map((seed) => after.values[variant.seeds.indexOf(seed)]);
      const result = testName === 'paired t' ? pairedTTest(baselineValues, variantValues) : wilcoxonSignedRank(baselineValues, variantValues);
      const lift = after.mean - before.mean;
      comparisons.push({
        baseline: baseline.name,
        variant: variant.name,
        metric,
        split,
        baselineMean: before.mean,
        variantMean: after.mean,
        lift,
        relativeLift: before.mean === 0 ? Number.NaN : lift / before.mean,
        test: result.test,
        pValue: result.pValue,
      });
    }
  }
  return comparisons;
}
