/**
 * Trains and evaluates one text-classification variant (baseline, augmented, an ablation) over
 * seeds, giving the `VariantResult` that `compareVariants` pairs by seed.
 */
import type { ClassifierConfigInput } from '../../config/classifier.js';
import { trainTextClassifier, type LabelledText } from '../../models/text/text-classifier.js';
import type { VariantResult } from '../../types.js';
import { summarize } from '../stats/summarize.js';
import { classificationMetrics } from './classification-metrics.js';

/** The training set of one seed: real plus synthetic samples. */
export interface SeedTrainingSet {
  train: LabelledText[];
  /** How many of `train` are synthetic. */
  synthetic: number;
}

/** Options of {@link evaluateTextVariant}. */
export interface TextVariantOptions {
  name: string;
  /** Augmenter names applied, in order; empty for the baseline. */
  augmenters?: string[];
  seeds: readonly number[];
  test: readonly LabelledText[];
  /** Builds the training set of a seed; the same seed must give the same set. */
  buildTrainingSet(seed: number): Promise<SeedTrainingSet> | SeedTrainingSet;
  /** Classifier settings; `seed` is replaced by each run's seed. */
  classifier?: ClassifierConfigInput;
}

/** Test metrics reported per variant. */
export const TEXT_VARIANT_METRICS = ['accuracy', 'macroF1', 'macroPrecision', 'macroRecall'] as const;

/** Runs the variant once per seed; `metrics.test` holds accuracy and macro P/R/F1 summarised over seeds. */
export async function evaluateTextVariant(options: TextVariantOptions): Promise<VariantResult> {
  const values: Record<string, number[]> = Object.fromEntries(TEXT_VARIANT_METRICS.map((metric) => [metric, []]));
  const gold = options.test.map((sample) => sample.label);
  let trainSamples = 0;
  let syntheticSamples = 0;
  let trainSeconds = 0;
  for (const seed of options.seeds) {
    const set = await options.buildTrainingSet(seed);
    const model = trainTextClassifier(set.train, { ...options.classifier, seed });
    const predicted = options.test.map((sample) => model.predict(sample.text).label);
    const metrics = classificationMetrics(gold, predicted);
    for (const metric of TEXT_VARIANT_METRICS) values[metric].push(metrics[metric]);
    trainSamples += set.train.length;
    syntheticSamples += set.synthetic;
    trainSeconds += model.trainSeconds;
  }
  const count = Math.max(1, options.seeds.length);
  return {
    name: options.name,
    augmenters: options.augmenters ?? [],
    seeds: [...options.seeds],
    metrics: { test: Object.fromEntries(TEXT_VARIANT_METRICS.map((metric) => [metric, summarize(values[metric])])) },
    trainSamples: Math.round(trainSamples / count),
    syntheticSamples: Math.round(syntheticSamples / count),
    trainSeconds: trainSeconds / count,
  };
}
