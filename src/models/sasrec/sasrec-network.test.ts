import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { packSasrecBatch } from './sasrec-batch.js';
import { createSasrecNetwork } from './sasrec-network.js';
import { createSasrecTensors, initialiseSasrecParameters, sasrecParameterCount, type SasrecDimensions } from './sasrec-parameters.js';

const dimensions: SasrecDimensions = { numItems: 7, hidden: 8, blocks: 2, heads: 2, maxLength: 4 };

describe('SASRec network backward', () => {
  it.each([
    ['gelu', 0.2, 0.3, 1e-2],
    // A smaller step keeps ReLU's kinks out of the difference interval.
    ['relu', 0, 0, 1e-3],
  ] as const)('matches finite differences for every tensor (%s, dropout %s / %s)', (activation, hiddenRate, attentionRate, step) => {
    const count = sasrecParameterCount(dimensions);
    const parameters = createSasrecTensors(dimensions, new Float32Array(count));
    const gradients = createSasrecTensors(dimensions, new Float32Array(count));
    // A wide init makes gradients large enough to stand out of float32 rounding.
    initialiseSasrecParameters(parameters, createRng(1), 0.4);
    const initRng = createRng(2);
    for (const block of parameters.blocks) {
      for (const view of [block.qkvBias, block.outputBias, block.feedForwardBias1, block.feedForwardBias2, block.attentionNormBias, block.outputNormGain]) {
        for (let i = 0; i < view.length; i++) view[i] += initRng.normal() * 0.3;
      }
    }
    const network = createSasrecNetwork(dimensions, parameters, gradients, activation);
    const batch = packSasrecBatch([Int32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(7, 2), Int32Array.of(3)], dimensions.maxLength);
    expect(Array.from(batch.positions.subarray(0, 7))).toEqual([0, 1, 2, 3, 2, 3, 3]);
    const tokens = 7;
    const weightRng = createRng(3);
    const weights = Float32Array.from({ length: tokens * dimensions.hidden }, () => weightRng.normal());
    const loss = (): number => {
      const output = network.forward(batch, { hidden: hiddenRate, attention: attentionRate, rng: createRng(4) });
      let sum = 0;
      for (let i = 0; i < weights.length; i++) sum += output[i] * weights[i];
      return sum;
    };
    loss();
    network.backward(weights);
    const sampler = createRng(5);
    // About 8 percent of all entries, drawn from every tensor of the layout.
    const indices = new Set<number>();
    for (let i = 0; i < count; i++) if (sampler.chance(0.08)) indices.add(i);
    let checked = 0;
    for (const i of indices) {
      const saved = parameters.buffer[i];
      parameters.buffer[i] = saved + step;
      const up = loss();
      parameters.buffer[i] = saved - step;
      const down = loss();
      parameters.buffer[i] = saved;
      const numeric = (up - down) / (2 * step);
      const analytic = gradients.buffer[i];
      expect(Math.abs(numeric - analytic), `parameter ${i}: numeric ${numeric}, analytic ${analytic}`).toBeLessThan(step / 2 + 3e-2 * Math.abs(numeric));
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // Padding row 0 and unused items get no gradient.
    expect(gradients.itemEmbedding.subarray(0, dimensions.hidden).every((v) => v === 0)).toBe(true);
  });
});

describe('SASRec mask token', () => {
  it('reads id numItems + 1 from its own row, with gradients that match finite differences, and leaves the other parameters as without it', () => {
    const withMask: SasrecDimensions = { ...dimensions, maskToken: true };
    const count = sasrecParameterCount(withMask);
    expect(count).toBe(sasrecParameterCount(dimensions) + dimensions.hidden);
    const parameters = createSasrecTensors(withMask, new Float32Array(count));
    const gradients = createSasrecTensors(withMask, new Float32Array(count));
    initialiseSasrecParameters(parameters, createRng(1), 0.4);
    const plain = createSasrecTensors(dimensions, new Float32Array(sasrecParameterCount(dimensions)));
    initialiseSasrecParameters(plain, createRng(1), 0.4);
    expect(parameters.buffer.subarray(0, plain.buffer.length)).toEqual(plain.buffer);
    const network = createSasrecNetwork(withMask, parameters, gradients);
    const mask = dimensions.numItems + 1;
    const batch = packSasrecBatch([Int32Array.of(1, mask, 3, mask), Int32Array.of(mask, 2)], dimensions.maxLength);
    const weightRng = createRng(3);
    const weights = Float32Array.from({ length: 6 * dimensions.hidden }, () => weightRng.normal());
    const loss = (): number => {
      const output = network.forward(batch);
      let sum = 0;
      for (let i = 0; i < weights.length; i++) sum += output[i] * weights[i];
      return sum;
    };
    loss();
    network.backward(weights);
    const maskGradient = gradients.maskEmbedding as Float32Array;
    expect(maskGradient.some((value) => value !== 0)).toBe(true);
    const step = 1e-2;
    const offset = count - dimensions.hidden;
    for (let j = 0; j < dimensions.hidden; j++) {
      const saved = parameters.buffer[offset + j];
      parameters.buffer[offset + j] = saved + step;
      const up = loss();
      parameters.buffer[offset + j] = saved - step;
      const down = loss();
      parameters.buffer[offset + j] = saved;
      const numeric = (up - down) / (2 * step);
      expect(Math.abs(numeric - maskGradient[j])).toBeLessThan(step / 2 + 3e-2 * Math.abs(numeric));
    }
  });
});
