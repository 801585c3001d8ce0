/**
 * The two networks of the tabular GAN and their losses with exact gradients: the generator's
 * forward pass with per-block output activations, the WGAN-GP critic loss (Gulrajani et al. 2017)
 * over PacGAN packs, whose gradient penalty needs the derivative of the critic's input gradient
 * with respect to its weights (a double backward, written out below), and the generator loss
 * (critic score plus CTGAN's cross-entropy on the conditioned column). The critic may drop units
 * out (CTGAN's 0.5) with masks drawn per pass.
 */
import { gemm, transpose } from '../../models/kernels/gemm.js';
import type { Rng } from '../../internal/rng.js';
import { concatenateRows, denseBackward, denseForward, initialiseDenseStack, planDenseStack, type DenseLayer } from './dense-network.js';
import type { GanEncoding } from './gan-encoding.js';

/** Generator and critic, each over its own flat parameter buffer (each has its own Adam state). */
export interface GanNetwork {
  generatorParameters: Float32Array;
  generator: DenseLayer[];
  criticParameters: Float32Array;
  critic: DenseLayer[];
  /** Width of the generator's noise input. */
  noise: number;
  /** Width of the condition vector. */
  conditionWidth: number;
  /** Rows per critic input (PacGAN). */
  pac: number;
}

/** CTGAN's slope of the critic's leaky ReLU. */
export const CRITIC_LEAK = 0.2;

export interface GanNetworkShape {
  noise: number;
  conditionWidth: number;
  pac: number;
  generatorHidden: readonly number[];
  criticHidden: readonly number[];
}

/** Generator `[noise | condition] -> hidden (ReLU) -> encoded row` and critic `pac x [row | condition] -> hidden (leaky ReLU) -> 1`. */
export function createGanNetwork(encoding: GanEncoding, shape: GanNetworkShape, rng: Rng): GanNetwork {
  const generator = planDenseStack([shape.noise + shape.conditionWidth, ...shape.generatorHidden, encoding.width], 0);
  const critic = planDenseStack([shape.pac * (encoding.width + shape.conditionWidth), ...shape.criticHidden, 1], 0, CRITIC_LEAK);
  const network: GanNetwork = {
    generatorParameters: new Float32Array(generator.end),
    generator: generator.layers,
    criticParameters: new Float32Array(critic.end),
    critic: critic.layers,
    noise: shape.noise,
    conditionWidth: shape.conditionWidth,
    pac: shape.pac,
  };
  initialiseDenseStack(network.generatorParameters, network.generator, rng.fork('generator'));
  initialiseDenseStack(network.criticParameters, network.critic, rng.fork('critic'));
  return network;
}

const buffers = (layers: readonly DenseLayer[], batch: number): Float32Array[] => layers.map((layer) => new Float32Array(batch * layer.outputs));

/** Dropout in the critic's hidden layers (CTGAN: 0.5): the rate and the source of the masks. */
export interface CriticDropout {
  rate: number;
  rng: Rng;
}

/** Fresh dropout masks for one critic pass over `packs` inputs (none for the output layer, or without dropout). */
function dropoutMasks(layers: readonly DenseLayer[], packs: number, dropout: CriticDropout | undefined): (Float32Array | undefined)[] {
  return layers.map((layer) => {
    if (dropout === undefined || dropout.rate === 0 || !layer.relu) return undefined;
    const keep = 1 / (1 - dropout.rate);
    return Float32Array.from({ length: packs * layer.outputs }, () => (dropout.rng.float() < dropout.rate ? 0 : keep));
  });
}

/** One generator pass: its input, layer activations, raw output (logits) and activated output. */
export interface GeneratorPass {
  input: Float32Array;
  outputs: Float32Array[];
  logits: Float32Array;
  activated: Float32Array;
}

/**
 * Runs the generator on `noise` (`batch x noise`) and `conditions`; tanh on scalar blocks and, on
 * one-hot blocks, the Gumbel-softmax `softmax((logits + gumbel) / temperature)` (Jang et al. 2017)
 * when `gumbel` (`batch x width` standard Gumbel draws) is given, else the plain softmax.
 */
export function generatorForward(network: GanNetwork, encoding: GanEncoding, noise: Float32Array, conditions: Float32Array, gumbel: Float32Array | undefined, temperature: number, batch: number): GeneratorPass {
  const input = concatenateRows(noise, network.noise, conditions, network.conditionWidth, batch);
  const outputs = buffers(network.generator, batch);
  const logits = denseForward(network.generatorParameters, network.generator, input, batch, outputs);
  const width = encoding.width;
  const activated = new Float32Array(batch * width);
  for (let r = 0; r < batch; r++) {
    const row = r * width;
    for (const block of encoding.blocks) {
      if (block.kind === 'tanh') {
        activated[row + block.offset] = Math.tanh(logits[row + block.offset]);
        continue;
      }
      const scale = gumbel === undefined ? 1 : 1 / temperature;
      let top = -Infinity;
      for (let k = 0; k < block.size; k++) {
        const i = row + block.offset + k;
        activated[i] = (logits[i] + (gumbel === undefined ? 0 : gumbel[i])) * scale;
        top = Math.max(top, activated[i]);
      }
      let total = 0;
      for (let k = 0; k < block.size; k++) total += (activated[row + block.offset + k] = Math.exp(activated[row + block.offset + k] - top));
      for (let k = 0; k < block.size; k++) activated[row + block.offset + k] /= total;
    }
  }
  return { input, outputs, logits, activated };
}

/**
 * The WGAN-GP critic loss over packs: `mean D(fake) - mean D(real) + penalty * mean (|grad_x D(x^)| - 1)^2`
 * at `x^ = alpha real + (1 - alpha) fake`, one `alpha` per pack. Inputs are `packs x critic.inputs`.
 * Adds the gradient of every critic parameter into `gradients`; returns the loss and the penalty term.
 */
export function criticLoss(
  network: GanNetwork,
  real: Float32Array,
  fake: Float32Array,
  alphas: Float32Array,
  penalty: number,
  packs: number,
  gradients: Float32Array,
  dropout?: CriticDropout,
): { loss: number; penalty: number } {
  const { criticParameters: parameters, critic: layers } = network;
  let loss = 0;
  for (const [input, sign] of [[real, -1], [fake, 1]] as const) {
    const outputs = buffers(layers, packs);
    const masks = dropoutMasks(layers, packs, dropout);
    const score = denseForward(parameters, layers, input, packs, outputs, masks);
    for (let p = 0; p < packs; p++) loss += (sign * score[p]) / packs;
    denseBackward(parameters, gradients, layers, input, outputs, new Float32Array(packs).fill(sign / packs), packs, undefined, masks);
  }
  if (penalty === 0) return { loss, penalty: 0 };
  const inputs = layers[0].inputs;
  const mixed = new Float32Array(packs * inputs);
  for (let p = 0; p < packs; p++) {
    for (let i = p * inputs; i < (p + 1) * inputs; i++) mixed[i] = alphas[p] * real[i] + (1 - alphas[p]) * fake[i];
  }
  const penaltyLoss = gradientPenalty(network, mixed, penalty, packs, gradients, dropoutMasks(layers, packs, dropout)).penalty;
  return { loss: loss + penaltyLoss, penalty: penaltyLoss };
}

/**
 * The gradient penalty `weight * mean over packs (|grad_x D(x)| - 1)^2` at `input` (`packs x
 * critic.inputs`) with the given dropout masks; adds its parameter gradients into `gradients`.
 * Returns the penalty and the critic's input gradient `grad_x D` (for tests).
 *
 * For a leaky-ReLU MLP the input gradient is a product of the weights and the fixed (almost
 * everywhere) slopes of the units, `g_0 = e_0 W_0^T` with `e_l = (e_{l+1} W_{l+1}^T) * s_l` and
 * `e_last = 1`; it is linear in each weight matrix, so back-propagating through that chain (biases
 * do not enter it) gives the exact double backward.
 */
export function gradientPenalty(
  network: GanNetwork,
  input: Float32Array,
  weight: number,
  packs: number,
  gradients: Float32Array,
  masks: readonly (Float32Array | undefined)[] = [],
): { penalty: number; inputGradient: Float32Array } {
  const { criticParameters: parameters, critic: layers } = network;
  const inputs = layers[0].inputs;
  const outputs = buffers(layers, packs);
  denseForward(parameters, layers, input, packs, outputs, masks);
  const last = layers.length - 1;
  // Dropout masks are fixed multipliers of the units, like the slopes, so they join them.
  const slopes = layers.map((layer, l) => {
    const slope = masks[l]?.slice() ?? new Float32Array(packs * layer.outputs).fill(1);
    if (layer.relu) for (let i = 0; i < slope.length; i++) if (outputs[l][i] <= 0) slope[i] *= layer.leak ?? 0;
    return slope;
  });
  const transposed = layers.map((layer) => {
    const out = new Float32Array(layer.inputs * layer.outputs);
    transpose(parameters.subarray(layer.weights, layer.bias), out, layer.inputs, layer.outputs);
    return out;
  });
  // e[l]: gradient of the score at layer l's pre-activation; g[l]: at layer l's input.
  const e: Float32Array[] = new Array(layers.length);
  const g: Float32Array[] = new Array(layers.length);
  e[last] = new Float32Array(packs * layers[last].outputs).fill(1);
  for (let l = last; l >= 0; l--) {
    g[l] = new Float32Array(packs * layers[l].inputs);
    gemm(e[l], transposed[l], g[l], packs, layers[l].outputs, layers[l].inputs);
    if (l > 0) {
      e[l - 1] = new Float32Array(packs * layers[l - 1].outputs);
      for (let i = 0; i < e[l - 1].length; i++) e[l - 1][i] = g[l][i] * slopes[l - 1][i];
    }
  }
  let penaltyLoss = 0;
  let dg = new Float32Array(packs * inputs);
  for (let p = 0; p < packs; p++) {
    let squared = 0;
    for (let i = p * inputs; i < (p + 1) * inputs; i++) squared += g[0][i] * g[0][i];
    const norm = Math.sqrt(squared);
    penaltyLoss += (weight * (norm - 1) ** 2) / packs;
    const factor = (2 * weight * (norm - 1)) / (packs * Math.max(norm, 1e-12));
    for (let i = p * inputs; i < (p + 1) * inputs; i++) dg[i] = factor * g[0][i];
  }
  for (let l = 0; l <= last; l++) {
    const layer = layers[l];
    // g[l] = e[l] W^T, so dW += dg^T e[l] and de[l] = dg W.
    const dgT = new Float32Array(layer.inputs * packs);
    transpose(dg, dgT, packs, layer.inputs);
    gemm(dgT, e[l], gradients.subarray(layer.weights, layer.bias), layer.inputs, packs, layer.outputs, true);
    if (l === last) break;
    const de = new Float32Array(packs * layer.outputs);
    gemm(dg, parameters.subarray(layer.weights, layer.bias), de, packs, layer.inputs, layer.outputs);
    for (let i = 0; i < de.length; i++) de[i] *= slopes[l][i];
    dg = de;
  }
  return { penalty: penaltyLoss, inputGradient: g[0] };
}

/** The conditioned column of each generated row: the offset and size of its block and the asked category (-1: none). */
export interface ConditionChoice {
  offset: Int32Array;
  size: Int32Array;
  category: Int32Array;
}

/**
 * The generator loss of one batch: `-mean D(pack([G(z, c) | c]))` plus CTGAN's cross-entropy between
 * the generated logits of each row's conditioned column and the asked category (mean over rows).
 * Adds the generator's parameter gradients into `gradients` (the critic is held fixed); returns the loss.
 */
export function generatorLoss(
  network: GanNetwork,
  encoding: GanEncoding,
  noise: Float32Array,
  conditions: Float32Array,
  choice: ConditionChoice,
  gumbel: Float32Array,
  temperature: number,
  batch: number,
  gradients: Float32Array,
  dropout?: CriticDropout,
): number {
  const width = encoding.width;
  const conditionWidth = network.conditionWidth;
  const pass = generatorForward(network, encoding, noise, conditions, gumbel, temperature, batch);
  const packs = batch / network.pac;
  const criticInput = concatenateRows(pass.activated, width, conditions, conditionWidth, batch);
  const criticOutputs = buffers(network.critic, packs);
  const masks = dropoutMasks(network.critic, packs, dropout);
  const score = denseForward(network.criticParameters, network.critic, criticInput, packs, criticOutputs, masks);
  let loss = 0;
  for (let p = 0; p < packs; p++) loss -= score[p] / packs;
  const dCriticInput = new Float32Array(batch * (width + conditionWidth));
  const unused = new Float32Array(network.criticParameters.length);
  denseBackward(network.criticParameters, unused, network.critic, criticInput, criticOutputs, new Float32Array(packs).fill(-1 / packs), packs, dCriticInput, masks);

  const dLogits = new Float32Array(batch * width);
  for (let r = 0; r < batch; r++) {
    const row = r * width;
    const dRow = r * (width + conditionWidth);
    for (const block of encoding.blocks) {
      if (block.kind === 'tanh') {
        const y = pass.activated[row + block.offset];
        dLogits[row + block.offset] = dCriticInput[dRow + block.offset] * (1 - y * y);
        continue;
      }
      let dot = 0;
      for (let k = 0; k < block.size; k++) dot += pass.activated[row + block.offset + k] * dCriticInput[dRow + block.offset + k];
      for (let k = 0; k < block.size; k++) {
        const y = pass.activated[row + block.offset + k];
        dLogits[row + block.offset + k] = (y * (dCriticInput[dRow + block.offset + k] - dot)) / temperature;
      }
    }
    const category = choice.category[r];
    if (category < 0) continue;
    const from = row + choice.offset[r];
    const size = choice.size[r];
    let top = -Infinity;
    for (let k = 0; k < size; k++) top = Math.max(top, pass.logits[from + k]);
    let total = 0;
    for (let k = 0; k < size; k++) total += Math.exp(pass.logits[from + k] - top);
    loss += (Math.log(total) + top - pass.logits[from + category]) / batch;
    for (let k = 0; k < size; k++) dLogits[from + k] += (Math.exp(pass.logits[from + k] - top) / total - (k === category ? 1 : 0)) / batch;
  }
  denseBackward(network.generatorParameters, gradients, network.generator, pass.input, pass.outputs, dLogits, batch);
  return loss;
}
