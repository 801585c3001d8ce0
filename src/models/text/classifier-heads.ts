/**
 * The output layers of the text classifier: a linear softmax (fastText) and a one-hidden-layer
 * ReLU MLP. Each SGD step updates the head and accumulates the gradient of its input in place.
 */
import type { Rng } from '../../internal/rng.js';

/** An output layer over the averaged embedding. */
export interface ClassifierHead {
  /**
   * One SGD step on (input, target) with learning rate `lr`; adds `lr` times the negative loss
   * gradient with respect to `input` into `inputGradient` and returns the loss (nats). A sample
   * weight w comes in as `lr` times w: the step of w copies of the sample at the same parameters.
   */
  step(input: Float32Array, target: number, lr: number, inputGradient: Float32Array): number;
  /** Writes the softmax probabilities of `input` into `out`. */
  probabilities(input: Float32Array, out: Float32Array): void;
}

function softmaxInPlace(scores: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = Math.exp(scores[i] - max);
    sum += scores[i];
  }
  for (let i = 0; i < scores.length; i++) scores[i] /= sum;
}

function affine(weights: Float32Array, bias: Float32Array | undefined, input: Float32Array, inputSize: number, out: Float32Array): void {
  for (let o = 0; o < out.length; o++) {
    const base = o * inputSize;
    let sum = bias === undefined ? 0 : bias[o];
    for (let d = 0; d < inputSize; d++) sum += weights[base + d] * input[d];
    out[o] = sum;
  }
}

const NEGLIGIBLE_PROBABILITY = 1e-7;

// Cross-entropy of a probability that may underflow to 0.
const lossOf = (probability: number): number => -Math.log(Math.max(probability, 1e-12));

/** fastText's output: a zero-initialised label matrix without bias, softmax loss. */
export function createLinearHead(dim: number, labelCount: number): ClassifierHead {
  const weights = new Float32Array(labelCount * dim);
  const scores = new Float32Array(labelCount);
  return {
    step(input, target, lr, inputGradient) {
      affine(weights, undefined, input, dim, scores);
      softmaxInPlace(scores);
      const loss = lossOf(scores[target]);
      for (let label = 0; label < labelCount; label++) {
        // A label with probability below 1e-7 would move its weights by less than lr * 1e-7 per
        // coordinate; skipping it keeps updates sparse once the softmax is confident.
        if (label !== target && scores[label] < NEGLIGIBLE_PROBABILITY) continue;
        const alpha = lr * ((label === target ? 1 : 0) - scores[label]);
        const base = label * dim;
        for (let d = 0; d < dim; d++) {
          inputGradient[d] += alpha * weights[base + d];
          weights[base + d] += alpha * input[d];
        }
      }
      return loss;
    },
    probabilities(input, out) {
      affine(weights, undefined, input, dim, out);
      softmaxInPlace(out);
    },
  };
}

/** A ReLU hidden layer (Glorot-uniform initialisation) and a zero-initialised softmax layer. */
export function createMlpHead(dim: number, hiddenDim: number, labelCount: number, rng: Rng): ClassifierHead {
  const hiddenWeights = new Float32Array(hiddenDim * dim);
  const limit = Math.sqrt(6 / (dim + hiddenDim));
  for (let i = 0; i < hiddenWeights.length; i++) hiddenWeights[i] = (rng.float() * 2 - 1) * limit;
  const hiddenBias = new Float32Array(hiddenDim);
  const outputWeights = new Float32Array(labelCount * hiddenDim);
  const outputBias = new Float32Array(labelCount);
  const activations = new Float32Array(hiddenDim);
  const hiddenGradient = new Float32Array(hiddenDim);
  const scores = new Float32Array(labelCount);
  const forward = (input: Float32Array, out: Float32Array): void => {
    affine(hiddenWeights, hiddenBias, input, dim, activations);
    for (let h = 0; h < hiddenDim; h++) if (activations[h] < 0) activations[h] = 0;
    affine(outputWeights, outputBias, activations, hiddenDim, out);
    softmaxInPlace(out);
  };
  return {
    step(input, target, lr, inputGradient) {
      forward(input, scores);
      const loss = lossOf(scores[target]);
      hiddenGradient.fill(0);
      for (let label = 0; label < labelCount; label++) {
        const alpha = lr * ((label === target ? 1 : 0) - scores[label]);
        const base = label * hiddenDim;
        for (let h = 0; h < hiddenDim; h++) {
          hiddenGradient[h] += alpha * outputWeights[base + h];
          outputWeights[base + h] += alpha * activations[h];
        }
        outputBias[label] += alpha;
      }
      for (let h = 0; h < hiddenDim; h++) {
        if (activations[h] <= 0) continue;
        const alpha = hiddenGradient[h];
        const base = h * dim;
        for (let d = 0; d < dim; d++) {
          inputGradient[d] += alpha * hiddenWeights[base + d];
          hiddenWeights[base + d] += alpha * input[d];
        }
        hiddenBias[h] += alpha;
      }
      return loss;
    },
    probabilities: forward,
  };
}
