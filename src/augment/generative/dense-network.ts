/**
 * Fully connected layers over one flat float32 parameter buffer (so one Adam state covers a whole
 * model), run a batch at a time through the project's matrix kernel. Weights are `inputs x outputs`,
 * row-major: a layer computes `y = x W + b`, then ReLU (or leaky ReLU) unless it is a stack's last layer.
 */
import { accumulateBiasGradient, addBias, gemm, transpose } from '../../models/kernels/gemm.js';
import type { Rng } from '../../internal/rng.js';

export interface DenseLayer {
  inputs: number;
  outputs: number;
  /** Offset of the weights in the parameter buffer. */
  weights: number;
  /** Offset of the bias. */
  bias: number;
  relu: boolean;
  /** Slope of the rectifier below zero: 0 for ReLU, 0.2 for CTGAN's critic; default 0. */
  leak?: number;
}

/**
 * Layers of sizes `[in, h1, ..., out]` placed from `start` in the parameter buffer; the last is
 * linear, the others rectified with slope `leak` below zero (default 0, plain ReLU).
 */
export function planDenseStack(sizes: readonly number[], start: number, leak = 0): { layers: DenseLayer[]; end: number } {
  const layers: DenseLayer[] = [];
  let offset = start;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [inputs, outputs] = [sizes[l], sizes[l + 1]];
    layers.push({ inputs, outputs, weights: offset, bias: offset + inputs * outputs, relu: l + 2 < sizes.length, ...(leak === 0 ? {} : { leak }) });
    offset += inputs * outputs + outputs;
  }
  return { layers, end: offset };
}

/** PyTorch's `nn.Linear` initialisation: weights and biases uniform in ±1/sqrt(inputs). */
export function initialiseDenseStack(parameters: Float32Array, layers: readonly DenseLayer[], rng: Rng): void {
  for (const layer of layers) {
    const bound = 1 / Math.sqrt(layer.inputs);
    const end = layer.bias + layer.outputs;
    for (let i = layer.weights; i < end; i++) parameters[i] = (rng.float() * 2 - 1) * bound;
  }
}

/**
 * Runs `input` (`batch x layers[0].inputs`) through the stack; `outputs[l]` receives layer l's
 * activations (after ReLU where there is one) and must hold `batch x outputs` values. `masks[l]`,
 * when given, multiplies layer l's activations (dropout: 0 or `1 / (1 - rate)` per unit).
 */
export function denseForward(parameters: Float32Array, layers: readonly DenseLayer[], input: Float32Array, batch: number, outputs: Float32Array[], masks?: readonly (Float32Array | undefined)[]): Float32Array {
  let x = input;
  layers.forEach((layer, l) => {
    const y = outputs[l];
    gemm(x, parameters.subarray(layer.weights, layer.bias), y, batch, layer.inputs, layer.outputs);
    addBias(y, parameters.subarray(layer.bias, layer.bias + layer.outputs), batch, layer.outputs);
    if (layer.relu) {
      const leak = layer.leak ?? 0;
      for (let i = 0; i < batch * layer.outputs; i++) if (y[i] < 0) y[i] = leak === 0 ? 0 : y[i] * leak;
    }
    const mask = masks?.[l];
    if (mask !== undefined) for (let i = 0; i < batch * layer.outputs; i++) y[i] *= mask[i];
    x = y;
  });
  return x;
}

/**
 * Back-propagates `dOutput` (the loss gradient at the last layer's output) through the stack,
 * adding parameter gradients into `gradients`; writes the gradient at the input into `dInput`
 * when given. `dOutput` is overwritten; `masks` must be those of the forward pass.
 */
export function denseBackward(
  parameters: Float32Array,
  gradients: Float32Array,
  layers: readonly DenseLayer[],
  input: Float32Array,
  outputs: readonly Float32Array[],
  dOutput: Float32Array,
  batch: number,
  dInput?: Float32Array,
  masks?: readonly (Float32Array | undefined)[],
): void {
  let dy = dOutput;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    const y = outputs[l];
    const mask = masks?.[l];
    if (mask !== undefined) for (let i = 0; i < batch * layer.outputs; i++) dy[i] *= mask[i];
    // A leaky rectifier keeps the sign, so the activation tells which side of the kink each unit was on.
    if (layer.relu) {
      const leak = layer.leak ?? 0;
      for (let i = 0; i < batch * layer.outputs; i++) if (y[i] <= 0) dy[i] = leak === 0 ? 0 : dy[i] * leak;
    }
    const x = l === 0 ? input : outputs[l - 1];
    const xT = new Float32Array(layer.inputs * batch);
    transpose(x, xT, batch, layer.inputs);
    gemm(xT, dy, gradients.subarray(layer.weights, layer.bias), layer.inputs, batch, layer.outputs, true);
    accumulateBiasGradient(dy, gradients.subarray(layer.bias, layer.bias + layer.outputs), batch, layer.outputs);
    if (l === 0 && dInput === undefined) break;
    const weightsT = new Float32Array(layer.inputs * layer.outputs);
    transpose(parameters.subarray(layer.weights, layer.bias), weightsT, layer.inputs, layer.outputs);
    const dx = l === 0 && dInput !== undefined ? dInput : new Float32Array(batch * layer.inputs);
    gemm(dy, weightsT, dx, batch, layer.outputs, layer.inputs);
    dy = dx;
  }
}

/** `[left | right]` row by row: `batch x (leftWidth + rightWidth)` (a condition vector beside each row, as conditional VAEs and GANs feed their networks). */
export function concatenateRows(left: Float32Array, leftWidth: number, right: Float32Array, rightWidth: number, batch: number): Float32Array {
  const width = leftWidth + rightWidth;
  const out = new Float32Array(batch * width);
  for (let r = 0; r < batch; r++) {
    out.set(left.subarray(r * leftWidth, (r + 1) * leftWidth), r * width);
    if (rightWidth > 0) out.set(right.subarray(r * rightWidth, (r + 1) * rightWidth), r * width + leftWidth);
  }
  return out;
}
