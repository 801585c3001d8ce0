/**
 * The core records of DESIGN.md and the lineage every synthetic record carries.
 */

/** A catalog item. `category` is a path from the root, e.g. `['beauty', 'skin care', 'serum']`. */
export interface Item {
  itemId: string;
  title: string;
  category: string[];
  attributes: Record<string, string>;
  imagePath?: string;
  price?: number;
}

export type InteractionEvent = 'view' | 'click' | 'cart' | 'purchase' | 'rating';

export const INTERACTION_EVENTS: readonly InteractionEvent[] = Object.freeze(['view', 'click', 'cart', 'purchase', 'rating']);

/** One user-item event. `timestamp` is milliseconds since the Unix epoch. */
export interface Interaction {
  userId: string;
  itemId: string;
  event: InteractionEvent;
  /** Rating, quantity or any event weight; 1 when the log has none. */
  value: number;
  timestamp: number;
  query?: string;
  dwellMs?: number;
  sessionId?: string;
}

/** A labelled (or unlabelled, `label` absent) piece of text: a query, an utterance, a review. */
export interface TextSample {
  id: string;
  text: string;
  label?: string;
  language: 'en' | 'zh' | string;
}

/** A user's chronologically ordered item ids; the unit of sequential recommendation. */
export interface Sequence {
  userId: string;
  items: string[];
}

/** Token and cache accounting of one LLM call, recorded on the samples it produced. */
export interface LlmLineage {
  provider: string;
  model: string;
  promptId: string;
  promptVersion: string;
  promptHash: string;
  tokensIn: number;
  tokensOut: number;
  cacheHit: boolean;
  costUsd?: number;
}

/** A filter's decision on one synthetic sample. */
export interface FilterVerdict {
  filter: string;
  kept: boolean;
  reason?: string;
  score?: number;
}

/**
 * Where a synthetic record came from. Every synthetic record carries one; a user can answer
 * "where did this sample come from, and why was it kept or dropped?" for every row.
 */
export interface Lineage {
  parentIds: string[];
  augmenter: string;
  params: Record<string, unknown>;
  seed: number;
  llm?: LlmLineage;
  verdicts: FilterVerdict[];
}

/** A synthetic record with its lineage. */
export interface Augmented<T> {
  id: string;
  sample: T;
  lineage: Lineage;
}

/** What an augmenter may use besides its input: the seeded randomness and a way to stop. */
export interface AugmentContext {
  /** The only source of randomness an augmenter may use (STYLE.md). */
  rng: import('./internal/rng.js').Rng;
  /** The seed `rng` was created from; recorded on every output's lineage. */
  seed: number;
  /** Stops long work (LLM calls, big batches) early. */
  signal?: AbortSignal;
  /**
   * Outputs wanted per input, aligned with the `samples` given to `augment` (targeted generation:
   * `align.budget` asks for more where real data is thinnest; 0 = none for that input). Absent = the
   * augmenter's own count. Augmenters that honour it say so in their docs.
   */
  outputsPerInput?: readonly number[];
}

/**
 * Batch in, batch out, one type. A factory closes over its resource and options; the same seed
 * gives the same outputs on any machine and in any worker.
 */
export interface Augmenter<T> {
  /** Registry key, e.g. `sequence/crop`, `text/eda-swap`, `llm/paraphrase`. */
  readonly name: string;
  augment(samples: readonly T[], context: AugmentContext): Promise<Augmented<T>[]>;
}

/** Mean and spread of one metric over seeds. `values[i]` belongs to `seeds[i]` of its variant. */
export interface MetricSummary {
  mean: number;
  /** Sample standard deviation over seeds (n - 1); 0 for a single seed. */
  std: number;
  values: number[];
}

/** One trained configuration (baseline, augmented, an ablation), repeated over seeds. */
export interface VariantResult {
  name: string;
  /** Augmenter names applied, in order; empty for the baseline. */
  augmenters: string[];
  seeds: number[];
  /** `metrics[split][metric]`, e.g. `metrics.test['ndcg@10']`. */
  metrics: Record<string, Record<string, MetricSummary>>;
  /** `slices[sliceName][metric]` on the test split, e.g. `slices['short-history']['ndcg@10']`. */
  slices?: Record<string, Record<string, MetricSummary>>;
  /** Per seed and epoch: training loss and validation metric. */
  curves?: { seed: number; epoch: number; loss: number; valid?: number }[];
  /** Number of training samples (real + synthetic) and of synthetic ones. */
  trainSamples?: number;
  syntheticSamples?: number;
  trainSeconds?: number;
}

/** A variant set against the baseline of the same run on one metric, with a paired test over seeds. */
export interface Comparison {
  baseline: string;
  variant: string;
  metric: string;
  split: string;
  baselineMean: number;
  variantMean: number;
  /** variantMean - baselineMean. */
  lift: number;
  /** lift / baselineMean. */
  relativeLift: number;
  /** Name of the test, e.g. `paired t` or `wilcoxon signed-rank`. */
  test: string;
  pValue: number;
}

/** The shape of `metrics.json` in a run directory; the report reads only this and the samples. */
export interface RunMetrics {
  runId: string;
  task: 'recommendation' | 'search' | 'intent' | string;
  /** The metric that decides "did augmentation help", e.g. `ndcg@10` or `accuracy`. */
  primaryMetric: string;
  variants: VariantResult[];
  comparisons: Comparison[];
  /** Counts of records by stage and reason, e.g. `counts.clean['k-core']`. */
  counts?: Record<string, Record<string, number>>;
  /** Distribution shift before and after alignment (issue 6). */
  shift?: Record<string, unknown>;
  /** LLM cost accounting. */
  cost?: { requests: number; cacheHits: number; tokensIn: number; tokensOut: number; usd?: number };
  /** Samples per second by stage. */
  throughput?: Record<string, number>;
  /** Item feature blocks fused into the model (`train.itemFeatures`): fusion, width, each block's width and facts, learned weights. */
  itemFeatures?: Record<string, unknown>;
  /** Quality of each synthetic table of the `tables` config, by entry name (e.g. `items/copula`). */
  tableQuality?: Record<string, TableQualityMetrics>;
  /** Per aligned variant: keep or drop alignment, decided on validation against its augmented partner (issue 6). */
  alignment?: AlignmentVerdict[];
  /** Targeted generation (`align.budget`): per step and slice, real amount, requested, produced (and kept, intent runs; summed over seeds). */
  budget?: { sliceField: string; rows: BudgetRow[] };
}

/** One step x slice of a targeted-generation budget. */
export interface BudgetRow {
  step: string;
  /** Intent runs: the training size. */
  size?: string;
  slice: string;
  /** Real amount of the slice: texts (intent) or training interactions (recommendation). */
  real: number;
  requested: number;
  produced: number;
  /** Intent runs: what the filters kept. */
  kept?: number;
}

/** What validation says about one aligned variant. */
export interface AlignmentVerdict {
  aligned: string;
  augmented: string;
  metric: string;
  split: 'valid';
  augmentedMean: number;
  alignedMean: number;
  /** The larger sample standard deviation over seeds of the two variants. */
  spread: number;
  verdict: 'keep' | 'drop';
  reason: string;
}

/** Min, 5th percentile and median of a set of distances. */
export interface DistanceSummary {
  min: number;
  p05: number;
  median: number;
}

/**
 * The quality of one synthetic table against its real source (issue 8): per-column shapes, pair
 * trends, the held-out AUC of a real-vs-synthetic classifier, copies of real rows, and the distance
 * to the closest real record (Gower), with the bars each score is judged against.
 */
export interface TableQualityMetrics {
  /** `users` or `items`. */
  table: string;
  /** `copula`, `vae`, `gan` or `smote`. */
  synthesizer: string;
  /** Augmenter name in the samples' lineage, e.g. `generative/gaussian-copula`. */
  augmenter: string;
  /** The seed fitting and sampling used. */
  seed: number;
  /** DuckDB table the real rows came from (`items`, or `items_train` when the split splits items). */
  source: string;
  /** Run-relative path of the synthetic rows (Parquet). */
  file: string;
  /** The modelled columns. */
  columns: { name: string; kind: 'numeric' | 'categorical' }[];
  /** Columns of the table left out of the defaults, with the reason (empty when columns were listed). */
  skippedColumns: { column: string; reason: string }[];
  conditionOn?: string;
  conditions?: Record<string, string | number>;
  /** Categorical columns cut to their first N characters before modelling (e.g. `{ zip: 1 }`). */
  generalize?: Record<string, number>;
  /** Rows of the source table the synthesizer was fitted on (all of them; `conditions` only narrow what is sampled and scored). */
  realRows: number;
  /** Rows asked for (default: the real rows matching `conditions`); null for SMOTE, which grows thin classes to a target. */
  requestedRows: number | null;
  syntheticRows: number;
  /** Rows drawn equal to a real row and redrawn. */
  refusedCopies: number;
  /** Rows each side of the scores: real rows matching `conditions` (SMOTE: of the classes it grew) and synthetic rows, each a seeded sample when over `qualityRows`. */
  scoredRows: { real: number; synthetic: number };
  /** Mean per-column shape similarity in [0, 1] (1 - KS statistic or 1 - total variation distance). */
  columnShapes: number;
  /** Mean pair-trend similarity in [0, 1] (correlation or contingency similarity). */
  pairTrends: number;
  /** Held-out ROC AUC of a logistic real-vs-synthetic classifier; 0.5 = indistinguishable. */
  detectionAuc: number;
  /** Synthetic rows equal to a real row, over all rows (0 unless refusal failed). */
  copies: number;
  /**
   * The same three scores for a bootstrap resample of the scored real rows (every row a copy, so it is
   * no synthesizer): the ceiling that sampling noise alone leaves at this table size.
   */
  bootstrap: { columnShapes: number; pairTrends: number; detectionAuc: number };
  /** The bars: shapes and trends at least, AUC and copies at most. */
  bars: { columnShapes: number; pairTrends: number; detectionAuc: number; copies: number };
  passed: { columnShapes: boolean; pairTrends: boolean; detectionAuc: boolean; copies: boolean };
  shapes: { column: string; metric: string; score: number }[];
  pairs: { columns: [string, string]; metric: string; score: number; real?: number; synthetic?: number }[];
  detectionFolds: number[];
  /** Distance to the closest real record (Gower, in [0, 1]) of the scored synthetic rows, and of each scored real row to its nearest other real row. */
  privacy: { synthetic: DistanceSummary; realToReal: DistanceSummary };
  seconds: { synthesis: number; quality: number };
}
