/**
 * A fastText-style supervised text classifier in TypeScript (Joulin et al. 2017, "Bag of Tricks for
 * Efficient Text Classification"): the average of word, word n-gram and character n-gram embeddings,
 * then a linear softmax (`fasttext`) or one ReLU hidden layer and a softmax (`mlp`), trained by SGD
 * whose learning rate decays linearly to 0, with sparse updates of only the rows a text uses.
 */
import { classifierConfigSchema, type ClassifierConfig, type ClassifierConfigInput } from '../../config/classifier.js';
import { parseConfig } from '../../config/load.js';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { buildFeatureIndex, encodeText, type FeatureIndex } from './feature-index.js';
import { createLinearHead, createMlpHead, type ClassifierHead } from './classifier-heads.js';

/** One labelled training text. */
export interface LabelledText {
  text: string;
  label: string;
  /**
   * Sample weight, a finite number >= 0; default 1. It multiplies this text's SGD step (the
   * gradient of its loss) and its share of the reported loss; 0 leaves the text out altogether.
   */
  weight?: number;
}

/** A prediction: the most probable label and its probability. */
export interface TextPrediction {
  label: string;
  confidence: number;
}

/** A trained classifier. */
export interface TextClassifier {
  /** Labels in the order of probability vectors (sorted). */
  readonly labels: readonly string[];
  readonly config: ClassifierConfig;
  /** Mean training loss (cross-entropy, nats) of each epoch, weighted by sample weight. */
  readonly epochLosses: readonly number[];
  readonly trainSeconds: number;
  /** Probabilities of every label for `text`, in the order of `labels`. */
  predictProbabilities(text: string): Float32Array;
  predict(text: string): TextPrediction;
  predictBatch(texts: readonly string[]): TextPrediction[];
}

/**
 * Trains a classifier on `samples`; `options` follow the classifier config section (defaults:
 * fastText's `-wordNgrams 2 -epoch 25 -lr 0.5 -dim 100`). Examples are reshuffled every epoch from
 * the seed, so unlike fastText the result does not depend on the file's order.
 *
 * A sample's `weight` scales its learning rate, i.e. its loss gradient, without renormalising
 * (weights of mean 1 keep the usual step size); samples of weight 0 are dropped before anything
 * else, so they change nothing, and weight 1 everywhere trains exactly as without weights.
 */
export function trainTextClassifier(allSamples: readonly LabelledText[], options: ClassifierConfigInput = {}): TextClassifier {
  const config = parseConfig(classifierConfigSchema, options, 'classifier options');
  if (allSamples.length === 0) throw new SampleForgeError('E_TRAIN', 'trainTextClassifier: no training samples; give at least one labelled text');
  const samples = withPositiveWeight(allSamples);
  const started = performance.now();
  const labels = [...new Set(samples.map((sample) => sample.label))].sort();
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const { index, encoded } = buildFeatureIndex(
    samples.map((sample) => sample.text),
    { wordNgrams: config.wordNgrams, charNgramMin: config.charNgramMin, charNgramMax: config.charNgramMax, buckets: config.buckets },
    config.minCount,
  );
  const targets = Int32Array.from(samples, (sample) => labelIndex.get(sample.label) as number);
  const weights = Float64Array.from(samples, (sample) => sample.weight ?? 1);
  const weightSum = weights.reduce((total, weight) => total + weight, 0);
  const rng = createRng(config.seed);
  const dim = config.dim;
  const embeddings = new Float32Array(index.rowCount * dim);
  // fastText's input initialisation: uniform in [-1/dim, 1/dim].
  for (let i = 0; i < embeddings.length; i++) embeddings[i] = (rng.float() * 2 - 1) / dim;
  const head: ClassifierHead =
    config.model === 'mlp' ? createMlpHead(dim, config.hiddenDim, labels.length, rng.fork('mlp')) : createLinearHead(dim, labels.length);

  const hidden = new Float32Array(dim);
  const gradient = new Float32Array(dim);
  const order = Int32Array.from({ length: samples.length }, (_, i) => i);
  const orderRng = rng.fork('order');
  const total = config.epochs * samples.length;
  const epochLosses: number[] = [];
  let processed = 0;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = orderRng.int(i + 1);
      const swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    let lossSum = 0;
    for (let position = 0; position < order.length; position++) {
      const example = order[position];
      const lr = config.lr * (1 - processed / total);
      processed++;
      const start = encoded.offsets[example];
      const end = encoded.offsets[example + 1];
      if (end === start) continue;
      averageRows(embeddings, encoded.rows, start, end, dim, hidden);
      gradient.fill(0);
      const weight = weights[example];
      lossSum += weight * head.step(hidden, targets[example], lr * weight, gradient);
      const scale = 1 / (end - start);
      for (let k = start; k < end; k++) {
        const base = encoded.rows[k] * dim;
        for (let d = 0; d < dim; d++) embeddings[base + d] += gradient[d] * scale;
      }
    }
    epochLosses.push(lossSum / weightSum);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  return createPredictor(index, embeddings, head, labels, config, epochLosses, trainSeconds);
}

/** Checks the weights (finite, >= 0; E_DATA naming the sample) and drops the samples of weight 0. */
function withPositiveWeight(samples: readonly LabelledText[]): readonly LabelledText[] {
  let zero = 0;
  samples.forEach((sample, index) => {
    const weight = sample.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new SampleForgeError('E_DATA', `trainTextClassifier: sample ${index} has weight ${String(weight)}; a weight must be a finite number >= 0`, { details: { index, weight } });
    }
    if (weight === 0) zero++;
  });
  if (zero === 0) return samples;
  if (zero === samples.length) throw new SampleForgeError('E_DATA', `trainTextClassifier: all ${samples.length} samples have weight 0; give at least one a positive weight`, { details: { samples: samples.length } });
  return samples.filter((sample) => (sample.weight ?? 1) > 0);
}

function averageRows(embeddings: Float32Array, rows: ArrayLike<number>, start: number, end: number, dim: number, out: Float32Array): void {
  out.fill(0);
  for (let k = start; k < end; k++) {
    const base = rows[k] * dim;
    for (let d = 0; d < dim; d++) out[d] += embeddings[base + d];
  }
  const scale = 1 / (end - start);
  for (let d = 0; d < dim; d++) out[d] *= scale;
}

function createPredictor(
  index: FeatureIndex,
  embeddings: Float32Array,
  head: ClassifierHead,
  labels: string[],
  config: ClassifierConfig,
  epochLosses: number[],
  trainSeconds: number,
): TextClassifier {
  const hidden = new Float32Array(config.dim);
  const scratch: number[] = [];
  const predictProbabilities = (text: string): Float32Array => {
    const rows = encodeText(index, text, scratch);
    const probabilities = new Float32Array(labels.length);
    if (rows.length === 0) hidden.fill(0);
    else averageRows(embeddings, rows, 0, rows.length, config.dim, hidden);
    head.probabilities(hidden, probabilities);
    return probabilities;
  };
  const predict = (text: string): TextPrediction => {
    const probabilities = predictProbabilities(text);
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
    return { label: labels[best], confidence: probabilities[best] };
  };
  return {
    labels,
    config,
    epochLosses,
    trainSeconds,
    predictProbabilities,
    predict,
    predictBatch: (texts) => texts.map(predict),
  };
}
