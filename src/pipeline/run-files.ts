/** Names of the files stages write that later stages and the run's metrics read, for every task. */

/** The train stage's results: `{ variants: VariantResult[], comparisons: Comparison[] }`. */
export const VARIANTS_FILE = 'variants.json';

/** The augment stage's shift of synthetic against real samples: `{ before, after?, ... }`. */
export const SHIFT_FILE = 'shift.json';

/** The recommendation train stage's record of `train.itemFeatures` (blocks, widths, learned weights): an `ItemFeaturesRecord`. */
export const ITEM_FEATURES_FILE = 'item-features.json';
/** In the run directory: what the run's LLM calls used so far, over all attempts: `{ totals }`. */
export const LLM_USAGE_FILE = 'llm-usage.json';

/** The tables stage's quality of each synthetic table, by entry name: `Record<string, TableQualityMetrics>`, the run's `metrics.tableQuality`. */
export const TABLE_QUALITY_FILE = 'table-quality.json';
