/**
 * The `align` section (measure and correct the shift between real and synthetic data) and the
 * `leakage` section (keep validation and test data out of the synthetic set). Every default is here.
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1);

/** When a measured shift counts as flagged; each threshold is checked on its own metric. */
export const shiftThresholdsSchema = z
  .object({
    jsd: probability.default(0.05).describe('flag a categorical field when its Jensen-Shannon divergence (bits, in [0, 1]) exceeds this'),
    ksStatistic: probability.default(0.1).describe('flag a numeric field when the Kolmogorov-Smirnov statistic exceeds this and its p-value is below ksPValue'),
    ksPValue: probability.default(0.01).describe('significance level that goes with ksStatistic'),
    wassersteinNormalized: z.number().min(0).default(0.25).describe('flag a numeric field when Wasserstein-1 divided by the real standard deviation exceeds this'),
    unigramJsd: probability.default(0.15).describe('flag a text field when the Jensen-Shannon divergence of its word unigrams exceeds this'),
    oovRate: probability.default(0.3).describe('flag a text field when this share of synthetic tokens never occurs in the real texts'),
    mmd2: z.number().min(0).default(0.02).describe('flag embeddings when the unbiased MMD^2 (RBF kernel, median bandwidth) exceeds this'),
    c2stAuc: z.number().min(0.5).max(1).default(0.6).describe('flag the data set when the real-vs-synthetic classifier AUC exceeds this (0.5 = indistinguishable)'),
  })
  .strict();

/** Validated shift thresholds (defaults filled in). */
export type ShiftThresholds = z.output<typeof shiftThresholdsSchema>;

const resampleSchema = z
  .object({
    enabled: z.boolean().default(false).describe('resample the synthetic set, stratified, toward the real distribution of `fields`'),
    fields: z.array(z.string().min(1)).default([]).describe('fields whose joint distribution is matched; empty = the fields the shift check flagged'),
    bins: z.number().int().min(2).max(100).default(10).describe('quantile bins of the real values used as strata for numeric fields'),
    smoothing: z.number().min(0).default(0).describe('pseudo-counts of the synthetic distribution added to the real counts per stratum (a prior for thin real data, e.g. k-shot sets); 0 = match the real histogram as it is'),
    target: z.record(z.string(), z.number().min(0)).optional().describe('a target distribution (value -> weight) for a single field, instead of the real one'),
    size: z.union([z.literal('same'), z.number().int().positive()]).default('same').describe("synthetic samples after resampling; 'same' keeps the count"),
  })
  .strict();

const importanceWeightsSchema = z
  .object({
    enabled: z.boolean().default(false).describe('pass w = p/(1-p) * n_syn/n_real from the real-vs-synthetic classifier to trainers as sample weights'),
    min: z.number().positive().default(0.1).describe('lower clip of a weight, before normalising to mean 1'),
    max: z.number().positive().default(10).describe('upper clip of a weight, before normalising to mean 1'),
  })
  .strict()
  .refine((value) => value.min <= value.max, { message: 'importanceWeights.min must not exceed importanceWeights.max', path: ['min'] });

const ratioCapsSchema = z
  .object({
    classField: z.string().min(1).default('label').describe('field holding the class of a sample'),
    perClass: z.number().min(0).nullable().default(null).describe('at most this many synthetic samples per real sample of the same class; null = no cap'),
    perSlice: z.record(z.string(), z.number().min(0)).default({}).describe('slice field -> the same cap within each value of that field'),
  })
  .strict();

const budgetSchema = z
  .object({
    enabled: z.boolean().default(false).describe('request more synthetic samples where real data is thinnest. Intent runs: per training set and step, each label\'s quota is spread over its real texts (floor each, the remainder to a seeded subset) and replaces the steps\' outputsPerInput, utterancesPerIntent and the sizes\' maxOutputsPerInput'),
    sliceField: z.string().min(1).default('label').describe('field whose values are the budget slices (class, item popularity bucket, history length bucket); intent runs: label only'),
    total: z.number().int().min(0).default(10_000).describe('synthetic samples to request in all; intent runs: per augment step and training set (size x seed), before filters'),
    power: z.number().min(0).default(1).describe('share of a slice is proportional to 1 / (real count + 1)^power; 0 = even split'),
    minPerSlice: z.number().int().min(0).default(0).describe('every slice gets at least this many (when the total allows)'),
    maxRatio: z.number().positive().nullable().default(null).describe('no slice gets more than this many per real sample (at least 1 real counted); null = no cap'),
  })
  .strict();

/** The `align` config section. */
export const alignConfigSchema = z
  .object({
    fields: z.record(z.string(), z.enum(['categorical', 'numeric', 'text'])).default({}).describe('fields to compare and how; empty = inferred from the values'),
    slices: z.array(z.string().min(1)).default([]).describe('fields that define slices (category, label, user activity bucket, item popularity bucket)'),
    minSliceSize: z.number().int().min(2).default(30).describe('a slice value is measured only with at least this many rows on each side'),
    thresholds: shiftThresholdsSchema.default(shiftThresholdsSchema.parse({})).describe('when a shift counts as flagged'),
    classifier: z
      .object({
        folds: z.number().int().min(2).max(20).default(5).describe('cross-validation folds of the real-vs-synthetic classifier'),
        steps: z.number().int().min(10).default(300).describe('full-batch optimisation steps of the logistic regression'),
        maxSamples: z.number().int().min(10).default(5000).describe('rows per side, seeded subsample, for the classifier test'),
      })
      .strict()
      .default({ folds: 5, steps: 300, maxSamples: 5000 })
      .describe('the classifier two-sample test'),
    mmdMaxSamples: z.number().int().min(2).default(1000).describe('embedding rows per side, seeded subsample, for MMD (cost is quadratic)'),
    designedShifts: z
      .enum(['keep', 'correct'])
      .default('keep')
      .describe(
        "shifts an augmenter makes on purpose (recommendation runs: sequence length for crop, mask, insert, random and the expansions): keep = measured and reported but left out of the fields resampling picks by itself and of the importance weights' classifier (name a field in resample.fields to correct it anyway); correct = treated like any other shift",
      ),
    resample: resampleSchema.default(resampleSchema.parse({})).describe('stratified resampling of the synthetic set'),
    importanceWeights: importanceWeightsSchema.default({ enabled: false, min: 0.1, max: 10 }).describe('classifier-based sample weights'),
    ratioCaps: ratioCapsSchema.default(ratioCapsSchema.parse({})).describe('caps on synthetic-to-real ratios'),
    budget: budgetSchema.default(budgetSchema.parse({})).describe('targeted generation budgets per slice'),
  })
  .strict();

/** The validated `align` section. */
export type AlignConfig = z.output<typeof alignConfigSchema>;

/** Split names treated as held out when the config does not list them. */
export const DEFAULT_HELD_OUT_SPLITS: readonly string[] = Object.freeze(['valid', 'validation', 'val', 'dev', 'test']);

/** The `leakage` config section. */
export const leakageConfigSchema = z
  .object({
    nearDuplicateThreshold: probability.default(0.8).describe('a synthetic sample whose character-shingle Jaccard with a held-out sample reaches this is removed'),
    shingleSize: z.number().int().min(1).max(20).default(5).describe('characters per shingle for near-duplicate detection'),
    hashes: z.number().int().min(16).max(1024).default(128).describe('MinHash functions (a multiple of bands)'),
    bands: z.number().int().min(1).max(256).default(32).describe('LSH bands; candidates share at least one band of hashes/bands rows'),
    heldOutSplits: z.array(z.string().min(1)).default([...DEFAULT_HELD_OUT_SPLITS]).describe('split names never augmented and never matched by synthetic samples'),
    failOnConfig: z.boolean().default(true).describe('fail the run (E_LEAKAGE) when the config would augment a held-out split'),
  })
  .strict()
  .refine((value) => value.hashes % value.bands === 0, { message: 'leakage.hashes must be a multiple of leakage.bands', path: ['hashes'] });

/** The validated `leakage` section. */
export type LeakageConfig = z.output<typeof leakageConfigSchema>;
