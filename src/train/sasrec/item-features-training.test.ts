import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { createItemAttributes } from '../../models/sasrec/item-attributes.js';
import { createItemFeatureProjection, createItemFeatures, type ItemFeatures } from '../../models/sasrec/item-features.js';
import { createSasrecModel } from '../../models/sasrec/sasrec-model.js';
import { createSasrecTensors, initialiseSasrecParameters, sasrecParameterCount, type SasrecDimensions } from '../../models/sasrec/sasrec-parameters.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { trainSasrec, type TrainSasrecOptions } from './train-sasrec.js';
import { createTrainingStep } from './training-step.js';

// Items 1..7 with attributes 0..3 (as in the attribute test) and 6 feature columns in two blocks: a
// centred multi-hot of 4 columns (sparse residual) and 2 dense columns (say behaviour statistics).
const itemAttributes = createItemAttributes(7, 4, [undefined, [0, 1], [1], [2, 0], [3], [0, 2, 3], [1, 1, 2], []]);
/** The two blocks use the two kernels: the multi-hot's residual is sparse (5 of 28 entries), the other dense. */
function itemFeatures(learnedWeights: boolean): ItemFeatures {
  const rng = createRng(21);
  const hot = [[0], [1], [2], [3], [], [0], []];
  const values = new Float32Array(7 * 6);
  for (let row = 0; row < 7; row++) {
    for (let j = 0; j < 4; j++) values[row * 6 + j] = (hot[row].includes(j) ? 0.8 : 0) - 0.2;
    for (let j = 4; j < 6; j++) values[row * 6 + j] = rng.normal();
  }
  return createItemFeatures(7, 6, values, { blocks: [{ name: 'attributes', offset: 0, dim: 4 }, { name: 'behaviour', offset: 4, dim: 2 }], learnedWeights });
}

describe('item features in SASRec training', () => {
  it.each([
    ['bce', false],
    ['ce', false],
    ['bce', true],
    ['ce', true],
  ] as const)('gives loss gradients that match finite differences for the projection, the block weights, items and attributes (%s, learned weights %s)', (loss, learned) => {
    const features = itemFeatures(learned);
    expect(createItemFeatureProjection(features, 8).kernels).toEqual(['sparse', 'dense']);
    const dimensions: SasrecDimensions = { numItems: 7, hidden: 8, blocks: 1, heads: 2, maxLength: 5, attributes: 4, features: 6, ...(learned ? { featureBlocks: 2 } : {}) };
    const count = sasrecParameterCount(dimensions);
    const parameters = createSasrecTensors(dimensions, new Float32Array(count));
    const gradients = createSasrecTensors(dimensions, new Float32Array(count));
    // A wide init makes gradients large enough to stand out of float32 rounding.
    initialiseSasrecParameters(parameters, createRng(1), 0.4);
    if (parameters.featureGate !== undefined) parameters.featureGate.set([0.3, -0.4]);
    const step = createTrainingStep(dimensions, parameters, gradients, { loss, negatives: 2, dropout: 0, attentionDropout: 0, activation: 'gelu', itemAttributes, itemFeatures: features });
    const samples = [Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(6, 2, 7), Int32Array.of(3, 5)];
    // Fresh streams per evaluation, so every call draws the same negatives.
    const random = () => ({ negatives: createRng(2), dropout: createRng(3), views: createRng(4) });
    gradients.buffer.fill(0);
    step(samples, random());
    const analytic = Float32Array.from(gradients.buffer);
    const lossAt = (): number => step(samples, random()).main;
    const h = dimensions.hidden;
    const projectionStart = count - 6 * h - (learned ? 2 : 0);
    const sampler = createRng(5);
    const probes = [
      // Rows of both blocks of W (sparse and dense kernels).
      ...Array.from({ length: 16 }, () => projectionStart + sampler.int(6 * h)),
      // Item rows with and without attributes, an attribute row, and a network weight.
      ...[2, 5, 7].map((item) => item * h + sampler.int(h)),
      projectionStart - 4 * h + sampler.int(4 * h),
      (dimensions.numItems + 1 + dimensions.maxLength) * h + 2 * h + 5,
      ...(learned ? [count - 2, count - 1] : []),
    ];
    const stepSize = 1e-2;
    for (const index of probes) {
      const saved = parameters.buffer[index];
      parameters.buffer[index] = saved + stepSize;
      const up = lossAt();
      parameters.buffer[index] = saved - stepSize;
      const down = lossAt();
      parameters.buffer[index] = saved;
      const numeric = (up - down) / (2 * stepSize);
      expect(Math.abs(numeric - analytic[index]), `parameter ${index}: numeric ${numeric}, analytic ${analytic[index]}`).toBeLessThan(2e-3 + 3e-2 * Math.abs(numeric));
    }
    expect(analytic.subarray(projectionStart, projectionStart + 4 * h).some((value) => value !== 0)).toBe(true);
    expect(analytic.subarray(projectionStart + 4 * h, projectionStart + 6 * h).some((value) => value !== 0)).toBe(true);
    if (learned) expect(analytic[count - 1]).not.toBe(0);
  });

  it('trains deterministically by seed, differently from the model without features, and reports the learned block weights', async () => {
    const rng = createRng(6);
    const train = Array.from({ length: 30 }, () => Int32Array.from({ length: 6 }, () => 1 + rng.int(7)));
    const data: LeaveOneOutData = { numItems: 7, train, validTarget: Int32Array.from(train, () => 1 + rng.int(7)), testTarget: Int32Array.from(train, () => 1 + rng.int(7)) };
    const options: TrainSasrecOptions = { seed: 3, hidden: 8, blocks: 1, heads: 2, maxLength: 6, batchSize: 8, epochs: 2, patience: 10, dropout: 0.2, attentionDropout: 0.2 };
    const trained = async (extra: Partial<TrainSasrecOptions>) => {
      const { model } = await trainSasrec(data, { ...options, ...extra });
      const out = new Float32Array(train.length * 8);
      model.scoreBatch(Int32Array.from(train.keys()), train, out);
      return { scores: out, weights: model.featureWeights };
    };
    const first = await trained({ itemFeatures: itemFeatures(true) });
    expect((await trained({ itemFeatures: itemFeatures(true) })).scores).toEqual(first.scores);
    expect((await trained({ itemFeatures: itemFeatures(true), seed: 4 })).scores).not.toEqual(first.scores);
    expect((await trained({})).scores).not.toEqual(first.scores);
    expect((await trained({ itemFeatures: itemFeatures(false) })).scores).not.toEqual(first.scores);
    expect(first.weights.map((entry) => entry.name)).toEqual(['attributes', 'behaviour']);
    // Learned weights moved from their start (1 each) and still sum to the number of blocks.
    expect(first.weights[0].weight).not.toBe(1);
    expect(first.weights[0].weight + first.weights[1].weight).toBeCloseTo(2, 6);
    const withAttributes = await trained({ itemFeatures: itemFeatures(false), itemAttributes });
    expect(withAttributes.weights).toEqual([{ name: 'attributes', weight: 1 }, { name: 'behaviour', weight: 1 }]);
  });

  it('asks for the item features when a model was trained with them', () => {
    const dimensions: SasrecDimensions = { numItems: 7, hidden: 8, blocks: 1, heads: 2, maxLength: 5, features: 6, featureBlocks: 2 };
    const parameters = new Float32Array(sasrecParameterCount(dimensions));
    expect(() => createSasrecModel(dimensions, parameters)).toThrow(/trained with 6-column item features in 2 learned blocks; pass the same item features/);
    expect(() => createSasrecModel(dimensions, parameters, 'gelu', { features: itemFeatures(false) })).toThrow(/pass the same item features/);
    const model = createSasrecModel(dimensions, parameters, 'gelu', { features: itemFeatures(true) });
    expect(model.itemVectors).toHaveLength(8 * 8);
    expect(model.featureWeights).toEqual([{ name: 'attributes', weight: 1 }, { name: 'behaviour', weight: 1 }]);
  });
});
